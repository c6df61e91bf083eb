// The main process's limits, in one place: the hello call reports them to the
// UI, and the services enforce them.
import { MAX_READ_LENGTH } from '../../src-shared/contract';

/** Children one launchReaders call may start. */
export const MAX_BATCH = 50;
/** Children that may run at once, across every window. */
export const MAX_CONCURRENT_CHILDREN = 64;
/** A child still running after this is killed (timedOut: true). */
export const CHILD_TIMEOUT_MS = 10_000;
/** stdout and stderr are each kept up to this many bytes. */
export const CHILD_OUTPUT_LIMIT = 64 * 1024;
/** Finished children kept for listChildren; the oldest are forgotten past it. */
export const MAX_FINISHED_CHILDREN = 500;
/** One write call carries at most this many bytes (the same cap as a read). */
export const MAX_WRITE_LENGTH = MAX_READ_LENGTH;
/** Client ids (window or tab) are short tokens. */
export const MAX_CLIENT_ID_LENGTH = 128;
/**
 * Characters of a number value (Find's number pattern, a value scan's value,
 * min, max or by), counted before the text is trimmed or parsed: BigInt and
 * Number parse in time that grows faster than the text (4,000,000 digits took
 * 6.3 s, the host answering nothing meanwhile). The longest legal literal,
 * "-0x8000000000000000", "18446744073709551615" or "-2.2250738585072014e-308",
 * is at most 24; 64 leaves room for spaces and leading zeros.
 */
export const MAX_NUMBER_TEXT_LENGTH = 64;
/**
 * Characters of Find's hex or text pattern, counted before it is parsed or
 * encoded: the pattern is at most MAX_PATTERN_BYTES (4096) bytes, and the
 * widest way to type a byte, "0xDE, ", takes 6 characters.
 */
export const MAX_PATTERN_TEXT_LENGTH = 32 * 1024;
/**
 * Characters of one exportHistory page's text (its JSON Lines are ASCII, so
 * bytes too): well under the browser host's 4 MiB body even once the page is
 * JSON-escaped. A count of lines alone let one page of 64 KiB changes reach
 * 124 MiB. Each page has at least one line.
 */
export const MAX_EXPORT_PAGE_BYTES = 2 * 1024 * 1024;
/**
 * Bytes of a change one export line carries: a larger change (one run may be
 * a whole 1 MiB watched range) is split into lines of consecutive pieces, same
 * time, adjacent offsets, so one line (hex of both sides) stays near 1 MiB.
 */
export const MAX_EXPORT_LINE_CHANGE_BYTES = 256 * 1024;
/** Blocks one host keeps open at once (across every window); openBlock past it is ERR_BLOCK_LIMIT. */
export const MAX_OPEN_BLOCKS = 256;
/** Event streams (tabs) the browser host serves at once; one more is refused with 429 and ERR_STREAM_LIMIT. */
export const MAX_EVENT_STREAMS = 64;
/**
 * Finds, scan steps and digests that run at once, host-wide. Each holds one
 * of libuv's four pool threads (UV_THREADPOOL_SIZE) while a chunk is worked
 * on; two leave the others to listBlocks, file reads and the browser host's
 * pages, so the UI answers while six windows search (issue 19, item 7).
 */
export const MAX_HEAVY_JOBS = 2;
/** Heavy jobs waiting for a slot, host-wide; one more is refused with ERR_JOB_LIMIT. */
export const MAX_WAITING_HEAVY_JOBS = 16;
/** Value-scan sessions held at once, host-wide (client ids are chosen by callers); ERR_SCAN_LIMIT past it. */
export const MAX_SCAN_SESSIONS = 16;
/**
 * Native memory the value scans may hold together, host-wide (ERR_SCAN_LIMIT
 * past it). Each session reserves, when its first scan starts, what its
 * largest pass can hold: twice the dense form, 2 x (size + size/step/8)
 * (scan-sessions.ts scanReservation). So an every-byte u8 scan of 256 MiB
 * reserves 576 MiB, and the largest block one session may scan that way is
 * about 680 MiB. Six ids each scanning 256 MiB used to take a host from 51
 * to 2,049 MiB.
 */
