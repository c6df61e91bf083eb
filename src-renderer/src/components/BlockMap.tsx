// The block map (issue 24): a narrow column beside the hex view's scrollbar,
// one band per region of the whole block (a fixed number: at most MAP_REGIONS, fewer when the column is short), drawn
// on a canvas in one of three modes: byte class (zero, text, 0xFF, other),
// entropy, or change recency (this window's live changes and the whole-block
// change marks, fading over the heat's window). Hover gives the region's
// range and summary; a click or Enter goes there; the map is one focusable
// slider whose arrow keys move between regions. Its data comes from blockMap
// calls (native code off the main process's main thread), at most twice a
// second while changes are heard of (counting again only the regions they
// touch) and every few seconds otherwise (all of them: changes outside the
// watched rows may go unheard).
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { hex } from '../lib/offsets';
import { countRender } from '../lib/renderCounts';
import { useBlock, useBlockMap, useHexView, useSession } from '../sessionContext';
import { MAP_MODES, regionsFor, type BlockMapState, type MapMode } from '../stores/blockMap';
import { followChangesToCount } from '../stores/statisticsChanges';
import { HEAT_WINDOW_MS } from '../stores/timeline';
import type { Session } from '../session';
import './BlockMap.css';

/** While changes are heard of, the map is asked for again at most this often. */
const REFRESH_MIN_MS = 1000;
/** Otherwise it is asked for this often (changes nobody reported: outside the watched rows, no marks followed). */
const REFRESH_IDLE_MS = 5000;
/**
 * A refresh waits at least this many times as long as the last one took, so
 * the host's worker spends at most ~1/10 of a core on a large block's map
 * (256 MiB takes ~0.3 s on a loaded machine) however fast it changes.
 */
const REFRESH_COST_FACTOR = 10;

const MODE_LABELS: Readonly<Record<MapMode, string>> = Object.freeze({
  class: 'byte class',
  entropy: 'entropy',
  recency: 'change recency',
});
const CLASS_COLORS: readonly string[] = Object.freeze(['', '#3fb950', '#f85149', '#5b9bff']); // zero (none), printable, 0xFF, other

export interface RegionSummary {
  index: number;
  start: number;
  end: number;
  zero: number;
  printable: number;
  ff: number;
  other: number;
  entropy: number;
  lastChange: number;
}

/** Region `index` of the map: its range and, once the map is known, its classes and entropy. */
export function regionSummary(state: Pick<BlockMapState, 'map' | 'regionBytes' | 'size' | 'lastChange'>, index: number): RegionSummary {
  const start = index * state.regionBytes;
  const end = Math.min(state.size, start + state.regionBytes);
  const counts = state.map?.classes.slice(index * 4, index * 4 + 4) ?? [0, 0, 0, 0];
  return {
    index,
    start,
    end,
    zero: counts[0]!,
    printable: counts[1]!,
    ff: counts[2]!,
    other: counts[3]!,
    entropy: state.map?.entropy[index] ?? 0,
    lastChange: state.lastChange[index] ?? 0,
  };
}

/** One line about a region, for its tooltip, the slider's value text and the list. */
export function describeRegion(region: RegionSummary, now = Date.now()): string {
  const length = Math.max(1, region.end - region.start);
  const percent = (count: number) => `${Math.round((100 * count) / length)}%`;
  const changed = region.lastChange > 0 ? `, changed ${Math.max(0, Math.round((now - region.lastChange) / 1000))} s ago` : '';
  return (
    `0x${hex(region.start, 1)}–0x${hex(Math.max(region.start, region.end - 1), 1)}: ` +
    `zero ${percent(region.zero)}, text ${percent(region.printable)}, 0xFF ${percent(region.ff)}, other ${percent(region.other)}, ` +
    `entropy ${region.entropy.toFixed(2)}${changed}`
  );
}

