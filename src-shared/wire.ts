// How contract values travel where there is no structured clone (HTTP,
// server-sent events, sockets). The contract speaks Uint8Array; JSON does not.
// Two encodings, one walk over the value:
//   wire JSON   text: bytes as { "$bytes": "<base64>" } (events, curl, tests)
//   wire frame  binary: the value's JSON with bytes as { "$frame": [at, length] }
//               and the bytes themselves after it, raw (the browser host's
//               calls: a 1 MiB read or write is a copy, not base64 and a
//               1.4 MB JSON string on each side)
// Electron's IPC uses structured clone and needs neither.
//
// Shared with the renderer: no Node imports (Buffer only if the platform has it).

const BYTES_KEY = '$bytes';
interface Base64Codec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
}

/**
 * The platform's own base64, never ours: Uint8Array.fromBase64/toBase64 where
 * the engine has them (Chromium, so the renderer), Node's Buffer in the main
 * process (Node 20 lacks the former), atob/btoa anywhere else.
 */
const platformBase64: Base64Codec = (() => {
  const typed = Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array; prototype: { toBase64?: () => string } };
  const fromBase64 = typed.fromBase64;
  if (typeof fromBase64 === 'function' && typeof typed.prototype.toBase64 === 'function') {
    return {
      encode: (bytes) => (bytes as unknown as { toBase64(): string }).toBase64(),
      decode: (text) => fromBase64.call(Uint8Array, text),
    };
  }
  const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;
  if (NodeBuffer) {
    return {
      encode: (bytes) => NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      decode: (text) => new Uint8Array(NodeBuffer.from(text, 'base64')),
    };
  }
  return {
    encode: (bytes) => {
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    decode: (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
  };
})();

interface NodeBufferLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string };
  from(text: string, encoding: 'base64'): Uint8Array;
}

export function encodeBase64(bytes: Uint8Array): string {
  return platformBase64.encode(bytes);
}

/**
 * Throws on anything that is not canonical base64, so a malformed message is
 * refused, not guessed at. Canonical means what encodeBase64 gives back for
 * the decoded bytes: that one comparison catches stray characters, padding in
 * the middle and non-zero leftover bits, and costs less than a regular
 * expression over a 1.4 MB read (the platform's codecs are native).
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 length is not a multiple of 4');
  let bytes: Uint8Array;
  try {
    bytes = platformBase64.decode(text);
  } catch {
    throw new Error('invalid base64 character');
  }
  if (platformBase64.encode(bytes) !== text) throw new Error('base64 is not canonical (a character, padding or leftover bits)');
  return bytes;
}

export function toWireJson(value: unknown): string {
  return JSON.stringify(replaceBytes(value, (bytes) => ({ [BYTES_KEY]: encodeBase64(bytes) })));
}

/**
 * `value` with each Uint8Array replaced by `replace(bytes)`, copying only the
 * objects and arrays on the way to one: the rest is the caller's, unchanged
 * (JSON.stringify sees the same own enumerable keys either way). Done before
 * JSON.stringify, not in a replacer: stringify calls a Buffer's toJSON (a 1 MiB
 * read from the addon becomes an array of a million numbers, ~28 ms) before a
 * replacer sees it. An answer of 4,096 History times is not copied at all.
 */
function replaceBytes(value: unknown, replace: (bytes: Uint8Array) => unknown): unknown {
  if (value instanceof Uint8Array) return replace(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const replaced = replaceBytes(item, replace);
      if (replaced !== item) (copy ??= value.slice())[i] = replaced;
    }
    return copy ?? value;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value; // a Date: its toJSON decides
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === null || typeof item !== 'object') continue;
    const replaced = replaceBytes(item, replace);
    if (replaced === item) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    // defineProperty: an own "__proto__" key (JSON.parse makes them) stays a key, not a prototype.
    Object.defineProperty(copy, key, { value: replaced, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}

/** Parses JSON and revives byte fields. Throws on malformed JSON or base64. */
export function fromWireJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const encoded = (v as Record<string, unknown>)[BYTES_KEY];
      if (keys.length === 1 && typeof encoded === 'string') return decodeBase64(encoded);
    }
    return v;
  });
}

