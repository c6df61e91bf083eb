// The blocks this main process has opened, by name, and every operation on
// them. Each call's arguments are validated here (the renderer is untrusted)
// before the addon sees them, and the addon's errors come out as
// ContractErrors with the addon's own ERR_SHM_* code.
import {
  ContractError,
  MAX_READ_LENGTH,
  SYSV_NAME_PATTERN,
  type BlockInfo,
  type ByteRange,
  type GetStringResult,
  type SetStringResult,
  type UnlinkResult,
  type WriteIfUnchangedResult,
  type WriteResult,
} from '../../src-shared/contract';
import { looksLikeProcName, parseProcName, procNameProblem, type ProcObjectRef } from '../../src-shared/proc-names';
import { MAX_OPEN_BLOCKS, MAX_WRITE_LENGTH } from './limits';
import { callNative } from './native-errors';
import type { NativeBlock, NativeModule } from './native';
import {
  argsObject,
  blockName,
  bytesField,
  checkRange,
  integerField,
  optionalBooleanField,
  optionalIntegerField,
  rangeFields,
  stringField,
} from './validate';

interface OpenEntry {
  block: NativeBlock;
  /** Set once unlinked: the mapping stays valid, but a new openBlock of the name maps a fresh object. */
  unlinked: boolean;
  /** The clients (windows) that opened it and have not closed it; closeBlock closes it when the last one goes. */
  users: Set<string>;
}

export class BlockService {
  private readonly blocks = new Map<string, OpenEntry>();

  constructor(
    private readonly native: NativeModule,
    /** Told when a name is unlinked through this service (the core tells every window). */
    private readonly onUnlinked: (name: string) => void = () => undefined,
    private readonly maxOpenBlocks = MAX_OPEN_BLOCKS,
  ) {}

  get maxSize(): number {
    return this.native.MAX_SIZE;
  }

  get maxNameLength(): number {
    return this.native.MAX_NAME_LENGTH;
  }

  openBlock(rawArgs: unknown, clientId = 'internal'): BlockInfo {
    const args = argsObject(rawArgs, 'openBlock');
    const name = blockName(args, this.maxNameLength);
    const sysvId = sysvIdOf(name);
    const procRef = procRefOf(name);
    const readOnly = sysvId !== null || procRef !== null || (optionalBooleanField(args, 'readOnly') ?? false);
    // A read-only open never creates; to create, the size must be known.
    const create = !readOnly && (optionalBooleanField(args, 'create') ?? true);
    const size = create || args['size'] !== undefined ? integerField(args, 'size', 1, this.maxSize, 'ERR_SHM_SIZE') : undefined;
    const existing = this.blocks.get(name);
    // Reuse our mapping unless the name was unlinked (by us or anyone) and so now means another object,
    // or the window asks to write through a mapping opened read-only.
    if (existing && this.stillNamed(existing) && (readOnly || !existing.block.readOnly)) {
      if (size !== undefined && existing.block.size !== size) {
        throw new ContractError('ERR_SHM_SIZE_MISMATCH', `block "${name}" is already open with ${existing.block.size} bytes, not ${size}`);
      }
      existing.users.add(clientId);
      return describeBlock(existing.block);
    }
    if (!existing && this.blocks.size >= this.maxOpenBlocks) {
      throw new ContractError(
        'ERR_BLOCK_LIMIT',
        `${this.blocks.size} blocks are open in this host, the most it keeps; close some first (closeBlock)`,
      );
    }
    // The addon removes whatever a failed open created, so a throw here leaves nothing behind.
    const block = callNative(() =>
      sysvId !== null
        ? this.native.openSysvSegment({ id: sysvId })
        : procRef !== null
          ? this.native.openProcObject(procRef)
          : this.native.openBlock({ name, size: size ?? 'existing', create, readOnly }),
    );
    if (existing) callNative(() => existing.block.close());
    this.blocks.set(name, { block, unlinked: false, users: new Set([...(existing?.users ?? []), clientId]) });
    return describeBlock(block);
  }

