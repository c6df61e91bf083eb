// Every subcommand, its arguments and options, in one table: the parser
// (Node's util.parseArgs), `--help` and the shell completions are all read
// from it, so they cannot disagree.
import { SCAN_TYPES } from '../../src-shared/contract';
import { LISTING_SORT_KEYS, SHARED_MEMORY_KINDS } from '../../src-shared/listing';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder in help (N, S, FORMAT). */
  value?: string;
  choices?: readonly string[];
  multiple?: boolean;
  description: string;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
  /** What the shell completes here. */
  completes?: 'block' | 'file' | 'shell';
}

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  /** More help lines (what the output is, when it exits how). */
  notes: string[];
  examples: string[];
}

export const DUMP_FORMATS = ['hex', 'c', 'base64', 'raw', 'utf16'] as const;
export type DumpFormat = (typeof DUMP_FORMATS)[number];

const json: OptionSpec = { type: 'boolean', description: 'one JSON document on stdout' };
const help: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };
const range = {
  offset: { type: 'string', value: 'N', description: 'first byte (decimal or 0x hex; default 0)' },
  length: { type: 'string', value: 'N', description: 'bytes from the offset (default: to the end of the block)' },
} satisfies Record<string, OptionSpec>;
const block: PositionalSpec = { name: 'NAME', required: true, completes: 'block' };

