// Value scan (Cheat Engine's workflow) over a block, on the native engine
// (native/src/common/scan.h): candidates live in native memory, each scan step runs
// on a worker thread chunk by chunk, with progress and cancel.
//
//   const scan = new ValueScan(block, { type: 'u32', endianness: 'little', aligned: true });
//   await scan.firstScan({ mode: 'unknown' });                 // or exact { value }, range { min, max }
//   await scan.nextScan({ mode: 'increased' });                // changed, unchanged, increased, decreased,
//                                                              // increasedBy/decreasedBy { by }, exact { value }, range
//   scan.candidates(0, 100)  -> [{ offset, previous }]         previous = the value at the last scan
//   scan.stats()             -> { count, memoryBytes, dense, scanned }
//   scan.dispose()                                             frees the native memory now
//
// Values are numbers, or bigints for i64/u64 (numbers are accepted and
// converted). One step at a time: a second call while one runs is refused
// with ERR_SCAN_BUSY. A cancelled step (AbortSignal) rejects with the
// signal's reason and leaves the previous candidates as they were.
// Float comparisons are exact (increasedBy N means now == before + N in the
// type's arithmetic); changed/unchanged compare bytes, so NaN stays unchanged.
import { loadNative } from '../native';
import { encodeNumber, numberWidth, PatternError, type Endianness, type NumberType } from '../search/patterns';
import type { SearchableBlock } from '../search';
import { readIntoInSlices } from '../patient-read';
import { decodeScanValue } from '../../../src-shared/lib/scan-value';

export type { Endianness, NumberType };

export interface ValueScanOptions {
  type: NumberType;
  endianness: Endianness;
  /** true: starts at multiples of the width only (Cheat Engine's "fast scan"); false: every byte. */
  aligned: boolean;
}

export type ScanValue = number | bigint;

export type FirstScan = { mode: 'exact'; value: ScanValue } | { mode: 'range'; min: ScanValue; max: ScanValue } | { mode: 'unknown' };

export type NextScan =
  | { mode: 'changed' | 'unchanged' | 'increased' | 'decreased' }
  | { mode: 'increasedBy' | 'decreasedBy'; by: ScanValue }
  | { mode: 'exact'; value: ScanValue }
  | { mode: 'range'; min: ScanValue; max: ScanValue };

export interface ScanStepOptions {
  onProgress?: (progress: { done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Bytes per chunk (a multiple of 8); default 4 MiB. */
  chunkSize?: number;
}

export interface ScanStats {
  count: number;
  /** Native memory the candidates take. */
  memoryBytes: number;
  /** Dense: a copy of the block and a bit per start; sparse: offsets and previous values. */
  dense: boolean;
  scanned: boolean;
}

export interface Candidate {
  offset: number;
  /** The value at the last scan. */
  previous: ScanValue;
}

export type ScanErrorCode = 'ERR_SCAN_BUSY' | 'ERR_SCAN_VALUE' | 'ERR_SCAN_ORDER' | 'ERR_SCAN_DISPOSED';

export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The value a type's bytes hold (pure; shared with the window's watch list). */
export { decodeScanValue } from '../../../src-shared/lib/scan-value';

export const DEFAULT_SCAN_CHUNK = 4 * 1024 * 1024;

type NativeSession = InstanceType<ReturnType<typeof loadNative>['ScanSession']>;

export class ValueScan {
  readonly width: number;
  private readonly session: NativeSession;
  private running = false;
  private disposed = false;

  constructor(
    private readonly block: SearchableBlock,
    readonly options: ValueScanOptions,
  ) {
    this.width = numberWidth(options.type);
    const kind = options.type.startsWith('f') ? 'float' : options.type.startsWith('i') ? 'signed' : 'unsigned';
    const { ScanSession } = loadNative();
    this.session = new ScanSession({
      kind,
      width: this.width as 1 | 2 | 4 | 8,
      bigEndian: options.endianness === 'big',
      step: options.aligned ? this.width : 1,
      blockSize: block.size,
    });
  }

  firstScan(criteria: FirstScan, options: ScanStepOptions = {}): Promise<ScanStats> {
    return this.step(options, () => {
      const [a, b] = this.operands(criteria);
      this.session.beginFirst(criteria.mode, a, b);
    });
  }