/** The colour and opacity of a region in a mode; null leaves it empty. */
function regionFill(region: RegionSummary, mode: MapMode, now: number): { color: string; alpha: number } | null {
  const length = Math.max(1, region.end - region.start);
  if (mode === 'recency') {
    if (region.lastChange === 0) return null;
    const heat = Math.exp(-(now - region.lastChange) / HEAT_WINDOW_MS);
    return heat < 0.05 ? { color: '#d29922', alpha: 0.25 } : { color: '#ff7b39', alpha: 0.3 + 0.7 * heat };
  }
  if (mode === 'entropy') return region.entropy > 0 ? { color: '#d2a8ff', alpha: 0.15 + (0.85 * region.entropy) / 8 } : null;
  const counts = [region.zero, region.printable, region.ff, region.other];
  const nonZero = length - region.zero;
  if (nonZero <= 0) return null;
  let dominant = 1;
  for (const k of [2, 3]) if (counts[k]! > counts[dominant]!) dominant = k;
  return { color: CLASS_COLORS[dominant]!, alpha: 0.35 + (0.65 * nonZero) / length };
}

export function BlockMap() {
  countRender('block-map');
  const session = useSession();
  const state = useBlockMap((s) => s);
  const size = useHexView((s) => s.size);
  const topRow = useHexView((s) => s.topRow);
  const visibleRows = useHexView((s) => s.visibleRows);
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [focused, setFocused] = useState(0);
  const [height, setHeight] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const regions = state.regions;
  useMapData();
  useResize(canvasRef, setHeight);
  useEffect(() => {
    if (height > 0 && size > 0) session.stores.blockMap.getState().setRegions(regionsFor(height, size));
  }, [session, height, size]);
  // Recency fades: redraw once a second while it is shown.
  useEffect(() => {
    if (state.mode !== 'recency') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [state.mode]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || height === 0) return;
    drawMap(canvas, height, state, regions, { start: topRow * bytesPerRow, end: (topRow + visibleRows) * bytesPerRow }, now);
  }, [state, regions, height, topRow, visibleRows, bytesPerRow, now]);

  if (size === 0) return null;
  const regionAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return Math.min(regions - 1, Math.max(0, Math.floor(((event.clientY - box.top) / Math.max(1, box.height)) * regions)));
  };
  const goTo = (index: number) => session.stores.hexView.getState().moveCursor(regionSummary(state, index).start, false);
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, PageDown: 16, PageUp: -16 };
    if (event.key === 'Enter' || event.key === ' ') {
      goTo(focused);
    } else if (event.key === 'Home' || event.key === 'End') {
      setFocused(event.key === 'Home' ? 0 : regions - 1);
    } else if (steps[event.key] !== undefined) {
      setFocused(Math.min(regions - 1, Math.max(0, focused + steps[event.key]!)));
    } else {
      return;
    }
    event.preventDefault();
  };
  const nextMode = MAP_MODES[(MAP_MODES.indexOf(state.mode) + 1) % MAP_MODES.length]!;
  return (
    <div className="block-map" data-testid="block-map" data-mode={state.mode}>
      <button
        type="button"
        className="block-map-mode"
        data-testid="block-map-mode"
        title={`Block map: ${MODE_LABELS[state.mode]} (click for ${MODE_LABELS[nextMode]})`}
        aria-label={`Block map mode: ${MODE_LABELS[state.mode]}; activate for ${MODE_LABELS[nextMode]}`}
        onClick={() => session.stores.blockMap.getState().setMode(nextMode)}
      >
        {state.mode[0]!.toUpperCase()}
      </button>
      <canvas
        ref={canvasRef}
        className="block-map-canvas"
        data-testid="block-map-canvas"
        tabIndex={0}
        role="slider"
        aria-label={`Block map (${MODE_LABELS[state.mode]}): arrow keys move between regions, Enter goes there`}
        aria-orientation="vertical"
        aria-valuemin={0}
        aria-valuemax={regions - 1}
        aria-valuenow={focused}
        aria-valuetext={`Region ${focused + 1} of ${regions}, ${describeRegion(regionSummary(state, focused), now)}`}
        onMouseMove={(event) => {
          event.currentTarget.title = describeRegion(regionSummary(state, regionAt(event)));
        }}
        onClick={(event) => {
          const index = regionAt(event);
          setFocused(index);
          goTo(index);
        }}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

/**
 * Keeps the map's data current: on a new block, after heard-of changes
 * (throttled), and now and then while bytes outside the watched window could
 * change unseen. Nothing while the page is hidden (an idle inspector costs
 * only the watcher's poll); one refresh when it is shown again.
 */
/** Every byte of the block is in the watched window, so every change is heard of (changeSerial). */
function watchesWholeBlock(session: Session): boolean {
  const { window, size } = session.stores.bytes.getState();
  return window !== null && window.offset === 0 && window.bytes.length >= size;
}

/**
 * Whether the host hears every change of the block and pushes its marks
 * (whole-block history: blocks up to the hello's wholeBlockHistoryMaxBytes).
 * The map then follows the marks and hears of every change, so it needs no
 * full refresh now and then; a larger block's marks would cost the host a
 * CRC pass a second, more than the refresh they replace.
 */
function useHearsEveryChange(): boolean {
  const size = useBlockMap((s) => s.size);
  const limit = useBlock((s) => s.hello?.limits.wholeBlockHistoryMaxBytes);
  return limit !== undefined && size > 0 && size <= limit;
}

function useMapData(): void {
  const session = useSession();
  const name = useBlockMap((s) => s.name);
  const hearsEveryChange = useHearsEveryChange();
  const lastRefresh = useRef(0);
  // The marks of a block the host sees whole: every change is heard of (followHeardChanges counts their regions).
  useEffect(() => {
    if (!name || !hearsEveryChange) return;
    const { timeline } = session.stores;
    void timeline.getState().followMarks(name, true);
    return () => void timeline.getState().followMarks(name, false);
  }, [session, name, hearsEveryChange]);
  // Changes are followed outside React (the timeline's changeSerial): a write
  // restarts timers here and renders nothing.
  useEffect(() => {
    if (!name) return;
    const { blockMap, timeline } = session.stores;
    let missed = false;
    // After heard-of changes only their regions are counted again; `full` when changes may have gone unheard.
    const refresh = (full: boolean) => {
      if (document.visibilityState === 'hidden') return void (missed = true);
      missed = false;
      lastRefresh.current = Date.now();
      void blockMap.getState().refresh(full);
    };
    const onShown = () => {
      if (missed && document.visibilityState === 'visible') refresh(!hearsEveryChange && !watchesWholeBlock(session));
    };
    const cost = () => blockMap.getState().lastDurationMs * REFRESH_COST_FACTOR;
    // One refresh after heard-of changes, spaced from the last by REFRESH_MIN_MS or ten times its cost.
    let soon: ReturnType<typeof setTimeout> | null = null;
    const refreshSoon = () => {
      if (soon !== null) return;
      const wait = Math.max(0, lastRefresh.current + Math.max(REFRESH_MIN_MS, cost()) - Date.now());
      soon = setTimeout(() => {
        soon = null;
        refresh(false);
      }, wait);
    };
    // Once no change has been heard of for a while, a full refresh now and then: bytes outside the
    // watched window may change unheard. Asked each time: the watched window may arrive, or grow to
    // the whole block, after this effect ran. None while the marks are followed: nothing goes unheard.
    let idle: ReturnType<typeof setTimeout> | null = null;
    const refreshWhenIdle = () => {
      if (idle !== null) clearTimeout(idle);
      if (hearsEveryChange) return;
      idle = setTimeout(
        () => {
          if (!watchesWholeBlock(session)) refresh(true);
          refreshWhenIdle();
        },
        Math.max(REFRESH_IDLE_MS, 2 * cost()),
      );
    };
    refreshSoon();
    refreshWhenIdle();
    const unsubscribe = timeline.subscribe((next, previous) => {
      if (next.changeSerial === previous.changeSerial) return;
      refreshSoon();
      refreshWhenIdle();
    });
    document.addEventListener('visibilitychange', onShown);
    return () => {
      unsubscribe();
      if (soon !== null) clearTimeout(soon);
      if (idle !== null) clearTimeout(idle);
      document.removeEventListener('visibilitychange', onShown);
    };
  }, [session, name, hearsEveryChange]);
  // What the next refresh counts again: every change heard of from now on (before: unknown, so everything).
  useEffect(() => followChangesToCount(session.stores.timeline, session.stores.blockMap), [session]);
  // The recency of each region: live changes in the watched rows, and the whole-block marks as they move.
  useEffect(() => {
    const { timeline, blockMap } = session.stores;
    return timeline.subscribe((next, previous) => {
      if (next.recent !== previous.recent) {
        const newest = previous.recent.at(-1)?.time ?? 0;
        const fresh = next.recent.filter((r) => r.time > newest);
        for (const r of fresh) blockMap.getState().noteChanged([{ offset: r.start, length: r.end - r.start }], r.time);
      }
      if (next.changedRegions !== previous.changedRegions) {
        const known = new Set(previous.changedRegions.map((r) => `${r.offset}:${r.length}`));
        const moved = next.changedRegions.filter((r) => !known.has(`${r.offset}:${r.length}`));
        if (moved.length > 0) blockMap.getState().noteChanged(moved, Date.now());
      }
    });
  }, [session]);
}

function useResize(ref: RefObject<HTMLCanvasElement | null>, onHeight: (height: number) => void): void {
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => onHeight(canvas.clientHeight));
    observer.observe(canvas);
    onHeight(canvas.clientHeight);
    return () => observer.disconnect();
  }, [ref, onHeight]);
}

