// The value scan and Struct overlay stores (src-renderer/src/stores/scan.ts,
// struct.ts) over a real core: the scan narrows, lists live values, watches;
// another block releases the session; the struct reads, writes in the chosen
// byte order and reports syntax errors with their line and column.
import { describe, expect, it } from 'vitest';
import { parseStructs } from '../../src-shared/lib/struct';
import { fieldLookup } from '../../src-renderer/src/lib/structFields';
import { editorFor } from '../../src-renderer/src/stores/struct';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

const session = useCoreSession();
const scan = () => session.stores.scan.getState();
const struct = () => session.stores.struct.getState();
const u32le = (value: number) => Uint8Array.of(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24);

describe('scan store', () => {
  it('first scan, next scan, live values, watch list; opening another block releases the session in the core', async () => {
    const { name } = await session.openFreshBlock('scan-struct-scan', 8192);
    await session.api.call('write', { name, offset: 0x40, bytes: u32le(10) });
    scan().setForm({ type: 'u32', firstMode: 'exact', value: '10' });
    await scan().firstScan();
    expect(scan().error).toBeNull();
    expect(scan().status).toMatchObject({ count: 1, steps: 1 });
    expect(scan().candidates).toEqual([{ offset: 0x40, previous: '10', current: '10' }]);

    await session.api.call('write', { name, offset: 0x40, bytes: u32le(15) });
    scan().setForm({ nextMode: 'increasedBy', by: '5' });
    await scan().nextScan();
    expect(scan().status).toMatchObject({ count: 1, steps: 2 });

    scan().addWatch(0x40);
    await session.api.call('write', { name, offset: 0x40, bytes: u32le(99) });
    await scan().refreshValues();
    expect(scan().candidates).toEqual([{ offset: 0x40, previous: '15', current: '99' }]);
    expect(scan().watchList).toEqual([{ offset: 0x40, type: 'u32', endianness: 'little', value: '99' }]);

    scan().setForm({ nextMode: 'exact', value: 'lots' });
    await scan().nextScan();
    expect(scan().error).toMatch(/ERR_SCAN_VALUE/);
    expect(scan().status?.count).toBe(1); // a refused step loses nothing

    expect(session.core.scans.totalCount()).toBe(1);
    await session.openFreshBlock('scan-struct-scan2', 4096);
    expect(scan().status).toBeNull();
    expect(scan().watchList).toEqual([]);
    await waitFor(() => session.core.scans.totalCount() === 0, 'the old session to be released');
  });

  it("a step shows its count and its rows together, never the new count over the last step's rows", async () => {
    const { name } = await session.openFreshBlock('scan-struct-together', 8192);
    for (const offset of [0x40, 0x80, 0xc0]) await session.api.call('write', { name, offset, bytes: u32le(10) });
    scan().setForm({ type: 'u32', firstMode: 'exact', value: '10' });
    await scan().firstScan();
    expect(scan().status).toMatchObject({ count: 3, steps: 1 });
    const seen: { steps: number; rows: number }[] = [];
    const stop = session.stores.scan.subscribe((state) => seen.push({ steps: state.status?.steps ?? 0, rows: state.candidates.length }));
    try {
      await session.api.call('write', { name, offset: 0x80, bytes: u32le(11) });
      scan().setForm({ nextMode: 'increased' });
      await scan().nextScan();
    } finally {
      stop();
    }
    expect(scan().status).toMatchObject({ count: 1, steps: 2 });
    expect(seen.filter((state) => state.steps === 2)).not.toContainEqual({ steps: 2, rows: 3 });
    expect(seen.at(-1)).toEqual({ steps: 2, rows: 1 });
  });
});

describe('struct store', () => {
  it('reads the fields at the base, writes a field in the chosen byte order, and reports syntax errors at line and column', async () => {
    const { name } = await session.openFreshBlock('scan-struct-struct', 4096);
    struct().setSource('struct Q {\n  uint16_t a;\n  double b\n};');
    expect(struct().layout).toMatchObject({ ok: false, line: 4, column: 1 });

    struct().setSource('struct Q { uint16_t a; int32_t b; };');
    struct().setBase('0x100');
    expect(struct().base).toBe(0x100);
    struct().setLittleEndian(false);
    expect(await struct().writeField(4, 'int32_t', '-2')).toBe(true);
    const { bytes } = await session.api.call('read', { name, offset: 0x104, length: 4 });
    expect(Array.from(bytes)).toEqual([0xff, 0xff, 0xff, 0xfe]);
    expect(Array.from(struct().readBytes ?? [])).toEqual([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xfe]);

    expect(await struct().writeField(0, 'uint16_t', '70000')).toBe(false);
    expect(struct().editError).toMatch(/uint16_t/);
    struct().setBase('zz');
    expect(struct().base).toBeNull();
    expect(struct().baseError).toMatch(/^Base: /);
  });

  it('maps field types to editors and bytes to fields', () => {
    expect(['uint64_t', 'int8_t', 'double', 'float', 'char', 'bool', 'void *', 'char16_t', 'long double'].map(editorFor)).toEqual([
      'u64',
      'i8',
      'f64',
      'f32',
      'u8',
      'u8',
      'u64',
      null,
      null,
    ]);
    const parsed = parseStructs('struct S { uint8_t a; uint32_t b; char16_t s[2]; };');
    if (!parsed.ok) throw new Error(parsed.error);
    const fieldAt = fieldLookup(parsed.value.root!, 0x10);
    expect([0x10, 0x11, 0x14, 0x17, 0x18, 0x1b, 0x1c].map((o) => fieldAt(o)?.name ?? null)).toEqual(['a', null, 'b', 'b', 's', 's', null]);
  });
});