export const MAX_SCAN_MEMORY_BYTES = 1536 * 1024 * 1024;
/**
 * A client that holds scan sessions but has never opened an event stream
 * (a script calling /api directly) gives them up after this long idle.
 */
export const IDLE_SCAN_RELEASE_MS = 60_000;
/** How often the block monitor looks for unlinked names and busy locks of watched blocks, ms. */
export const BLOCK_MONITOR_MS = 500;
/**
 * The same while every window of every watched block is hidden (setVisibility):
 * nobody sees its reports, so the host wakes less; showing a window brings
 * back BLOCK_MONITOR_MS at once. A lock is still reported busy after two
 * failed probes in a row (then 4 s apart).
 */
export const BLOCK_MONITOR_HIDDEN_MS = 2000;
/**
 * A client (window or tab) gone this long gives up the blocks it opened; one
 * back before then (an event stream that dropped and reconnected) keeps them,
 * so a network blip never closes the only view of an unlinked block.
 */
export const CLIENT_RELEASE_GRACE_MS = 30_000;
/**
 * The longest listBlocks filter pattern, in UTF-16 units. A name is at most 255
 * bytes, and the glob matcher's cost is bounded by name length × pattern
 * length, so this keeps one entry's match within a few hundred thousand steps.
 */
export const MAX_FILTER_LENGTH = 1024;
/**
 * Cancellable calls (finds, scan steps, digests) one client may have in flight
 * with a request id, each holding an entry in the host's cancel table; one
 * more is refused with ERR_JOB_LIMIT. The heavy-jobs queue admits 18 at once
 * host-wide, so a window never needs more than that.
 */
export const MAX_CANCELLABLE_CALLS_PER_CLIENT = 32;
/**
 * Clients whose event subscriptions the host keeps. A client may subscribe
 * before its event stream opens; when the table is full the oldest client
 * without a stream loses its subscriptions (it sends them again when its
 * stream opens), and if every one has a stream the subscribe is refused with
 * ERR_STREAM_LIMIT. Four times the browser host's MAX_EVENT_STREAMS.
 */
export const MAX_SUBSCRIBED_CLIENTS = 256;
/**
 * Cancels that named no running call, remembered because over HTTP a cancel
 * can overtake its call (the call then starts cancelled): the newest few per
 * client, for the most recent clients; older ones are forgotten.
 */
export const MAX_EARLY_CANCELS_PER_CLIENT = 8;
export const MAX_EARLY_CANCEL_CLIENTS = 256;
/**
 * Blocks up to this size have whole-block history: while any window watches
 * such a block and some of it is off screen, a second native watcher
 * (history-offscreen.ts) compares it whole, so the History records changes
 * off screen too. Larger blocks record the watched rows only, and the History
 * panel says so.
 *
 * Why 1 MiB: every poll copies and compares everything it covers. Measured on
 * the 2-core dev machine (load average 12 from other builds, so noisy): one
 * poll of 1 MiB took 79 to 232 µs against a memcpy plus memcmp of 1 MiB of 71
 * to 305 µs, i.e. that floor. At the fast watcher's 250 polls a second an idle
 * 1 MiB block cost 4.4 to 7.8 % of a core (1.1 % with the window's 4 KiB
 * only), hence the slow second watcher: host CPU of an idle watched 1 MiB
 * block over 5 s went from 0.57 to 1.11 % (median 0.9) to 0.88 to 1.95 %
 * (median 1.28). 4 MiB would cost four times as much, all the time.
 * Memory: one snapshot of the block (1 MiB) in the second native watcher, and
 * per change the same as a watched row's (its bytes twice plus
 * CHANGE_OVERHEAD, 256) within the block's history budget (64 MiB default).
 */
