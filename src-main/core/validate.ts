// Checks for values that arrive from an untrusted renderer. Each check either
// returns the value with its proper type or throws a ContractError whose code
// and message say what was wrong, before anything reaches native code.
import { ContractError } from '../../src-shared/contract';

/** Arguments of a call must be a plain object (extra fields are ignored). */
export function argsObject(value: unknown, call: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new ContractError('ERR_BAD_MESSAGE', `the arguments of "${call}" must be an object`);
  }
  return value as Record<string, unknown>;
}

export function stringField(args: Record<string, unknown>, field: string): string {
  const value = args[field];
  if (typeof value !== 'string') throw new ContractError('ERR_SHM_ARG', `"${field}" must be a string, got ${describe(value)}`);
  return value;
}

export function optionalStringField(args: Record<string, unknown>, field: string): string | undefined {
  return args[field] === undefined ? undefined : stringField(args, field);
}

/**
 * A string of at most `maxLength` characters, measured before anything trims
 * or parses it (ERR_INPUT_TOO_LARGE past it). `what` names it for the user.
 */
export function boundedStringField(args: Record<string, unknown>, field: string, maxLength: number, what: string): string {
  const value = stringField(args, field);
  if (value.length > maxLength) {
    throw new ContractError('ERR_INPUT_TOO_LARGE', `${what} is ${value.length} characters long; at most ${maxLength} are accepted`);
  }
  return value;
}

export function optionalBoundedStringField(
  args: Record<string, unknown>,
  field: string,
  maxLength: number,
  what: string,
): string | undefined {
  return args[field] === undefined ? undefined : boundedStringField(args, field, maxLength, what);
}

/** An integer in [min, max]; `code` is the error for a number out of range. */
export function integerField(
  args: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  code: 'ERR_SHM_ARG' | 'ERR_SHM_RANGE' | 'ERR_SHM_SIZE' = 'ERR_SHM_ARG',
): number {
  const value = args[field];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ContractError(code === 'ERR_SHM_SIZE' ? code : 'ERR_SHM_ARG', `"${field}" must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) {
    throw new ContractError(code, `"${field}" must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

export function optionalIntegerField(args: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  return args[field] === undefined ? undefined : integerField(args, field, min, max);
}

export function optionalBooleanField(args: Record<string, unknown>, field: string): boolean | undefined {
  const value = args[field];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ContractError('ERR_SHM_ARG', `"${field}" must be true or false, got ${describe(value)}`);
}

export function bytesField(args: Record<string, unknown>, field: string): Uint8Array {
  const value = args[field];
  if (!(value instanceof Uint8Array))
    throw new ContractError('ERR_SHM_ARG', `"${field}" must be bytes (a Uint8Array), got ${describe(value)}`);
  return value;
}

export function oneOf<T extends string>(args: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const value = args[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ContractError('ERR_SHM_ARG', `"${field}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/**
 * Block names: what every backend accepts. Stricter platform rules (Windows
 * characters, macOS's 31 bytes) are the addon's, which reports them with the
 * same ERR_SHM_NAME code.
 */
export function blockName(args: Record<string, unknown>, maxBytes: number): string {
  const name = stringField(args, 'name');
  if (name.length === 0) throw new ContractError('ERR_SHM_NAME', 'the block name is empty');
  const bytes = new TextEncoder().encode(name).length;
  if (bytes > maxBytes) throw new ContractError('ERR_SHM_NAME', `the block name is ${bytes} bytes long; the limit is ${maxBytes}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new ContractError('ERR_SHM_NAME', 'the block name contains a control character');
  if (name.includes('/')) throw new ContractError('ERR_SHM_NAME', 'the block name contains "/", which shared-memory names cannot hold');
  if (name === '.' || name === '..') throw new ContractError('ERR_SHM_NAME', `"${name}" is not a block name`);
  return name;
}

/** `offset` and `length` of a read or a watch: at most `maxLength` bytes, inside a block of `size` bytes. */
export function rangeFields(args: Record<string, unknown>, size: number, maxLength: number): { offset: number; length: number } {
  const offset = integerField(args, 'offset', 0, size, 'ERR_SHM_RANGE');
  const length = integerField(args, 'length', 0, maxLength, 'ERR_SHM_RANGE');
  checkRange(offset, length, size);
  return { offset, length };
}

/** `kind` and `count` (default 1, at most `maxBatch`) of a launchReaders call. */
export function launchFields<K extends string>(
  args: Record<string, unknown>,
  kinds: readonly K[],
  maxBatch: number,
): { kind: K; count: number } {
  const kind = oneOf(args, 'kind', kinds);
  const count = args['count'] === undefined ? 1 : integerField(args, 'count', 1, maxBatch);
  return { kind, count };
}

/** offset + length must lie inside a block of `size` bytes. */
export function checkRange(offset: number, length: number, size: number): void {
  if (offset + length > size) {
    throw new ContractError('ERR_SHM_RANGE', `bytes ${offset}..${offset + length} lie outside the block (${size} bytes)`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}
