// shm-inspector watch NAME --offset N --type T: one typed value, streamed as it
// changes (a line per change: time and value; JSON Lines with --json). It
// follows the value with the Plot panel's code (src-shared/lib/typed-value.ts)
// over the core's watcher, watching only the value's bytes.
import { type NumberType } from '../../../src-shared/contract';
import {
  decodeTypedValue,
  overlayRange,
  typedValueTypeLabel,
  typedValueWidth,
  type Endianness,
  type TypedValueSpec,
} from '../../../src-shared/lib/typed-value';
import { integerOption, secondsOption, type Parsed } from '../args';
import type { Context } from '../context';
import { escapeForTerminal, paint, type Output } from '../output';
import { CliError, EXIT, openForInspection, usageError } from '../session';
import { runWatchLoop } from './watch-loop';

/** The options only --type takes, checked before the block is opened. */
export function typedWatchOptions(parsed: Parsed): { type: NumberType; endianness: Endianness } | null {
  const type = parsed.values['type'] as NumberType | undefined;
  const endian = parsed.values['endian'] as Endianness | undefined;
  if (type === undefined) {
    if (endian !== undefined) throw usageError('--endian reads a typed value: give --type too');
    return null;
  }
  if (parsed.values['length'] !== undefined)
    throw usageError('--type watches the value at --offset: its width is the type, so --length is not taken');
  return { type, endianness: endian ?? 'little' };
}

export async function watchValue(
  { out, json, session }: Context,
  parsed: Parsed,
  typed: { type: NumberType; endianness: Endianness },
): Promise<number> {
  const { api } = session();
  const name = parsed.positionals[0]!;
  const count = integerOption(parsed, 'count', 1);
  const timeout = secondsOption(parsed, 'timeout');
  const offset = integerOption(parsed, 'offset') ?? 0;
  const block = await openForInspection(api, name);
  const spec: TypedValueSpec = { offset, ...typed };
  const width = typedValueWidth(spec);
  if (offset + width > block.size) {
    throw new CliError('ERR_SHM_RANGE', `a ${spec.type} at --offset ${offset} ends past the block (${block.size} bytes)`, EXIT.usage);
  }

  let seen = 0;
  let bytes: Uint8Array = new Uint8Array(width);
  return runWatchLoop(api, out, {
    name,
    size: block.size,
    offset,
    length: width,
    timeout,
    started: (initial) => {
      bytes = initial;
      return `shm-inspector: watching ${escapeForTerminal(name)} ${typedValueTypeLabel(spec)} at 0x${offset.toString(16)} (now ${decodeTypedValue(spec, bytes)}); Ctrl-C stops`;
    },
    changed: async (event, finish) => {
      let changed = false;
      for (const range of event.ranges) changed = overlayRange(spec, bytes, range) || changed;
      if (!changed || (count !== undefined && seen >= count)) return;
      seen += 1;
      const value = decodeTypedValue(spec, bytes);
      await out.line(json ? valueJson(name, spec, event.detectedAt, value) : valueLine(out, event.detectedAt, value));
      if (count !== undefined && seen >= count) finish();
    },
  });
}

/** A JSON number where it is exact; decimal text for 64-bit integers. */
function valueJson(name: string, spec: TypedValueSpec, detectedAt: number, value: number | bigint): string {
  return JSON.stringify({
    time: new Date(detectedAt).toISOString(),
    detectedAt,
    name,
    offset: spec.offset,
    type: spec.type,
    endian: spec.endianness,
    value: typeof value === 'bigint' ? value.toString() : jsonNumber(value),
  });
}

/** NaN and the infinities have no JSON number: they travel as their names. */
function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function valueLine(out: Output, detectedAt: number, value: number | bigint): string {
  return `${paint(out, 'dim', new Date(detectedAt).toISOString().slice(11, 23))}  ${String(value)}`;
}
