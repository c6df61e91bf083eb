// Parsing and formatting of offsets and sizes, as a hex editor's user types them.

/** The row width a window starts with (the hex view offers 8, 16 and 32). */
export const BYTES_PER_ROW = 16;

/** A wider gap before every eighth column, as hex editors group bytes. */
export function isGroupStart(column: number): boolean {
  return column > 0 && column % 8 === 0;
}

/** Hex digits enough for the largest offset of a block of `size` bytes (at least 8, like HxD). */
export function offsetDigits(size: number): number {
  return Math.max(8, Math.max(1, size - 1).toString(16).length);
}

export function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/**
 * `0x1F0`, `1F0h` are hex; `496` is decimal. Anything else is refused with a
 * message that says what is accepted.
 */
export function parseNumber(text: string, what: string): Parsed {
  const t = text.trim().replace(/_/g, '');
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(t)) value = parseInt(t.slice(2), 16);
  else if (/^[0-9a-f]+h$/i.test(t)) value = parseInt(t.slice(0, -1), 16);
  else if (/^[0-9]+$/.test(t)) value = parseInt(t, 10);
  else {
    return {
      ok: false,
      message: `"${text}" is not a valid ${what}. Type decimal (4096) or hex (0x1000 or 1000h).`,
    };
  }
  if (!Number.isSafeInteger(value)) return { ok: false, message: `${text} is too large.` };
  return { ok: true, value };
}

/** "1 byte", "4,096 bytes": a count with its noun in the right number. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : plural}`;
}

/** "0x100–0x103 (4 bytes)", or "0x5 (1 byte)" for a single byte. */
export function spanLabel(offset: number, length: number): string {
  const where = length === 1 ? `0x${hex(offset, 1)}` : `0x${hex(offset, 1)}–0x${hex(offset + length - 1, 1)}`;
  return `${where} (${countOf(length, 'byte')})`;
}

/** "4 KiB", "1.5 MiB", "700 bytes": a size that fits a table column (the exact count goes in its title). */
export function formatSizeShort(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return countOf(bytes, 'byte');
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value} ${units[unit]} (${bytes.toLocaleString('en-US')} bytes)`;
}
