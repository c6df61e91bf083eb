// shm-inspector dump NAME: the block's bytes, like xxd, read through the core in 1 MiB pieces.
import { encodeBase64 } from '../../core/wire';
import type { Runner } from '../context';
import { escapeForTerminal, paint, type Output } from '../output';
import { openForInspection, readAll, readChunks } from '../session';
import type { DumpFormat } from '../spec';
import { rangeOf, rangeOptions } from './range';

export const dump: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const name = parsed.positionals[0]!;
  rangeOptions(parsed);
  const block = await openForInspection(api, name);
  const { offset, length } = rangeOf(parsed, block);
  const format = (parsed.values['format'] as DumpFormat | undefined) ?? 'hex';
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
    const text = encodeBase64(await readAll(api, name, offset, length));
    for (let at = 0; at < text.length; at += 76) await out.line(text.slice(at, at + 76));
  } else if (format === 'c') {
    await cArray(out, name, await readAll(api, name, offset, length));
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
      groups.push(pair.map((b) => paint(out, b === 0 ? 'dim' : 'green', b.toString(16).padStart(2, '0'))).join('') + '  '.repeat(2 - pair.length));
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

/** xxd -i's layout: a C array and its length. */
async function cArray(out: Output, name: string, bytes: Uint8Array): Promise<void> {
  const identifier = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
  await out.line(`unsigned char ${identifier}[] = {`);
  for (let at = 0; at < bytes.length; at += 12) {
    const items = [...bytes.subarray(at, at + 12)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ');
    await out.line(`  ${items}${at + 12 < bytes.length ? ',' : ''}`);
  }
  await out.line('};');
  await out.line(`unsigned int ${identifier}_len = ${bytes.length};`);
}

/** The UTF-16LE text the range holds, up to its first NUL unit (the seed's layout, at any offset). */
export function decodeUtf16UpToNul(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.byteLength & ~1)));
  const end = units.indexOf(0);
  return new TextDecoder('utf-16le').decode(end === -1 ? units : units.subarray(0, end));
}
