// Issue 19, item 5: one self-referencing symlink in /dev/shm failed the whole
// listing (ERR_INTERNAL: ELOOP, exit 70; the Blocks panel showed "0 of 0"),
// and a link to /etc/shadow was listed with that file's size and mode. Every
// name is looked at with lstat, never followed: what is no block is listed
// with its reason, and opening it is refused with ERR_SHM_NOT_A_BLOCK.
import { chmodSync, lstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { listSharedMemory, type SharedMemoryEntry } from '../../src-main/core/listing';
import { ensureCliBuilt, runCli } from '../cli/run-cli';
import {
  hostileName,
  makeDirectory,
  makeFifo,
  makeLink,
  makeSelfLink,
  openEachInChild,
  rememberForRemoval,
  removeHostileNames,
  root as repoRoot,
  runWithDeadline,
} from './hostile-names';

const linux = process.platform === 'linux';
/** setpriv runs the listing as another user: root only. */
const root = process.getuid?.() === 0;

/** A self-loop, a link to /etc/shadow, a FIFO, a directory and a name that looks like shell code, under one prefix. */
function plantHostileNames(): { prefix: string; loop: string; shadow: string; fifo: string; dir: string; code: string } {
  const prefix = hostileName('lst');
  const names = {
    loop: `${prefix}-loop`,
    shadow: `${prefix}-shadow`,
    fifo: `${prefix}-fifo`,
    dir: `${prefix}-dir`,
    code: `${prefix}-$(touch x)`,
  };
  for (const name of Object.values(names)) rememberForRemoval(name);
  makeSelfLink(names.loop);
  makeLink(names.shadow, '/etc/shadow');
  makeFifo(names.fifo);
  makeDirectory(names.dir);
  makeLink(names.code, '/etc/passwd');
  return { prefix, ...names };
}

function byName(entries: SharedMemoryEntry[]): Map<string, SharedMemoryEntry> {
  return new Map(entries.map((entry) => [entry.name, entry]));
}

/** Folders of bundled scripts, removed after each test. */
const scriptDirs: string[] = [];
afterEach(() => {
  for (const dir of scriptDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `entry` and what it imports, bundled into one ES module in a fresh world-readable folder; returns its path. */
function readableBundleOf(entry: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shm-bundle-'));
  chmodSync(dir, 0o755);
  const outfile = join(dir, 'script.mjs');
  buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  chmodSync(outfile, 0o644);
  return outfile;
}

describe.skipIf(!linux)('hostile names in /dev/shm', () => {
  const core = new InspectorCore({ host: 'browser' });
  beforeAll(() => ensureCliBuilt(), 120_000);
  afterEach(() => removeHostileNames());
  afterAll(() => core.dispose());

  it('the listing lists each with its kind and reason, never following a link, and does not fail', async () => {
    const planted = plantHostileNames();
    const listing = await listSharedMemory({ filter: `${planted.prefix}-*` });
    const entries = byName(listing.entries);
    expect([...entries.keys()].sort()).toEqual([planted.code, planted.dir, planted.fifo, planted.loop, planted.shadow].sort());
    expect(entries.get(planted.loop)).toMatchObject({ size: null, unusable: { kind: 'symlink' } });
    expect(entries.get(planted.loop)!.unusable!.reason).toMatch(
      /^a symbolic link to .*, not a shared memory block \(links are never followed\)$/,
    );
    expect(entries.get(planted.fifo)).toMatchObject({
      size: null,
      unusable: { kind: 'fifo', reason: 'a FIFO, not a shared memory block' },
    });
    expect(entries.get(planted.dir)).toMatchObject({ size: null, unusable: { kind: 'directory' } });
    // The link's own metadata, never /etc/shadow's (its size, its mode 0640).
    const shadow = entries.get(planted.shadow)!;
    expect(shadow).toMatchObject({ size: null, unusable: { kind: 'symlink', reason: expect.stringContaining('to /etc/shadow') } });
    expect(shadow.mode).toBe(lstatSync(`/dev/shm/${planted.shadow}`).mode & 0o7777);
    expect(entries.get(planted.code)!.unusable!.kind).toBe('symlink');
  });

  it('listBlocks through the core answers ok with the reasons', async () => {
    const planted = plantHostileNames();
    const outcome = await core.handle('listBlocks', { filter: `${planted.prefix}-*` }, 'c1');
    expect(outcome).toMatchObject({ ok: true });
    const entries = byName((outcome as { value: { entries: SharedMemoryEntry[] } }).value.entries);
    expect(entries.get(planted.loop)?.unusable?.kind).toBe('symlink');
    expect(entries.get(planted.fifo)?.unusable?.kind).toBe('fifo');
  });

  it('an unfiltered listing (every name in /dev/shm) still succeeds with a self-loop present', async () => {
    const planted = plantHostileNames();
    const listing = await listSharedMemory();
    expect(listing.entries.some((entry) => entry.name === planted.loop)).toBe(true);
  });

  it('shm-inspector list shows the reason in text and in --json, with exit 0', async () => {
    const planted = plantHostileNames();
    const text = await runCli(['list', `${planted.prefix}-*`]);
    expect(text.code, text.stderr).toBe(0);
    const rows = new Map(
      text.text
        .trimEnd()
        .split('\n')
        .map((line) => [line.split('\t')[1], line.split('\t')]),
    );
    expect(rows.get(planted.fifo)?.[7]).toBe('a FIFO, not a shared memory block');
    expect(rows.get(planted.shadow)?.[7]).toMatch(/a symbolic link to \/etc\/shadow/);
    expect(rows.get(planted.shadow)?.[2]).toBe(''); // no size: not the shadow file's
    expect(rows.get(planted.code)).toBeDefined(); // `$(touch x)` is a name, printed as one

    const json = await runCli(['list', `${planted.prefix}-*`, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const entries = byName((JSON.parse(json.text) as { entries: SharedMemoryEntry[] }).entries);
    expect(entries.get(planted.loop)?.unusable?.kind).toBe('symlink');
    expect(entries.get(planted.dir)?.unusable?.kind).toBe('directory');
  });

  it.skipIf(!root)(
    'a name whose lstat fails (EACCES for another user) is listed with the error, and the listing goes on',
    async () => {
      // A directory its owner may read but not search: readdir works, lstat of each name fails.
      const dir = mkdtempSync(join(tmpdir(), 'shm-noexec-'));
      try {
        writeFileSync(join(dir, 'a-block'), '');
        chmodSync(dir, 0o744);
        // The lister bundled into a world-readable folder: the repository may sit
        // in a private (0700) folder (a clone in `mktemp -d`) that uid 65534 cannot enter.
        const script = readableBundleOf(join(repoRoot, 'tests', 'adversary', 'list-shm-dir.ts'));
        scriptDirs.push(dirname(script));
        const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/env', 'HOME=/tmp', process.execPath, script, dir];
        const ended = await runWithDeadline('setpriv', asNobody, 30_000);
        expect(ended.code, ended.stderr).toBe(0);
        expect(JSON.parse(ended.stdout)).toEqual([
          expect.objectContaining({
            name: 'a-block',
            size: null,
            mode: null,
            unusable: { kind: 'unreadable', reason: 'its metadata cannot be read (EACCES)' },
          }),
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    40_000,
  );

  it.each([
    ['a self-loop', 'loop'],
    ['a link to /etc/shadow', 'shadow'],
    ['a directory', 'dir'],
  ] as const)('opening %s is refused with ERR_SHM_NOT_A_BLOCK, read-only or not', async (_what, key) => {
    const name = plantHostileNames()[key];
    const modes = [{ readOnly: true }, { create: false, size: 'existing' }, { size: 4096 }];
    const outcomes = await openEachInChild(modes.map((options) => ({ name, ...options })));
    expect(outcomes).toEqual(modes.map(() => expect.objectContaining({ timedOut: false, code: 'ERR_SHM_NOT_A_BLOCK' })));
  });
});