  /** The client no longer uses the block; the block closes when no client does. */
  closeBlock(rawArgs: unknown, clientId = 'internal'): { closed: boolean } {
    const args = argsObject(rawArgs, 'closeBlock');
    const name = blockName(args, this.maxNameLength);
    const entry = this.entryFor(name);
    entry.users.delete(clientId);
    return { closed: this.closeIfUnused(name, entry) };
  }

  /** The client is gone for good: closeBlock of every block it still uses. Returns the names that closed. */
  releaseClient(clientId: string): string[] {
    const closed: string[] = [];
    for (const [name, entry] of this.blocks) {
      if (entry.users.delete(clientId) && this.closeIfUnused(name, entry)) closed.push(name);
    }
    return closed;
  }

  /** Open blocks, by name, for the monitor. */
  openNames(): string[] {
    return [...this.blocks.keys()];
  }

  /**
   * Whether the open block's name still names it (a shm_open + fstat: the
   * monitor calls it twice a second per watched block). The first time it
   * does not, the entry is marked and onUnlinked told.
   */
  checkLinked(name: string): boolean {
    const entry = this.blocks.get(name);
    if (!entry || entry.unlinked) return false;
    if (this.stillNamed(entry)) return true;
    this.markUnlinked(name, entry);
    return false;
  }

  info(rawArgs: unknown): BlockInfo {
    return describeBlock(this.blockFor(rawArgs, 'info'));
  }

  setString(rawArgs: unknown): SetStringResult {
    const args = argsObject(rawArgs, 'setString');
    const block = this.lookup(args);
    const text = stringField(args, 'text');
    const result = callNative(() => block.setString(text));
    return { units: result.units, truncated: result.truncated, capacityUnits: capacityUnits(block.size) };
  }

  getString(rawArgs: unknown): GetStringResult {
    const args = argsObject(rawArgs, 'getString');
    const block = this.lookup(args);
    const cch = optionalIntegerField(args, 'cch', 1, 0x7fffffff);
    const maxUnits = cch === undefined ? undefined : Math.min(cch - 1, capacityUnits(block.size));
    const text = callNative(() => block.getString(maxUnits));
    return { text, units: text.length };
  }

  read(rawArgs: unknown): ByteRange {
    const args = argsObject(rawArgs, 'read');
    const block = this.lookup(args);
    const { offset, length } = rangeFields(args, block.size, MAX_READ_LENGTH);
    return { offset, bytes: this.readRange(block, offset, length) };
  }

  write(rawArgs: unknown): WriteResult {
    const args = argsObject(rawArgs, 'write');
    const block = this.lookup(args);
    const offset = integerField(args, 'offset', 0, block.size, 'ERR_SHM_RANGE');
    const bytes = bytesField(args, 'bytes');
    if (bytes.length > MAX_WRITE_LENGTH) {
      throw new ContractError('ERR_SHM_RANGE', `one write carries at most ${MAX_WRITE_LENGTH} bytes, got ${bytes.length}`);
    }
    checkRange(offset, bytes.length, block.size);
    if (bytes.length > 0) callNative(() => block.write(offset, bytes));
    return { written: bytes.length };
  }

  /**
   * Writes `bytes` only where the block still holds `expect`. The addon
   * compares and writes under one hold of the block's cross-process lock, so
   * no write through this library, by any window or process, comes between
   * them (a program that writes without the lock never could be kept out).
   */
  writeIfUnchanged(rawArgs: unknown): WriteIfUnchangedResult {
    const args = argsObject(rawArgs, 'writeIfUnchanged');
    const block = this.lookup(args);
    const offset = integerField(args, 'offset', 0, block.size, 'ERR_SHM_RANGE');
    const expected = bytesField(args, 'expect');
    const bytes = bytesField(args, 'bytes');
    if (expected.length !== bytes.length) {
      throw new ContractError('ERR_SHM_ARG', `expect holds ${expected.length} bytes and bytes ${bytes.length}: they must be as long`);
    }
    if (bytes.length > MAX_WRITE_LENGTH) {
      throw new ContractError('ERR_SHM_RANGE', `one write carries at most ${MAX_WRITE_LENGTH} bytes, got ${bytes.length}`);
    }
    checkRange(offset, bytes.length, block.size);
    if (bytes.length === 0) return { written: true, found: new Uint8Array(0) };
    const { written, found } = callNative(() => block.writeIfUnchanged(offset, expected, bytes));
    return { written, found: new Uint8Array(found.buffer, found.byteOffset, found.length) };
  }

