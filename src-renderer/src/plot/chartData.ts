// The series as one chart's data: uPlot draws series that share one x array,
// so the series' own times are merged into one ascending list, and each series
// holds its value until its next change (a value in memory is a step, not a
// slope), null before its first point.
import type { PointArrays } from './ring';

export type AlignedData = [Float64Array | number[], ...(number | null)[][]];

/** x in seconds (uPlot's time scale), one column per series. Plain loops: it runs on every redraw, over up to 80,000 points. */
export function alignSeries(series: readonly PointArrays[]): AlignedData {
  const count = series.length;
  const cursors = new Array<number>(count).fill(0);
  const current = new Array<number | null>(count).fill(null);
  const columns: (number | null)[][] = series.map(() => []);
  const xs: number[] = [];
  for (;;) {
    let next = Infinity;
    for (let i = 0; i < count; i++) {
      const { times } = series[i]!;
      const at = cursors[i]!;
      if (at < times.length && times[at]! < next) next = times[at]!;
    }
    if (next === Infinity) break;
    for (let i = 0; i < count; i++) {
      const { times, values } = series[i]!;
      let at = cursors[i]!;
      while (at < times.length && times[at] === next) current[i] = values[at++]!;
      cursors[i] = at;
      columns[i]!.push(current[i]!);
    }
    xs.push(next / 1000);
  }
  return [xs, ...columns];
}

/** CSV: a header (time, then each series' label), one row per time any series changed, each series' value then. */
export function seriesCsv(labels: readonly string[], series: readonly PointArrays[]): string {
  const [xs, ...columns] = alignSeries(series);
  const lines = [['time', ...labels].map(csvCell).join(',')];
  for (let row = 0; row < xs.length; row++) {
    const time = new Date(xs[row]! * 1000).toISOString();
    lines.push([time, ...columns.map((c) => (c[row] === null ? '' : String(c[row])))].join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * A cell quoted when it holds a comma, a quote or a line break (RFC 4180). A
 * label is the user's (a bookmark's name): one a spreadsheet would run as a
 * formula (=, +, -, @ first) is kept as text with a leading quote.
 */
function csvCell(text: string): string {
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
