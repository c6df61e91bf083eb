// shm-inspector dump NAME: the block's bytes, like xxd, read through the core in 1 MiB pieces.
import { encodeBase64 } from '../../../src-shared/wire';
import type { Runner } from '../context';
import { escapeForTerminal, paint, type Output } from '../output';
import { openForInspection, readAll, readChunks, usageError } from '../session';
import type { DumpFormat } from '../spec';
import { rangeOf, rangeOptions } from './range';

/** What --json and utf16 hold in memory at once (a 1 GiB block in base64 would pass V8's longest string). */
const MAX_BUFFERED_DUMP = 64 << 20;

export const dump: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const name = parsed.positionals[0]!;
  rangeOptions(parsed);
  const block = await openForInspection(api, name);
  const { offset, length } = rangeOf(parsed, block);
  const format = (parsed.values['format'] as DumpFormat | undefined) ?? 'hex';
  if ((json || format === 'utf16') && length > MAX_BUFFERED_DUMP) {
    throw usageError(`--json and utf16 dump at most ${MAX_BUFFERED_DUMP} bytes at once; give --length, or use --format raw, hex or base64`);
  }
  if (json) {
    const bytes = await readAll(api, name, offset, length);
    await out.line(JSON.stringify({ name, size: block.size, offset, length, base64: encodeBase64(bytes) }));
    return 0;
  }
  if (format === 'raw') {
    for await (const piece of readChunks(api, name, offset, length)) await out.write(piece);
  } else if (format === 'hex') {
    await hexDump(out, readChunks(api, name, offset, length), offset);
  } else if (format === 'base64') {
    await base64Lines(out, readChunks(api, name, offset, length));
  } else if (format === 'c') {
    await cArray(out, name, readChunks(api, name, offset, length), length);
  } else {
    await out.line(escapeForTerminal(decodeUtf16UpToNul(await readAll(api, name, offset, length))));
  }
  return 0;
};

/** xxd's layout: offset, 16 bytes in pairs, then the bytes as ASCII (dots for the rest). */
async function hexDump(out: Output, pieces: AsyncIterable<Uint8Array>, start: number): Promise<void> {
  let row: number[] = [];
  let rowOffset = start;
  const flush = async () => {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) {
      const pair = row.slice(i, i + 2);
      groups.push(
        pair.map((b) => paint(out, b === 0 ? 'dim' : 'green', b.toString(16).padStart(2, '0'))).join('') + '  '.repeat(2 - pair.length),
      );
    }
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    await out.line(`${rowOffset.toString(16).padStart(8, '0')}: ${groups.join(' ')}  ${ascii}`);
    rowOffset += row.length;
    row = [];
  };
  for await (const piece of pieces) {
    for (const byte of piece) {
      row.push(byte);
      if (row.length === 16) await flush();
    }
  }
  if (row.length) await flush();
}

/** Bytes regrouped into rows of `width` as they stream by (the last row may be shorter). */
async function* rows(pieces: AsyncIterable<Uint8Array>, width: number): AsyncGenerator<Uint8Array> {
  let carry = new Uint8Array(0);
  for await (const piece of pieces) {
    const joined = new Uint8Array(carry.length + piece.length);
    joined.set(carry);
    joined.set(piece, carry.length);
    const whole = joined.length - (joined.length % width);
    for (let at = 0; at < whole; at += width) yield joined.subarray(at, at + width);
    carry = joined.slice(whole);
  }
  if (carry.length) yield carry;
}

/** base64 in lines of 76 characters (57 bytes each), streamed. */
async function base64Lines(out: Output, pieces: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const row of rows(pieces, 57)) await out.line(encodeBase64(row));
}

/** xxd -i's layout: a C array and its length, streamed. */
async function cArray(out: Output, name: string, pieces: AsyncIterable<Uint8Array>, length: number): Promise<void> {
  const identifier = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
  await out.line(`unsigned char ${identifier}[] = {`);
  let written = 0;
  for await (const row of rows(pieces, 12)) {
    written += row.length;
    const items = [...row].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');
    await out.line(`  ${items}${written < length ? ',' : ''}`);
  }
  await out.line('};');
  await out.line(`unsigned int ${identifier}_len = ${length};`);
}

/** The UTF-16LE text the range holds, up to its first NUL unit (the seed's layout, at any offset). */
export function decodeUtf16UpToNul(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~1)));
  const end = units.indexOf(0);
  return new TextDecoder('utf-16le').decode(end === -1 ? units : units.subarray(0, end));
}
