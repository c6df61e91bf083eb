// Plot: typed values over time, live (issue 24). The chart is uPlot on a
// canvas (why: src-renderer/src/plot/README.md); its text equivalent is the
// table under it, each series' latest value and statistics, refreshed at most
// once a second in a polite live region. The series' state is the `plot`
// store; this file draws it and offers its controls: add (from the form, a
// bookmark or a scan result; the data inspector and the Struct panel have
// their own buttons), remove, Pause, Export CSV and Export PNG.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { SCAN_TYPES, type NumberType, type ScanCandidate, type ScanStatus } from '../contract';
import type { Bookmark } from '../lib/bookmarkFile';
import type { WatchEntry } from '../stores/scan';
import { parseGoto } from '../../../src-shared/lib/goto';
import type { Endianness } from '../../../src-shared/lib/typed-value';
import { hex } from '../lib/offsets';
import { useSession, useStore } from '../sessionContext';
import { PLOT_ANNOUNCE_MS, PLOT_DRAW_MS, PLOT_MAX_SERIES, PLOT_POLL_MS } from '../plot/limits';
import { bookmarkRequest, scanCandidateRequest, SERIES_COLORS, watchEntryRequest } from '../plot/sources';
import type { SeriesInfo, SeriesRequest } from '../plot/series';
import type { PlotStore } from '../stores/plot';
import { DisclosureButton } from './DisclosureButton';
import './PlotPanel.css';
import { downloadBlob } from '../lib/download';
import { usePanelShown } from './useBytesAt';

const CHART_HEIGHT = 180;

export function PlotPanel() {
  const session = useSession();
  const plot = session.stores.plot;
  const series = useStore('plot', (s) => s.series);
  const paused = useStore('plot', (s) => s.paused);
  const message = useStore('plot', (s) => s.message);
  const name = useStore('plot', (s) => s.name);
  usePollQuiet(plot, series.length > 0);

  return (
    <section className="panel plot-panel" data-testid="plot-panel" aria-label="Plot">
      <h2>
        Plot{' '}
        <span className="muted">
          {series.length} of {PLOT_MAX_SERIES} series
        </span>
      </h2>
      {series.length === 0 ? (
        <p className="muted">No series yet: use “Plot this” in the data inspector, “Plot” beside a Struct field, or add one below.</p>
      ) : (
        <>
          <PlotChart plot={plot} series={series} paused={paused} />
          <div className="plot-tools" role="group" aria-label="Plot tools">
            <button type="button" aria-pressed={paused} onClick={() => plot.getState().setPaused(!paused)}>
              {paused ? 'Resume' : 'Pause'}
            </button>
            <button
              type="button"
              onClick={() => downloadBlob(new Blob([plot.getState().csv()], { type: 'text/csv' }), `${name ?? 'block'}-plot.csv`)}
            >
              Export CSV
            </button>
            <button type="button" onClick={() => void exportPng(name)}>
              Export PNG
            </button>
            {paused && <span className="muted">Drawing paused; recording goes on.</span>}
          </div>
          <SeriesTable plot={plot} series={series} />
        </>
      )}
      {message && (
        <div className="error" role="status" data-testid="plot-message">
          {message}
        </div>
      )}
      <AddSeries plot={plot} full={series.length >= PLOT_MAX_SERIES} />
    </section>
  );
}

/** Series no change event reached lately (outside the watched rows) are read every PLOT_POLL_MS while any exist. */
function usePollQuiet(plot: PlotStore, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void plot.getState().pollQuiet(), PLOT_POLL_MS);
    return () => clearInterval(timer);
  }, [plot, active]);
}

/**
 * The canvas. Made again when the series change; new points redraw it at most
 * every PLOT_DRAW_MS, never while paused, and not while the panel is not shown
 * (scrolled out of the side column, another tab): the points are recorded all
 * the same, and it draws them as it is shown again.
 */
