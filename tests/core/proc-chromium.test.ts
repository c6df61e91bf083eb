// Issue 25's first "done when": with headless Chromium running (Debian's, as
// the e2e suite runs it, its profile in a temporary folder), the listing shows
// its shared segments with their pids and command lines, and one opens
// read-only, shows its bytes, and leaves nothing behind. Chromium 150 made
// them as /dev/shm/.org.chromium.Chromium.* files and unlinked them at once;
// the Chromium of this machine makes memfds ("shared-memory-region"): either
// counts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { listSharedMemory, type SharedMemoryEntry } from '../../src-main/core/listing';

const usable = process.platform === 'linux' && existsSync(CHROMIUM_PATH);
const SEGMENT = /^(\/dev\/shm\/\.org\.chromium\.Chromium\.\S+|\/memfd:shared-memory-region) \(deleted\)$/;

/** Chromium's shared segments held by the browser we started (its processes carry our profile folder). */
async function segmentsOf(profile: string): Promise<SharedMemoryEntry[]> {
  const listing = await listSharedMemory({ kinds: ['unlinked', 'memfd'] });
  return listing.entries.filter((e) => SEGMENT.test(e.systemName) && e.processes.some((p) => p.commandLine.includes(profile)));
}

describe.skipIf(!usable)('headless Chromium', () => {
  const profile = mkdtempSync(join(tmpdir(), 'shm-chromium-'));
  let browser: ChildProcess;
  const core = new InspectorCore({ host: 'browser' });

  beforeAll(() => {
    browser = spawn(
      CHROMIUM_PATH,
      [...CHROMIUM_ARGS, '--headless', `--user-data-dir=${profile}`, 'data:text/html,<h1>shm-inspector</h1>'],
      { stdio: 'ignore', detached: true },
    );
  });
  afterAll(() => {
    core.dispose();
    try {
      process.kill(-browser.pid!, 'SIGKILL'); // the browser and every child it started
    } catch {
      // already gone
    }
    rmSync(profile, { recursive: true, force: true });
  });

  it('its shared segments are listed with their pids, and one opens read-only, shows bytes, leaves nothing', async () => {
    let segments: SharedMemoryEntry[] = [];
    for (const deadline = Date.now() + 15_000; segments.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      segments = await segmentsOf(profile);
    }
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) {
      expect(segment.processes.length).toBeGreaterThan(0);
      const holders = segment.processes.map((p) => `${p.pid} ${p.command}: ${p.commandLine.slice(0, 120)}`).join('; ');
      expect(
        segment.processes.every((p) => p.command.startsWith('chrom') || p.commandLine.includes('chromium')),
        `${segment.systemName} held by ${holders}`,
      ).toBe(true);
    }
    // Shared by the browser and a child: several pids on one object, listed once.
    expect(new Set(segments.map((s) => `${s.proc!.device}/${s.proc!.inode}`)).size).toBe(segments.length);

    const before = readdirSync('/dev/shm');
    // Chromium closes some segments soon after it makes them: one listed may be gone by the open. Such an
    // open fails with a coded error and the segment is no longer listed; the next one is tried.
    let segment: SharedMemoryEntry | undefined;
    let opened: unknown;
    for (const candidate of segments.filter((s) => s.unusable === undefined && (s.size ?? 0) > 0)) {
      opened = await core.handle('openBlock', { name: candidate.name }, 'c1');
      if ((opened as { ok: boolean }).ok) {
        segment = candidate;
        break;
      }
      expect(opened, candidate.name).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^ERR_/) } });
      expect(
        (await segmentsOf(profile)).map((s) => s.name),
        `${candidate.name} failed to open but is still listed`,
      ).not.toContain(candidate.name);
    }
    if (!segment) throw new Error(`none of the ${segments.length} segments listed opened`);
    // Its size is the one it has when opened: Chromium may grow a segment between the listing and the open.
    expect(opened).toMatchObject({ ok: true, value: { name: segment.name, readOnly: true } });
    const size = (opened as { value: { size: number } }).value.size;
    expect(size).toBeGreaterThan(0);
    const read = await core.handle('read', { name: segment.name, offset: 0, length: Math.min(size, 4096) }, 'c1');
    expect(read).toMatchObject({ ok: true });
    const bytes = (read as { value: { bytes: Uint8Array } }).value.bytes;
    expect(bytes.length).toBe(Math.min(size, 4096));
    expect(await core.handle('write', { name: segment.name, offset: 0, bytes: new Uint8Array([0]) }, 'c1')).toMatchObject({
      ok: false,
      error: { code: 'ERR_SHM_READ_ONLY' },
    });
    await core.handle('closeBlock', { name: segment.name }, 'c1');
    // Nothing behind: no object, no lock companion, nothing named after the segment (other suites' blocks may come and go).
    const added = readdirSync('/dev/shm').filter((name) => !before.includes(name));
    expect(added.filter((name) => !name.startsWith('t3') && !name.startsWith('.org.chromium'))).toEqual([]);
  });
});