  nextScan(criteria: NextScan, options: ScanStepOptions = {}): Promise<ScanStats> {
    return this.step(options, () => {
      if (!this.session.stats().scanned) throw new ScanError('ERR_SCAN_ORDER', 'a next scan needs a first scan');
      const [a, b] = this.operands(criteria);
      this.session.beginNext(criteria.mode, a, b);
    });
  }

  stats(): ScanStats {
    this.requireIdle();
    const { count, memoryBytes, dense, scanned } = this.session.stats();
    return { count, memoryBytes, dense, scanned };
  }

  /** Candidates from index `from` (offset order), at most `max` (capped at 1 Mi). */
  candidates(from = 0, max = 1000): Candidate[] {
    this.requireIdle();
    const { offsets, values } = this.session.list(from, max);
    return offsets.map((offset, i) => ({ offset, previous: this.decode(values, i * this.width) }));
  }

  dispose(): void {
    if (this.disposed) return;
    this.requireIdle();
    this.disposed = true;
    this.session.dispose();
  }

  private requireIdle(): void {
    if (this.disposed) throw new ScanError('ERR_SCAN_DISPOSED', 'this scan was disposed; start a new one');
    if (this.running) throw new ScanError('ERR_SCAN_BUSY', 'a scan step is running; wait for it or cancel it');
  }

  private operands(criteria: FirstScan | NextScan): [ScanValue | undefined, ScanValue | undefined] {
    if ('value' in criteria) return [this.checked(criteria.value, 'value'), undefined];
    if ('min' in criteria) return [this.checked(criteria.min, 'min'), this.checked(criteria.max, 'max')];
    if ('by' in criteria) return [this.checked(criteria.by, 'by'), undefined];
    return [undefined, undefined];
  }

  /** A value checked against the type's range; 64-bit integers travel as bigint. */
  private checked(value: ScanValue, what: string): ScanValue {
    try {
      encodeNumber(value, this.options.type, this.options.endianness);
    } catch (error) {
      if (error instanceof PatternError) throw new ScanError('ERR_SCAN_VALUE', `${what}: ${error.message}`);
      throw error;
    }
    const is64 = this.options.type === 'i64' || this.options.type === 'u64';
    return is64 ? BigInt(value) : Number(value);
  }

  private decode(values: Buffer, at: number): ScanValue {
    return decodeScanValue(values.subarray(at, at + this.width), this.options.type, this.options.endianness);
  }

  /** One pass: begin, feed the block chunk by chunk (reading the next while one is scanned), finish. */
  private async step(options: ScanStepOptions, begin: () => void): Promise<ScanStats> {
    this.requireIdle();
    const chunkSize = options.chunkSize ?? DEFAULT_SCAN_CHUNK;
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 8 || chunkSize % 8 !== 0) {
      throw new ScanError('ERR_SCAN_VALUE', `chunkSize must be a multiple of 8 from 8 up, got ${chunkSize}`);
    }
    begin();
    this.running = true;
    let feeding: Promise<void> | null = null;
    try {
      const size = this.block.size;
      const buffers = [Buffer.allocUnsafe(Math.min(size, chunkSize + 7)), Buffer.allocUnsafe(Math.min(size, chunkSize + 7))];
      for (let base = 0, i = 0; base < size; base += chunkSize, i++) {
        options.signal?.throwIfAborted();
        const startEnd = Math.min(base + chunkSize, size);
        const end = Math.min(startEnd + this.width - 1, size);
        const chunk = buffers[i % 2]!.subarray(0, end - base);
        await readIntoInSlices(this.block, base, chunk); // patient (a busy lock is waited out), the loop free between slices
        if (feeding) await feeding;
        feeding = null;
        const fed = this.session.feed(chunk, base, startEnd);
        feeding = fed;
        fed.catch(() => undefined); // awaited below or abandoned on an error
        await Promise.resolve();
        options.onProgress?.({ done: base, total: size });
      }
      if (feeding) await feeding;
      feeding = null;
      options.signal?.throwIfAborted();
      await this.session.finish();
      options.onProgress?.({ done: size, total: size });
    } catch (error) {
      if (feeding) await feeding.catch(() => undefined);
      this.session.abort();
      throw error;
    } finally {
      this.running = false;
    }
    return this.stats();
  }
}
