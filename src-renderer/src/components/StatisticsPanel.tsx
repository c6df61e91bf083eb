// Statistics (issue 24): the byte histogram, Shannon entropy and the counts
// of zero, printable and high bytes of the selection, or of the whole block
// when nothing is selected, as ImHex's Data Information view shows them. The
// main process computes them off its main thread (byteStats). They follow the
// bytes live, at most once a second. The text equivalent of the histogram is
// the table of its most frequent values, in a region the keyboard reaches.
import { useEffect, useRef } from 'react';
import type { ByteStats } from '../contract';
import { countOf, hex } from '../lib/offsets';
import { countRender } from '../lib/renderCounts';
import { useBlock, useHexView, useSession, useStatistics } from '../sessionContext';
import { selectionRange } from '../stores/hexView';
import { followChangesToCount } from '../stores/statisticsChanges';
import { BlockMapRegions } from './BlockMap';
import { usePanelShown } from './useBytesAt';
import './StatisticsPanel.css';

/** A new range is asked for once it stops changing this long (a drag costs one call). */
const SETTLE_MS = 150;
/** While the bytes change, the numbers are asked for again at most this often. */
const LIVE_INTERVAL_MS = 1000;
/** Rows of the table of most frequent values. */
const TOP_BINS = 16;

export function StatisticsPanel() {
  countRender('statistics-panel');
  const name = useBlock((s) => s.info?.name ?? null);
  const cursor = useHexView((s) => s.cursor);
  const anchor = useHexView((s) => s.anchor);
  const size = useHexView((s) => s.size);
  const stats = useStatistics((s) => s.stats);
  const computing = useStatistics((s) => s.computing);
  const error = useStatistics((s) => s.error);
  const selection = selectionRange({ cursor, anchor });
  const [start, end] = selection ?? [0, Math.max(0, size - 1)];
  const length = size === 0 ? 0 : end - start + 1;
  useLiveStatistics(name, start, length, usePanelShown());

  const shown = stats && stats.name === name && stats.offset === start && stats.length === length ? stats : null;
  return (
    <section className="panel statistics-panel" aria-label="Statistics" data-testid="statistics-panel" aria-busy={computing}>
      <h2>
        Statistics{' '}
        <span className="muted" data-testid="statistics-range">
          {selection ? `selection 0x${hex(start, 1)}–0x${hex(end, 1)}` : 'whole block'} ({countOf(length, 'byte')})
        </span>
      </h2>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : shown ? (
        <StatisticsBody stats={shown} />
      ) : (
        <div className="muted" role="status">
          Computing…
        </div>
      )}
      <BlockMapRegions />
    </section>
  );
}

/**
 * Asks for the range's numbers once it settles, then again after changes, at
 * most once a second. Changes are followed outside React (the timeline's
 * changeSerial), so a write renders nothing here; a refresh already due is
 * not put off by more changes. A panel not shown (scrolled out of the side
 * column, a narrow window's other tab) asks for nothing until it is again.
 */
function useLiveStatistics(name: string | null, start: number, length: number, shown: boolean): void {
  const session = useSession();
  const lastAsked = useRef({ name: '', start: -1, length: -1 });
  // The changes heard of from now on: a refresh of the same range counts only their regions again.
  useEffect(() => followChangesToCount(session.stores.timeline, session.stores.statistics), [session]);
  useEffect(() => {
    if (!name || length === 0 || !shown) return;
    const { statistics: store, timeline } = session.stores;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const askIn = (delay: number) => {
      timer = setTimeout(() => {
        timer = null;
        lastAsked.current = { name, start, length };
        void store.getState().compute(name, start, length);
      }, delay);
    };
    const sinceLast = () => Date.now() - store.getState().computedAt;
    const sameRange = lastAsked.current.name === name && lastAsked.current.start === start && lastAsked.current.length === length;
    askIn(sameRange ? Math.max(0, LIVE_INTERVAL_MS - sinceLast()) : SETTLE_MS);
    const unsubscribe = timeline.subscribe((next, previous) => {
      if (next.changeSerial !== previous.changeSerial && timer === null) askIn(Math.max(0, LIVE_INTERVAL_MS - sinceLast()));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [session, name, start, length, shown]);
}

function share(count: number, total: number): string {
  return total === 0 ? '0.0%' : `${((100 * count) / total).toFixed(1)}%`;
}

function valueLabel(value: number): string {
  const printable = value >= 0x21 && value <= 0x7e ? ` '${String.fromCharCode(value)}'` : '';
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}${printable}`;
}

function StatisticsBody({ stats }: { stats: ByteStats }) {
  const total = stats.length;
  const classes: [string, number][] = [
    ['Zero', stats.zero],
    ['Printable', stats.printable],
    ['High (0x80–0xFF)', stats.high],
    ['Control', stats.control],
  ];
  const top = stats.histogram
    .map((count, value) => ({ value, count }))
    .filter((bin) => bin.count > 0)
    .sort((a, b) => b.count - a.count || a.value - b.value)
    .slice(0, TOP_BINS);
  return (
    <>
      <p className="statistics-entropy">
        Entropy <strong data-testid="statistics-entropy">{stats.entropy.toFixed(3)}</strong> bits per byte
      </p>
      <Histogram histogram={stats.histogram} />
      <div className="statistics-tables" tabIndex={0} role="region" aria-label="Statistics as tables" data-testid="statistics-tables">
        <table className="statistics-classes">
          <caption>Byte classes</caption>
          <tbody>
            {classes.map(([label, count]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td data-testid={`statistics-${label.split(' ')[0]!.toLowerCase()}`}>{count}</td>
                <td>{share(count, total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="statistics-top" data-testid="statistics-top">
          <caption>Most frequent values</caption>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Count</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {top.map((bin) => (
              <tr key={bin.value}>
                <th scope="row">{valueLabel(bin.value)}</th>
                <td>{bin.count}</td>
                <td>{share(bin.count, total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** 256 bars, one per byte value, heights relative to the most frequent; a present value gets at least a sliver. */
function Histogram({ histogram }: { histogram: number[] }) {
  const max = Math.max(1, ...histogram);
  const height = 64;
  return (
    <svg
      className="statistics-histogram"
      viewBox={`0 0 256 ${height}`}
      preserveAspectRatio="none"
      aria-hidden
      data-testid="statistics-histogram"
    >
      <line className="axis" x1={0} x2={256} y1={height - 0.5} y2={height - 0.5} />
      {histogram.map((count, value) => {
        if (count === 0) return null;
        const bar = Math.max(1, (count / max) * height);
        return (
          <rect key={value} x={value} width={1} y={height - bar} height={bar} data-testid="histogram-bar" data-value={value}>
            <title>
              {valueLabel(value)}: {count}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