export const WHOLE_BLOCK_HISTORY_MAX_BYTES = 1024 * 1024;
/**
 * Blocks up to this size, watched by some window, are compared whole by the
 * fast watcher itself: no second watcher, no thread waking ten times a second
 * for the rows off screen (the idle host's largest cost after the frame poll).
 * The whole compare adds a copy and a memcmp of at most 16 KiB to each poll,
 * under a microsecond, where a wake of a second thread costs about 40 µs. The
 * History then records off-screen changes with the on-screen resolution.
 * Above this size the second watcher (OFFSCREEN_POLL_MS) compares the rest.
 */
export const FAST_WHOLE_BLOCK_MAX_BYTES = 16 * 1024;
/**
 * How often whole-block history compares a block's rows no window shows, ms
 * (a write through our library wakes it at once). Changes a foreign writer
 * makes off screen within one interval are one change in the History; on
 * screen the fast watcher (1 to 16 ms) records each. 100 ms: 10 polls of 1 MiB
 * a second, about 0.1 % of a core at the floor above.
 */
export const OFFSCREEN_POLL_MS = 100;
/**
 * How often the watcher polls a block every window of which is hidden
 * (setVisibility: a background tab, a minimized Electron window), ms; a write
 * through our library does not wake it then either. The History records every
 * change still, its time to within this interval, and writes within one
 * interval become one change (docs/ENGINES.md, History). One second, the pace
 * Chromium itself allows a hidden page's timers: an idle hidden block costs 1
 * poll a second (of each native watcher) instead of 62, about 0.01 % of a
 * core, and showing the window polls at once.
 */
export const HIDDEN_POLL_MS = 1000;
/**
 * Bytes of one process's /proc/<pid>/maps read per listing (ERR_LISTING_LIMIT
 * past it: the rest of that process's mappings are left out and the listing
 * says so). A line is about 100 bytes, so 8 MiB holds ~80,000 mappings (a
 * JVM has ~10,000); a process with more cannot make the listing hold more.
 */
export const MAX_MAPS_BYTES = 8 * 1024 * 1024;
/** Descriptors of one process examined per listing (ERR_LISTING_LIMIT past it). */
export const MAX_FDS_PER_PROCESS = 65_536;
/**
 * Distinct objects found through /proc (unlinked, memfd, anonymous) one
 * listing keeps, host-wide (ERR_LISTING_LIMIT past it: later ones are left out).
 */
export const MAX_PROC_OBJECTS = 65_536;
/** Characters of a process's command line shown (/proc/<pid>/cmdline is read up to 4 times this many bytes). */
export const MAX_COMMAND_LINE_LENGTH = 1024;
/**
 * /proc walks (listings) running at once, host-wide. Each runs in a worker
 * thread that a process stuck in the kernel (holding its memory-map lock) can
 * block for ever; past this many still running, a listing answers at once
 * with its named objects and ERR_LISTING_LIMIT instead of starting another.
 */
export const MAX_LISTING_WALKS = 4;
/**
 * Per-region histograms the byte statistics keep, host-wide: one set per
 * window and kind (block map, statistics), each at most 256 regions (stats.ts
 * CELLS, CACHED_MAP_MAX_REGIONS) x 256 counts (256 KiB), so a refresh after a
 * change counts only the changed regions. Past the cap the least recently
 * used set is dropped (that window's next call counts everything again): 64
 * sets are at most 16 MiB.
 */
export const MAX_STATS_CACHES = 64;

/** Each page gets at most one blockChanged per block this often, ms (one 60 Hz frame; the union of the changes, latest bytes: watcher.ts). */
export const EVENT_FRAME_MS = 16;
/** Once changes have kept coming for SUSTAINED_CHANGES_MS, the pace is two frames of a 60 Hz display (event-pace.ts). */
export const SUSTAINED_EVENT_FRAME_MS = 33;
export const SUSTAINED_CHANGES_MS = 250;
