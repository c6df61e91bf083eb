// The series as one chart's data: uPlot draws series that share one x array,
// so the series' own times are merged into one ascending list, and each series
// holds its value until its next change (a value in memory is a step, not a
// slope), null before its first point.
import type { PointArrays } from './ring';

export type AlignedData = [Float64Array | number[], ...(number | null)[][]];

/** x in seconds (uPlot's time scale), one column per series. */
export function alignSeries(series: readonly PointArrays[]): AlignedData {
  const cursors = series.map(() => 0);
  const xs: number[] = [];
  const columns: (number | null)[][] = series.map(() => []);
  const current: (number | null)[] = series.map(() => null);
  for (;;) {
    let next = Infinity;
    series.forEach((s, i) => {
      const at = cursors[i]!;
      if (at < s.times.length && s.times[at]! < next) next = s.times[at]!;
    });
    if (next === Infinity) break;
    series.forEach((s, i) => {
      while (cursors[i]! < s.times.length && s.times[cursors[i]!] === next) current[i] = s.values[cursors[i]!++]!;
      columns[i]!.push(current[i]!);
    });
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
