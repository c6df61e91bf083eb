// How the CLI writes: aligned tables on a terminal and plain tab-separated
// lines when piped, colour only on a terminal and never with NO_COLOR, names
// escaped so a block called "\e[2J" or holding a bidirectional override can
// neither drive the terminal nor disguise itself.
export interface Output {
  /** stdout is a terminal: tables and relative times for people. */
  readonly terminal: boolean;
  readonly color: boolean;
  /** Writes to stdout, waiting when the pipe is full (a 1 GiB raw dump must not pile up in memory). */
  write(chunk: string | Uint8Array): Promise<void>;
  line(text?: string): Promise<void>;
  /** One line on stderr (status and errors). */
  status(text: string): void;
}

export function createOutput(
  stdout: NodeJS.WritableStream & { isTTY?: boolean },
  stderr: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv,
): Output {
  const terminal = stdout.isTTY === true;
  const write = (chunk: string | Uint8Array) =>
    new Promise<void>((resolve) => {
      if (stdout.write(chunk)) resolve();
      else stdout.once('drain', resolve);
    });
  return {
    terminal,
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    color: terminal && !env['NO_COLOR'],
    write,
    line: (text = '') => write(`${text}\n`),
    status: (text) => void stderr.write(`${text}\n`),
  };
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;
export type Style = keyof typeof CODES;

export function paint(out: Output, style: Style, text: string): string {
  return out.color && text !== '' ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

// C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A name or text made safe to print: unsafe characters become visible escapes (\n, \x1b, \u202e). */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Display width of text already escaped (no controls left); wide characters are rare in names and counted as one. */
function width(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/**
 * Rows as an aligned table with a header on a terminal, or as tab-separated
 * lines without a header when piped (for cut, awk, sort). Cells must already
 * be escaped; `styles` colours whole cells on a terminal.
 */
export async function printTable(out: Output, columns: Column[], rows: string[][], styles: Array<Style | null> = []): Promise<void> {
  if (!out.terminal) {
    for (const row of rows) await out.line(row.join('\t'));
    return;
  }
  const widths = columns.map((c, i) => Math.max(width(c.title), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - width(text));
    return columns[i]!.align === 'right' ? gap + text : i === columns.length - 1 ? text : text + gap;
  };
  await out.line(paint(out, 'bold', columns.map((c, i) => pad(c.title, i)).join('  ')));
  for (const row of rows) {
    await out.line(row.map((cell, i) => (styles[i] ? paint(out, styles[i]!, pad(cell, i)) : pad(cell, i))).join('  '));
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes as "41 42 43", at most `limit` of them, then "… (+N)". */
export function spacedHex(bytes: Uint8Array, limit = 32): string {
  const shown = [...bytes.subarray(0, limit)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > limit ? `${shown} … (+${bytes.length - limit})` : shown;
}

export function humanSize(bytes: number | null): string {
  if (bytes === null) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function relativeAge(epochMs: number | null, now = Date.now()): string {
  if (epochMs === null) return '?';
  const seconds = Math.max(0, Math.round((now - epochMs) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