  unlink(rawArgs: unknown): UnlinkResult {
    const args = argsObject(rawArgs, 'unlink');
    const name = blockName(args, this.maxNameLength);
    const entry = this.entryFor(name);
    const unlinked = callNative(() => entry.block.unlink());
    if (entry.block.backend === 'posix' && !entry.unlinked) this.markUnlinked(name, entry);
    return { unlinked };
  }

  /** The open block named by `args.name` (validated), or ERR_BLOCK_NOT_OPEN. */
  lookup(args: Record<string, unknown>): NativeBlock {
    return this.entryFor(blockName(args, this.maxNameLength)).block;
  }

  /** The open block of this name, or null; for the watcher, which must not throw per tick. */
  peek(name: string): NativeBlock | null {
    return this.blocks.get(name)?.block ?? null;
  }

  /** A copy of bytes from a block; the range must already be checked. */
  readRange(block: NativeBlock, offset: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    const copy = callNative(() => block.read(offset, length));
    // A plain Uint8Array over the same copy: the contract speaks Uint8Array, not Node's Buffer.
    return new Uint8Array(copy.buffer, copy.byteOffset, copy.length);
  }

  closeAll(): void {
    for (const entry of this.blocks.values()) {
      try {
        entry.block.close();
      } catch {
        // Closing is best effort at shutdown; the OS unmaps on exit anyway.
      }
    }
    this.blocks.clear();
  }

  /** Closes the block once no client uses it; true if it closed. */
  private closeIfUnused(name: string, entry: OpenEntry): boolean {
    if (entry.users.size > 0) return false;
    this.blocks.delete(name);
    callNative(() => entry.block.close());
    return true;
  }

  private stillNamed(entry: OpenEntry): boolean {
    // A System V segment has no name to lose; Windows names live as long as a handle does.
    if (entry.unlinked) return false;
    if (sysvIdOf(entry.block.name) !== null) return true;
    return callNative(() => entry.block.linked());
  }

  private markUnlinked(name: string, entry: OpenEntry): void {
    entry.unlinked = true;
    try {
      this.onUnlinked(name);
    } catch {
      // Telling windows is best effort; the unlink itself happened.
    }
  }

  private blockFor(rawArgs: unknown, call: string): NativeBlock {
    return this.lookup(argsObject(rawArgs, call));
  }

  private entryFor(name: string): OpenEntry {
    const entry = this.blocks.get(name);
    if (!entry) throw new ContractError('ERR_BLOCK_NOT_OPEN', `block "${name}" is not open; open it first (openBlock)`);
    return entry;
  }
}

export function capacityUnits(size: number): number {
  return Math.max(0, Math.floor(size / 2) - 1);
}

export function describeBlock(block: NativeBlock): BlockInfo {
  return {
    name: block.name,
    size: block.size,
    backend: block.backend,
    createdHere: block.createdHere,
    systemName: block.systemName,
    persistsUntilUnlinked: block.backend === 'posix',
    capacityUnits: capacityUnits(block.size),
    readOnly: block.readOnly,
    locked: block.locked,
  };
}

/** The System V id a `sysv:<id>` name asks for, or null for any other name. */
function sysvIdOf(name: string): number | null {
  const match = SYSV_NAME_PATTERN.exec(name);
  if (!match) return null;
  const id = Number(match[1]);
  if (id > 0x7fffffff) throw new ContractError('ERR_SHM_NAME', `System V id ${match[1]} is out of range`);
  return id;
}

/**
 * The /proc object a `proc:` name asks for (src-shared/proc-names.ts), or
 * null for any other name. A name that starts with `proc:` but is not of the
 * scheme is refused (ERR_SHM_NAME), never taken for a POSIX name.
 */
function procRefOf(name: string): ProcObjectRef | null {
  if (!looksLikeProcName(name)) return null;
  const ref = parseProcName(name);
  if (!ref) throw new ContractError('ERR_SHM_NAME', procNameProblem(name));
  return ref;
}
