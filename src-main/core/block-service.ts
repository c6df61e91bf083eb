// The blocks this main process has opened, by name, and every operation on
// them. Each call's arguments are validated here (the renderer is untrusted)
// before the addon sees them, and the addon's errors come out as
// ContractErrors with the addon's own ERR_SHM_* code.
import {
  ContractError,
  MAX_READ_LENGTH,
  type BlockInfo,
  type ByteRange,
  type GetStringResult,
  type SetStringResult,
  type UnlinkResult,
  type WriteIfUnchangedResult,
  type WriteResult,
} from '../../src-shared/contract';
import { MAX_WRITE_LENGTH } from './limits';
import { callNative } from './native-errors';
import type { NativeBlock, NativeModule } from './native';
import { argsObject, blockName, bytesField, checkRange, integerField, optionalBooleanField, optionalIntegerField, rangeFields, stringField } from './validate';

interface OpenEntry {
  block: NativeBlock;
  /** Set once unlinked: the mapping stays valid, but a new openBlock of the name maps a fresh object. */
  unlinked: boolean;
}

export class BlockService {
  private readonly blocks = new Map<string, OpenEntry>();

  constructor(private readonly native: NativeModule) {}

  get maxSize(): number {
    return this.native.MAX_SIZE;
  }

  get maxNameLength(): number {
    return this.native.MAX_NAME_LENGTH;
  }

  openBlock(rawArgs: unknown): BlockInfo {
    const args = argsObject(rawArgs, 'openBlock');
    const name = blockName(args, this.maxNameLength);
    const create = optionalBooleanField(args, 'create') ?? true;
    // To create, the size must be known; to open an existing block it may come from the block itself.
    const size = create || args['size'] !== undefined ? integerField(args, 'size', 1, this.maxSize, 'ERR_SHM_SIZE') : undefined;
    const existing = this.blocks.get(name);
    // Reuse our mapping unless the name was unlinked (by us or anyone) and so now means another object.
    if (existing && !existing.unlinked && callNative(() => existing.block.linked())) {
      if (size !== undefined && existing.block.size !== size) {
        throw new ContractError(
          'ERR_SHM_SIZE_MISMATCH',
          `block "${name}" is already open with ${existing.block.size} bytes, not ${size}`,
        );
      }
      return describeBlock(existing.block);
    }
    const block = callNative(() => this.native.openBlock({ name, size: size ?? 'existing', create }));
    if (existing) callNative(() => existing.block.close());
    this.blocks.set(name, { block, unlinked: false });
    return describeBlock(block);
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
   * Writes `bytes` only where the block still holds `expect`. The read, the
   * compare and the write happen in one synchronous turn of this process, so
   * no other call of any window comes between them; another process writing
   * in that same microsecond is the one race left (the addon's lock is held
   * per read and per write, not across both).
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
    const found = this.readRange(block, offset, bytes.length);
    if (!sameBytes(found, expected)) return { written: false, found };
    if (bytes.length > 0) callNative(() => block.write(offset, bytes));
    return { written: true, found };
  }

  unlink(rawArgs: unknown): UnlinkResult {
    const args = argsObject(rawArgs, 'unlink');
    const name = blockName(args, this.maxNameLength);
    const entry = this.entryFor(name);
    const unlinked = callNative(() => entry.block.unlink());
    if (entry.block.backend === 'posix') entry.unlinked = true;
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
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}