// ---- wire frames ----------------------------------------------------------
//
//   offset 0   "SHMF" (4 bytes)
//   offset 4   J: the JSON's length in bytes, uint32 little-endian
//   offset 8   J bytes of UTF-8 JSON, padded with spaces to a multiple of 8;
//              each Uint8Array is { "$frame": [at, length] }, `at` counted
//              from the end of the JSON
//   8 + J      the byte fields, in the order the JSON names them, each at the
//              first multiple of 8 after the one before (zero padding), so a
//              decoded field is an aligned view (word-wise compares)
//
// The frame ends exactly where its last field does. A decoder refuses
// anything else (wrong magic, a length past the end, malformed JSON, a field
// out of order, out of the frame or misaligned, bytes left over) with a
// WireFrameError: a bad frame is never half-read.

const FRAME_MAGIC = [0x53, 0x48, 0x4d, 0x46]; // "SHMF"
const FRAME_HEADER_BYTES = 8;
const FRAME_ALIGN = 8;
const FRAME_KEY = '$frame';

/** A frame that is not one; its message says what is wrong. */
export class WireFrameError extends Error {}

function alignUp(n: number): number {
  return Math.ceil(n / FRAME_ALIGN) * FRAME_ALIGN;
}

/** `value` as one wire frame: its byte fields are copied once, raw. */
export function toWireFrame(value: unknown): Uint8Array<ArrayBuffer> {
  const fields: Array<{ at: number; bytes: Uint8Array }> = [];
  let tailLength = 0;
  const json = JSON.stringify(
    replaceBytes(value, (bytes) => {
      const at = alignUp(tailLength);
      fields.push({ at, bytes });
      tailLength = at + bytes.length;
      return { [FRAME_KEY]: [at, bytes.length] };
    }),
  );
  const text = new TextEncoder().encode(json);
  const jsonLength = alignUp(text.length);
  const frame = new Uint8Array(FRAME_HEADER_BYTES + jsonLength + tailLength);
  frame.set(FRAME_MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, jsonLength, true);
  frame.set(text, FRAME_HEADER_BYTES);
  frame.fill(0x20, FRAME_HEADER_BYTES + text.length, FRAME_HEADER_BYTES + jsonLength);
  const tail = FRAME_HEADER_BYTES + jsonLength;
  for (const { at, bytes } of fields) frame.set(bytes, tail + at);
  return frame;
}

/**
 * The value of a wire frame. Its byte fields are views of `frame` (no copy):
 * the caller hands over the frame. Throws WireFrameError on anything that is
 * not exactly a frame.
 */
export function fromWireFrame(frame: Uint8Array): unknown {
  if (frame.length < FRAME_HEADER_BYTES)
    throw new WireFrameError(`a frame has at least ${FRAME_HEADER_BYTES} bytes; this one has ${frame.length}`);
  if (FRAME_MAGIC.some((byte, i) => frame[i] !== byte)) throw new WireFrameError('not a wire frame (it does not start with "SHMF")');
  const jsonLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4, true);
  const tail = FRAME_HEADER_BYTES + jsonLength;
  if (tail > frame.length) throw new WireFrameError(`the frame's JSON (${jsonLength} bytes) runs past its end (${frame.length} bytes)`);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(FRAME_HEADER_BYTES, tail));
  } catch {
    throw new WireFrameError("the frame's JSON is not UTF-8");
  }
  let expectedAt = 0;
  const reviveField = (_key: string, v: unknown): unknown => {
    const field = frameField(v);
    if (!field) return v;
    const [at, length] = field;
    if (at !== alignUp(expectedAt))
      throw new WireFrameError(`a byte field starts at ${at}, not ${alignUp(expectedAt)} (out of order or misaligned)`);
    if (tail + at + length > frame.length) throw new WireFrameError(`a byte field [${at}, +${length}) runs past the frame's end`);
    expectedAt = at + length;
    return frame.subarray(tail + at, tail + at + length);
  };
  let value: unknown;
  try {
    value = JSON.parse(json, reviveField);
  } catch (error) {
    if (error instanceof WireFrameError) throw error;
    throw new WireFrameError(`the frame's JSON is malformed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (tail + expectedAt !== frame.length) {
    throw new WireFrameError(`the frame has ${frame.length - tail - expectedAt} bytes after its last field`);
  }
  return value;
}

/** [at, length] of a { "$frame": [at, length] } field; null for any other value. Throws on a malformed one. */
function frameField(v: unknown): [number, number] | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== FRAME_KEY) return null;
  const field = (v as Record<string, unknown>)[FRAME_KEY];
  if (!Array.isArray(field) || field.length !== 2 || !field.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new WireFrameError('a byte field must be { "$frame": [at, length] } with two non-negative integers');
  }
  return field as [number, number];
}
