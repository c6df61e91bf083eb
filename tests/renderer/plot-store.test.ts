// The Plot panel's store (src-renderer/src/stores/plot.ts) through a window's
// session over a real core: a series' past rebuilt from the History, new
// values from change events, the caps, and the pure parts (ring, CSV, the
// walk back through the History's changes).
import { describe, expect, it } from 'vitest';
import type { BlockInfo } from '../../src-shared/contract';
import { alignSeries, seriesCsv } from '../../src-renderer/src/plot/chartData';
import { PLOT_MAX_SERIES } from '../../src-renderer/src/plot/limits';
import { PointRing } from '../../src-renderer/src/plot/ring';
import { pastPoints, seriesStats } from '../../src-renderer/src/plot/series';
import { bookmarkRequest, scanCandidateRequest, structFieldRequest } from '../../src-renderer/src/plot/sources';
import { waitFor } from '../support/wait';
import { useCoreSession, type CoreSession } from './core-session';

const session = useCoreSession();
const u32 = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
};

async function watched(s: CoreSession, info: BlockInfo) {
  s.stores.bytes.getState().showRange(0, 256);
  await waitFor(() => s.stores.bytes.getState().window, `a window on ${info.name}`);
}

/** Writes a u32 at `offset` and waits until the History holds it. */
async function writeRecorded(s: CoreSession, name: string, offset: number, value: number) {
  await s.api.call('write', { name, offset, bytes: u32(value) });
  await waitFor(
    async () => (await s.api.call('readHistory', { name, offset, length: 4 })).entries.some((e) => e.after[0] === (value & 0xff)),
    `value ${value} recorded`,
  );
}

const plot = () => session.stores.plot.getState();

describe('plot store', () => {
  it("rebuilds a series' past from the History, then appends the values change events bring", async () => {
    const info = await session.openFreshBlock('plot-past', 4096);
    await watched(session, info);
    for (const value of [1, 2, 3]) await writeRecorded(session, info.name, 0x10, value);
    expect(await plot().add({ offset: 0x10, type: 'u32', endianness: 'little', source: 'inspector' })).toBe(true);
    const [series] = plot().series;
    expect(series).toMatchObject({ label: 'u32 @ 0x10', loading: false, error: null });
    expect(Array.from(plot().points(series!.id).values)).toEqual([0, 1, 2, 3]);

    for (const value of [4, 5]) await writeRecorded(session, info.name, 0x10, value);
    await waitFor(() => plot().stats(series!.id)?.last === 5, 'the live value 5 sampled');
    expect(plot().stats(series!.id)).toMatchObject({ min: 0, max: 5, last: 5 });
    const times = Array.from(plot().points(series!.id).times);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads a big-endian i16 as the data inspector does, and a series outside the watched rows through the poll', async () => {
    const info = await session.openFreshBlock('plot-poll', 8192);
    await watched(session, info); // rows 0..256 only
    expect(await plot().add({ offset: 0x1000, type: 'i16', endianness: 'big', source: 'form' })).toBe(true);
    const id = plot().series[0]!.id;
    await session.api.call('write', { name: info.name, offset: 0x1000, bytes: Uint8Array.of(0xff, 0xfe) });
    await waitFor(async () => {
      await plot().pollQuiet(Date.now() + 60_000);
      plot().sampleNow();
      return plot().stats(id)?.last === -2;
    }, 'the polled value -2');
  });

  it(`refuses a ${PLOT_MAX_SERIES + 1}th series, a value past the end and a duplicate, saying why`, async () => {
    const info = await session.openFreshBlock('plot-caps', 4096);
    for (let i = 0; i < PLOT_MAX_SERIES; i++) {
      expect(await plot().add({ offset: i * 4, type: 'u32', endianness: 'little', source: 'form' })).toBe(true);
    }
    expect(await plot().add({ offset: 400, type: 'u32', endianness: 'little', source: 'form' })).toBe(false);
    expect(plot().message).toBe(`The chart holds at most ${PLOT_MAX_SERIES} series: remove one to plot another.`);
    plot().remove(plot().series[0]!.id);
    expect(await plot().add({ offset: info.size - 2, type: 'u32', endianness: 'little', source: 'form' })).toBe(false);
    expect(plot().message).toMatch(/does not fit in the block \(4096 bytes\)/);
    expect(await plot().add({ offset: 4, type: 'u32', endianness: 'little', source: 'form' })).toBe(false);
    expect(plot().message).toBe('u32 @ 0x4 is already plotted.');
    expect(plot().series).toHaveLength(PLOT_MAX_SERIES - 1);
  });
});