/** Draws every region as a horizontal band, then a frame around the rows the hex view shows. */
function drawMap(
  canvas: HTMLCanvasElement,
  height: number,
  state: BlockMapState,
  regions: number,
  view: { start: number; end: number },
  now: number,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  // Set only when they differ: each assignment is an attribute change (and clears the canvas) even at the same size.
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const band = height / regions;
  for (let index = 0; index < regions; index++) {
    const fill = regionFill(regionSummary(state, index), state.mode, now);
    if (!fill) continue;
    context.globalAlpha = fill.alpha;
    context.fillStyle = fill.color;
    context.fillRect(0, index * band, width, Math.max(1, band));
  }
  context.globalAlpha = 1;
  if (state.size > 0) {
    const top = (view.start / state.size) * height;
    const bottom = Math.min(height, (view.end / state.size) * height);
    context.strokeStyle = getComputedStyle(canvas).color;
    context.lineWidth = 1;
    context.strokeRect(0.5, Math.floor(top) + 0.5, width - 1, Math.max(2, bottom - top) - 1);
  }
}

/** Regions the list names: the map's mode decides which stand out. */
const LISTED_REGIONS = 8;

function standout(region: RegionSummary, mode: MapMode): number {
  if (mode === 'recency') return region.lastChange;
  if (mode === 'entropy') return region.entropy;
  return region.end - region.start - region.zero;
}