export const COMMANDS: CommandSpec[] = [
  {
    name: 'list',
    summary: 'list every shared memory object on the machine, with the processes that map it',
    positionals: [{ name: 'PATTERN', required: false }],
    options: {
      kind: { type: 'string', value: 'KIND', choices: SHARED_MEMORY_KINDS, multiple: true, description: 'only this kind (repeatable):' },
      process: { type: 'string', value: 'PID|TEXT', description: 'only objects a process holds: its pid, or part of its command line' },
      sort: { type: 'string', value: 'KEY', choices: LISTING_SORT_KEYS, description: 'sort by (default name):' },
      reverse: { type: 'boolean', short: 'r', description: 'reverse the order' },
      names: { type: 'boolean', short: 'q', description: 'print the names only, one a line' },
      json,
      help,
    },
    notes: [
      'PATTERN matches whole names: * any run of characters, ? one character.',
      'Kinds: posix (named, /dev/shm), unlinked (removed while still mapped), memfd, anonymous (shared across a fork),',
      'sysv (System V segments, named by key), section (Windows). Unlinked, memfd and anonymous objects are found in',
      '/proc and named proc:PID:fd:N or proc:PID:map:START-END (docs/NAMES.md); dump, watch, get and diff open them read-only.',
      "--json carries each object's kind and its processes (pid, command, commandLine).",
      'Our lock companions (NAME.lock) are not listed: a block that has one shows [lock] (hasLockCompanion in --json).',
      'Piped, each object is one tab-separated line: kind, name, size, owner, mode, changed (ISO), pids, note.',
      'A name that is no block (a FIFO, symlink, directory, socket or device) is listed, never opened or followed, with its NOTE saying what it is (unusable in --json).',
      'Names are printed with control and bidirectional characters escaped (\\x1b, \\u202e); --json has them as they are.',
    ],
    examples: [
      'shm-inspector list',
      "shm-inspector list 'dll*' --sort size -r",
      'shm-inspector list --kind sysv --json',
      'shm-inspector list --process chromium',
    ],
  },
  {
    name: 'dump',
    summary: 'print the bytes of a block, like xxd (read-only)',
    positionals: [block],
    options: {
      ...range,
      format: { type: 'string', short: 'f', value: 'FORMAT', choices: DUMP_FORMATS, description: 'output format (default hex):' },
      json,
      help,
    },
    notes: [
      'raw writes the bytes themselves, for pipes; utf16 decodes UTF-16LE up to the first NUL unit.',
      '--json prints {name, size, offset, length, base64}.',
      'Opens read-only: creates nothing and takes no lock (bytes being written may tear). sysv:ID dumps System V segment ID;',
      'proc:PID:fd:N and proc:PID:map:START-END (from list) dump shared memory with no name.',
    ],
    examples: [
      'shm-inspector dump dllmemfilemap --length 64',
      'shm-inspector dump sysv:32768 --length 64',
      'shm-inspector dump dllmemfilemap --format raw | cmp - saved.bin',
    ],
  },
  {
    name: 'watch',
    summary: 'follow a block live: each change with its time, offset, old and new bytes',
    positionals: [block],
    options: {
      ...range,
      count: { type: 'string', short: 'n', value: 'N', description: 'stop after N changes' },
      timeout: { type: 'string', short: 't', value: 'S', description: 'stop after S seconds' },
      type: { type: 'string', value: 'TYPE', choices: SCAN_TYPES, description: 'stream one typed value at --offset instead of bytes:' },
      endian: {
        type: 'string',
        value: 'ORDER',
        choices: ['little', 'big'],
        description: "with --type: the value's byte order (default little):",
      },
      json: { type: 'boolean', description: 'one JSON object per change (JSON Lines)' },
      help,
    },
    notes: [
      'Watches at most 1 MiB (the default range is the block, up to 1 MiB). Changes by any process are seen,',
      'polled every 1 to 16 ms; close writes may arrive as one change. Ctrl-C, --count or --timeout stop it (exit 0).',
      'A line "watching ..." on stderr says when the watch is in place.',
      'With --type, one line per change of the value: its time and value (--json: {time, detectedAt, name, offset,',
      'type, endian, value}; value is a number, or decimal text for i64/u64, which a JSON number cannot hold).',
    ],
    examples: [
      'shm-inspector watch dllmemfilemap',
      'shm-inspector watch dllmemfilemap --json --count 3 --timeout 10',
      'shm-inspector watch dllmemfilemap --offset 0x1f0 --type u32 --json',
    ],
  },
  {
    name: 'get',
    summary: "the original example's GetSharedMem: the block's text (UTF-16LE from offset 0, up to its NUL)",
    positionals: [block],
    options: {
      cch: { type: 'string', value: 'N', description: 'buffer size in units: at most N - 1 units come back' },
      json,
      help,
    },
    notes: ['--json prints {name, text, units}.'],
    examples: ['shm-inspector get dllmemfilemap', 'shm-inspector get dllmemfilemap --cch 5'],
  },
  {
    name: 'set',
    summary: "the original example's SetSharedMem: store TEXT at offset 0, truncated to the block",
    positionals: [block, { name: 'TEXT', required: true }],
    options: { json, help },
    notes: [
      'At most size/2 - 1 UTF-16 units are stored, plus the NUL; truncation never splits a surrogate pair',
      'and is reported. --json prints {name, units, requestedUnits, truncated, capacityUnits}.',
    ],
    examples: ["shm-inspector set dllmemfilemap 'This is a test string'"],
  },
  {
    name: 'diff',
    summary: 'the ranges where a block differs from a file, or from itself at the start (--baseline)',
    positionals: [block, { name: 'FILE', required: false, completes: 'file' }],
    options: {
      baseline: { type: 'boolean', short: 'b', description: 'compare with a snapshot taken at start' },
      wait: { type: 'string', short: 'w', value: 'S', description: 'with --baseline: compare after S seconds (default: when stdin ends)' },
      json,
      help,
    },
    notes: [
      'Exit status 0: same; 1: differences found. Nearby differences (under 16 bytes apart) form one range.',
      "Each line reads OFFSET LENGTH WAS -> NOW: the file's (or the baseline's) bytes, then the block's; a header line says so.",
      'FILE must be a regular file (a FIFO, device or directory is ERR_NOT_A_FILE, exit 64); only as much of it',
      'as the block holds is read: a longer file is one more range, of its exact length.',
      'With --baseline the snapshot is taken first (stderr says "baseline taken"), then the comparison waits',
      'for --wait S, or for stdin to end: `writer | shm-inspector diff NAME --baseline` compares when the writer is done.',
      '--json prints {name, against, size, otherSize, differences: [{offset, length, block, other}]} (hex, first 64 bytes).',
    ],
    examples: ['shm-inspector diff dllmemfilemap saved.bin', 'shm-inspector diff dllmemfilemap --baseline --wait 5'],
  },
  {
    name: 'unlink',
    summary: "remove a block's name (and its lock companion), with the same checks as the app",
    positionals: [block],
    options: { json, help },
    notes: ['Processes that map it keep their mapping; the name is gone. Windows sections have no name to remove.'],
    examples: ['shm-inspector unlink myblock'],
  },
  {
    name: 'stats',
    summary: 'byte histogram, Shannon entropy and byte classes of a block (read-only)',
    positionals: [block],
    options: { ...range, json, help },
    notes: [
      'Classes: zero (0x00), printable (0x20-0x7E, tab, LF, CR), high (0x80-0xFF), control (the rest); 0xFF is also counted alone.',
      'The table lists the 16 most frequent values; --json prints {name, offset, length, histogram (256 counts), entropy,',
      'zero, printable, high, ff, control}. Entropy is in bits per byte: 0 for one value, 8 for every value equally often.',
      'Opens read-only: creates nothing and takes no lock. The bytes are counted off the main thread, 256 KiB at a time.',
    ],
    examples: ['shm-inspector stats dllmemfilemap', 'shm-inspector stats dllmemfilemap --offset 0x100 --length 256 --json'],
  },
  {
    name: 'completion',
    summary: 'print a shell completion script (bash or zsh)',
    positionals: [{ name: 'SHELL', required: true, completes: 'shell' }],
    options: { help },
    notes: ['bash: source <(shm-inspector completion bash)', 'zsh:  source <(shm-inspector completion zsh)'],
    examples: ['shm-inspector completion bash > /etc/bash_completion.d/shm-inspector'],
  },
];

export function commandNamed(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
