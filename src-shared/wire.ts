// JSON for transports that carry text (HTTP, server-sent events, sockets).
// The contract speaks Uint8Array; JSON does not, so bytes travel as
// { "$bytes": "<base64>" } and are revived on the other side. Electron's IPC
// uses structured clone and needs none of this.
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
  // `this[key]` is the value before toJSON(): Node's Buffer (a Uint8Array) has a
  // toJSON that would otherwise turn it into { type: 'Buffer', data: [...] }.
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof Uint8Array) return { [BYTES_KEY]: encodeBase64(original) };
    return v instanceof Uint8Array ? { [BYTES_KEY]: encodeBase64(v) } : v;
  });
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
