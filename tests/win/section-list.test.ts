// The Windows side of the listing: shm-list.exe (native/src/windows/section_list_windows.cc,
// NtOpenDirectoryObject / NtQueryDirectoryObject) run under wine while the
// original example's parent holds `dllmemfilemap`; its sections then go
// through the core's Windows listing (src-main/core/listing/windows.ts),
// which folds our lock companion sections into their blocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWindowsSections, type NativeSection } from '../../src-main/core/listing/windows';
import type { NativeModule } from '../../src-main/core/native';
import { WinePrefix, listExe, uniqueName, unavailableReason } from './wine';

const reason = unavailableReason();
const suite = reason === null ? describe : describe.skip;
if (reason !== null) console.warn(`[tests/win] skipped: ${reason}`);

/** One section as an addon that could not read the handle table reports it. */
function listed0(holders: null): NativeSection[] {
  return [{ name: 'x', directory: '\\BaseNamedObjects', holders }];
}

suite(`Windows named sections, listed under wine${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
  const wine = new WinePrefix();
  beforeAll(() => wine.start(), 180_000);
  afterAll(() => wine.stop());

  interface Listed {
    sections: NativeSection[];
    unreadable: string[];
    holdersKnown: boolean;
    holdersUnknownReason: string;
    hiddenProcesses: number;
  }

  async function listSections(): Promise<Listed> {
    const run = await wine.run(listExe, []);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout.trim()) as Listed;
  }

  it("lists the original parent's dllmemfilemap where Sysinternals shows it, and forgets it with its last handle", async () => {
    const parent = await wine.hold(['--name', 'dllmemfilemap', '--size', '4096', '--text', 'This is a test string']);
    const other = uniqueName('list');
    const second = await wine.hold(['--name', other, '--size', '8192', '--text', 'x']);
    try {
      const systemName = String(parent.result.systemName); // \Sessions\1\BaseNamedObjects\dllmemfilemap
      const directory = systemName.slice(0, systemName.lastIndexOf('\\'));
      const listed = await listSections();
      expect(listed.unreadable).toEqual([]);
      // Each with the processes that hold it: wine 8 gives the handle table (SystemExtendedHandleInformation).
      expect(listed).toMatchObject({ holdersKnown: true, holdersUnknownReason: '', hiddenProcesses: 0 });
      const holder = (process: { result: Record<string, unknown> }) => ({ pid: Number(process.result.pid), image: 'shm-wintest.exe' });
      expect(listed.sections).toContainEqual({ name: 'dllmemfilemap', directory, holders: [holder(parent)] });
      expect(listed.sections).toContainEqual({ name: other, directory, holders: [holder(second)] });
      // The lock's companion section is there too, and the core folds it into its block.
      expect(listed.sections).toContainEqual({ name: 'dllmemfilemap.lock', directory, holders: [holder(parent)] });
      const listing = listWindowsSections({ listSections: () => listed.sections } as unknown as NativeModule);
      const names = listing.entries.map((e) => e.name);
      expect(names).toContain('dllmemfilemap');
      expect(names).not.toContain('dllmemfilemap.lock');
      expect(listing.entries.find((e) => e.name === 'dllmemfilemap')).toMatchObject({
        kind: 'section',
        systemName,
        hasLockCompanion: true,
        processes: [{ pid: holder(parent).pid, command: 'shm-wintest.exe' }],
      });
      expect(listing.note).toBeNull();
    } finally {
      await parent.release();
      await second.release();
    }
    // Where the system does not give the handle table, the listing says so rather than show no holders.
    const unknown = listWindowsSections({ listSections: () => listed0(null) } as unknown as NativeModule);
    expect(unknown.entries[0]!.processes).toEqual([]);
    expect(unknown.note).toMatch(/holders unknown \(not supported by this system\)/);
    const after = await listSections();
    expect(after.sections.map((s) => s.name)).not.toContain('dllmemfilemap');
    expect(after.sections.map((s) => s.name)).not.toContain(other);
  });
});