function PlotChart({ plot, series, paused }: { plot: PlotStore; series: SeriesInfo[]; paused: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const shown = usePanelShown();
  const shownNow = useRef(shown);
  const askRedraw = useRef<() => void>(() => {});
  useEffect(() => {
    shownNow.current = shown;
    if (shown) askRedraw.current();
  }, [shown]);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const chart = new uPlot(chartOptions(series, element.clientWidth || 320), plot.getState().chartData(), element);
    const drawn = () => markDrawn(element, chart);
    drawn();
    let lastDraw = 0;
    let frame: number | null = null;
    const redraw = () => {
      frame = null;
      const state = plot.getState();
      if (state.paused) return;
      const wait = PLOT_DRAW_MS - (performance.now() - lastDraw);
      if (wait > 0) {
        frame = window.setTimeout(() => requestAnimationFrame(redraw), wait) as unknown as number;
        return;
      }
      lastDraw = performance.now();
      chart.setData(state.chartData());
      drawn();
    };
    const ask = () => {
      if (frame === null && shownNow.current && !plot.getState().paused) frame = requestAnimationFrame(redraw);
    };
    askRedraw.current = ask;
    const unsubscribe = plot.subscribe((state, previous) => {
      if (state.version !== previous.version || state.paused !== previous.paused) ask();
    });
    const resize = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientWidth !== chart.width)
        chart.setSize({ width: element.clientWidth, height: CHART_HEIGHT });
    });
    resize.observe(element);
    return () => {
      askRedraw.current = () => {};
      unsubscribe();
      resize.disconnect();
      chart.destroy();
    };
  }, [plot, series]);
  return (
    <div
      ref={host}
      className="plot-chart"
      data-testid="plot-chart"
      data-paused={paused}
      role="img"
      aria-label={`Chart of ${series.map((s) => s.label).join(', ')} over time; the table below lists each series' values`}
    />
  );
}

/** What the canvas shows now, for tests and tools: how often it was drawn, points drawn and each series' last drawn value. */
function markDrawn(element: HTMLElement, chart: uPlot) {
  const xs = chart.data[0];
  element.dataset['draws'] = String(Number(element.dataset['draws'] ?? 0) + 1);
  element.dataset['drawnPoints'] = String(xs.length);
  element.dataset['drawnLast'] = JSON.stringify(chart.data.slice(1).map((column) => column[column.length - 1] ?? null));
}

function chartOptions(series: SeriesInfo[], width: number): uPlot.Options {
  return {
    width,
    height: CHART_HEIGHT,
    scales: { x: { time: true } },
    legend: { show: true, live: false },
    series: [
      { label: 'time' },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: SERIES_COLORS[i % SERIES_COLORS.length],
        width: 1.5,
        // uPlot's linear paths thin thousands of points to a few per pixel column (its stepped paths draw every one).
        spanGaps: true,
      })),
    ],
    axes: [{}, { size: 60 }],
  };
}