/**
 * The map's text equivalent: the regions that stand out in its mode (most
 * recently changed, highest entropy, or most non-zero bytes), each a button
 * that goes there, and the mode as a select.
 */
export function BlockMapRegions() {
  const session = useSession();
  const state = useBlockMap((s) => s);
  const size = useHexView((s) => s.size);
  if (size === 0) return null;
  const regions = state.regions;
  const listed = Array.from({ length: regions }, (_, index) => regionSummary(state, index))
    .filter((region) => standout(region, state.mode) > 0)
    .sort((a, b) => standout(b, state.mode) - standout(a, state.mode) || a.index - b.index)
    .slice(0, LISTED_REGIONS);
  const heading = Object.freeze({
    class: 'Regions with the most non-zero bytes',
    entropy: 'Regions of highest entropy',
    recency: 'Most recently changed regions',
  })[state.mode];
  return (
    <section className="block-map-regions" aria-label="Block map regions" data-testid="block-map-regions">
      <h3>
        Block map{' '}
        <select
          aria-label="Block map mode"
          data-testid="block-map-mode-select"
          value={state.mode}
          onChange={(event) => session.stores.blockMap.getState().setMode(event.target.value as MapMode)}
        >
          {MAP_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </h3>
      <p className="muted">{heading}</p>
      {listed.length === 0 ? (
        <p className="muted">
          None ({regions} regions of {state.regionBytes} bytes).
        </p>
      ) : (
        <ol>
          {listed.map((region) => (
            <li key={region.index}>
              <button
                type="button"
                className="link-button"
                data-testid="block-map-region"
                data-offset={region.start}
                onClick={() => session.stores.hexView.getState().moveCursor(region.start, false)}
              >
                {describeRegion(region)}
              </button>
            </li>
          ))}
        </ol>
      )}
      {state.error && (
        <div className="form-error" role="alert">
          {state.error}
        </div>
      )}
    </section>
  );
}