describe('plot series logic', () => {
  it('a ring keeps the newest points in order once past its capacity', () => {
    const ring = new PointRing(3);
    for (let i = 1; i <= 5; i++) ring.push(i * 10, i);
    expect(ring.length).toBe(3);
    const { times, values } = ring.toArrays();
    expect(Array.from(times)).toEqual([30, 40, 50]);
    expect(Array.from(values)).toEqual([3, 4, 5]);
    expect(ring.last()).toEqual({ time: 50, value: 5 });
  });

  it('walks back through changes that cover part of the value, undoing each with its before bytes', () => {
    const spec = { offset: 8, type: 'u16' as const, endianness: 'little' as const };
    const entries = [
      { time: 100, offset: 8, before: Uint8Array.of(0, 0), after: Uint8Array.of(1, 0) },
      { time: 200, offset: 9, before: Uint8Array.of(0, 7), after: Uint8Array.of(1, 7) }, // covers the high byte and one past it
      { time: 300, offset: 4, before: Uint8Array.of(9, 9, 9, 9, 1), after: Uint8Array.of(9, 9, 9, 9, 5) }, // the low byte, from before it
    ];
    const past = pastPoints(spec, entries, Uint8Array.of(5, 1), 50);
    expect(Array.from(past.times)).toEqual([50, 100, 200, 300]);
    expect(Array.from(past.values)).toEqual([0, 1, 0x101, 0x105]);
    expect(seriesStats(past)).toMatchObject({ min: 0, max: 0x105, last: 0x105, mean: (0 + 1 + 0x101 + 0x105) / 4 });
  });

  it('aligns series on one time axis holding each value until its next change, and exports that as CSV', () => {
    const a = { times: Float64Array.of(1000, 3000), values: Float64Array.of(1, 2) };
    const b = { times: Float64Array.of(2000), values: Float64Array.of(7) };
    expect(alignSeries([a, b])).toEqual([
      [1, 2, 3],
      [1, 1, 2],
      [null, 7, 7],
    ]);
    const csv = seriesCsv(['count', '=cmd|"x"'], [a, b]).split('\n');
    expect(csv[0]).toBe('time,count,"\'=cmd|""x"""');
    expect(csv[1]).toBe('1970-01-01T00:00:01.000Z,1,');
    expect(csv[3]).toBe('1970-01-01T00:00:03.000Z,2,7');
  });

  it('reads a bookmark as the unsigned integer of its length, a scan result as the scan reads, a Struct field by its path', () => {
    const bookmark = (start: number, end: number) => ({ id: 'b', name: 'speed', color: '#000000', note: '', start, end });
    expect([1, 2, 4, 8, 3, 16].map((length) => bookmarkRequest(bookmark(0x40, 0x40 + length - 1)).type)).toEqual([
      'u8',
      'u16',
      'u32',
      'u64',
      'u32',
      'u32',
    ]);
    expect(bookmarkRequest(bookmark(0x40, 0x43))).toMatchObject({ offset: 0x40, label: 'speed', source: 'bookmark' });
    const status = { name: 'b', type: 'f32' as const, endianness: 'big' as const, aligned: true, count: 3, memoryBytes: 0, steps: 1 };
    expect(scanCandidateRequest(status, 0x80)).toEqual({ offset: 0x80, type: 'f32', endianness: 'big', source: 'scan' });
    expect(structFieldRequest(0x10, 'i16', false, 'quote.level')).toEqual({
      offset: 0x10,
      type: 'i16',
      endianness: 'big',
      label: 'quote.level',
      source: 'struct',
    });
  });
});