/** The text equivalent: each series' latest value and statistics, refreshed at most once a second (a polite live region). */
function SeriesTable({ plot, series }: { plot: PlotStore; series: SeriesInfo[] }) {
  const version = useThrottled(
    useStore('plot', (s) => s.version),
    PLOT_ANNOUNCE_MS,
  );
  void version; // the rows below read the store at this version
  const state = plot.getState();
  return (
    <div aria-live="polite" className="plot-values">
      <table aria-label="Plotted series" data-testid="plot-table">
        <thead>
          <tr>
            <th>Series</th>
            <th>Last</th>
            <th>Min</th>
            <th>Max</th>
            <th>Mean</th>
            <th>Points</th>
            <th>
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {series.map((s, i) => {
            const stats = state.stats(s.id);
            return (
              <tr key={s.id} data-testid="plot-series" data-label={s.label} data-last={stats?.last ?? ''} data-count={stats?.count ?? 0}>
                <th scope="row">
                  <span className="plot-swatch" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} aria-hidden="true" />
                  {s.label}
                  {s.loading && <span className="muted"> (loading its History…)</span>}
                  {s.error && <span className="error"> {s.error}</span>}
                </th>
                <td>{stats ? formatValue(stats.last) : '—'}</td>
                <td>{stats ? formatValue(stats.min) : '—'}</td>
                <td>{stats ? formatValue(stats.max) : '—'}</td>
                <td>{stats ? formatValue(stats.mean) : '—'}</td>
                <td>{stats?.count ?? 0}</td>
                <td>
                  <button type="button" aria-label={`Remove ${s.label}`} onClick={() => plot.getState().remove(s.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** `value`, but changing at most every `ms` (the latest value always lands, `ms` after the previous one). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(7)));
}

/** Add a series by offset and type, or from a bookmark or the value scan. */
function AddSeries({ plot, full }: { plot: PlotStore; full: boolean }) {
  const session = useSession();
  const bookmarks = useStore('bookmarks', (s) => s.items);
  const scanStatus = useStore('scan', (s) => s.status);
  const candidates = useStore('scan', (s) => s.candidates);
  const watchList = useStore('scan', (s) => s.watchList);
  const [offsetText, setOffsetText] = useState('');
  const [type, setType] = useState<NumberType>('u32');
  const [endianness, setEndianness] = useState<Endianness>('little');
  const [label, setLabel] = useState('');
  const [source, setSource] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const sources = sourceChoices(bookmarks, scanStatus, candidates, watchList);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { size } = plot.getState();
    const parsed = parseGoto(offsetText || '0', { size, cursor: session.stores.hexView.getState().cursor });
    if (!parsed.ok) return setFormError(parsed.error);
    setFormError(null);
    void plot.getState().add({ offset: parsed.value, type, endianness, label, source: 'form' });
  }

  function addFromSource() {
    const choice = sources.find((c) => c.key === source);
    if (choice) void plot.getState().add(choice.request);
  }

  return (
    <div className="plot-add">
      <DisclosureButton open={open} controls="plot-add-series" onToggle={() => setOpen(!open)}>
        Add a series
      </DisclosureButton>
      {open && (
        <div id="plot-add-series">
          <form onSubmit={submit} aria-label="Add a series by offset">
            <label>
              Offset <input value={offsetText} onChange={(e) => setOffsetText(e.target.value)} placeholder="0x1f0" size={10} />
            </label>{' '}
            <label>
              Type{' '}
              <select value={type} onChange={(e) => setType(e.target.value as NumberType)}>
                {SCAN_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              Byte order{' '}
              <select value={endianness} onChange={(e) => setEndianness(e.target.value as Endianness)}>
                <option value="little">little endian</option>
                <option value="big">big endian</option>
              </select>
            </label>{' '}
            <label>
              Label <input value={label} onChange={(e) => setLabel(e.target.value)} size={12} />
            </label>{' '}
            <button type="submit" disabled={full}>
              Add series
            </button>
            {formError && (
              <div className="error" role="alert">
                {formError}
              </div>
            )}
          </form>
          <div className="plot-sources">
            <label>
              From{' '}
              <select aria-label="Plot from" value={source} onChange={(e) => setSource(e.target.value)}>
                <option value="">{sources.length ? 'a bookmark or scan result…' : 'no bookmarks or scan results yet'}</option>
                {sources.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="button" disabled={full || !sources.some((c) => c.key === source)} onClick={addFromSource}>
              Plot selected
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

interface SourceChoice {
  key: string;
  label: string;
  request: SeriesRequest;
}

/** Bookmarks, the scan's watch list and the candidates on its current page, as choices. */
function sourceChoices(
  bookmarks: Bookmark[],
  status: ScanStatus | null,
  candidates: ScanCandidate[],
  watchList: WatchEntry[],
): SourceChoice[] {
  const choices: SourceChoice[] = bookmarks.map((b) => {
    const request = bookmarkRequest(b);
    return { key: `bookmark:${b.id}`, label: `Bookmark “${b.name}” as ${request.type} at 0x${hex(b.start, 1)}`, request };
  });
  for (const entry of watchList) {
    choices.push({
      key: `watch:${entry.offset}`,
      label: `Watched ${entry.type} at 0x${hex(entry.offset, 1)}`,
      request: watchEntryRequest(entry),
    });
  }
  if (status) {
    for (const c of candidates) {
      choices.push({
        key: `scan:${c.offset}`,
        label: `Scan candidate ${status.type} at 0x${hex(c.offset, 1)}`,
        request: scanCandidateRequest(status, c.offset),
      });
    }
  }
  return choices;
}

/** The chart's canvas as it is drawn now (axes and lines; the legend is the table). */
async function exportPng(name: string | null) {
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="plot-chart"] canvas');
  if (!canvas) return;
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) downloadBlob(blob, `${name ?? 'block'}-plot.png`);
}
