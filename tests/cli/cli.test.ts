// shm-inspector as a real process against blocks made by OTHER processes: a
// Python multiprocessing.shared_memory writer (which knows nothing of this
// project) and, for unlink, a Node child using our addon.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { pythonUnavailableReason, startPython, type PythonHolder } from '../support/python-shm';
import { spawnUntilLine } from '../support/spawn-until-line';
import { cliBin, collect, ensureCliBuilt, root, runCli, startCli, stderrLine } from './run-cli';

const linux = process.platform === 'linux';
const pythonMissing = pythonUnavailableReason();
const scratch = mkdtempSync(join(tmpdir(), 'listing-cli-'));
const holders: PythonHolder[] = [];

beforeAll(() => ensureCliBuilt(), 120_000);
afterEach(async () => {
  for (const holder of holders.splice(0)) await holder.stop();
});
afterAll(() => {
  unlinkUsedBlocks();
  rmSync(scratch, { recursive: true, force: true });
});

/** A 4096-byte block created and held by Python; our lock companion, if a command made one, goes with it. */
async function pythonBlock(label: string, size = 4096): Promise<{ name: string; python: PythonHolder }> {
  const name = uniqueBlockName(`listing-cli-${label}`);
  const python = await startPython(['posix-create', name, String(size)]);
  holders.push(python);
  return { name, python };
}

const objectBytes = (name: string) => readFileSync(`/dev/shm/${name}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!linux || pythonMissing !== null)(
  `shm-inspector on blocks of other processes${pythonMissing ? ` (skipped: ${pythonMissing})` : ''}`,
  () => {
    it('list --json shows the Python block with its size, mode and the Python process; piped lines are tab-separated', async () => {
      const { name, python } = await pythonBlock('list', 8192);
      const json = await runCli(['list', name, '--json']);
      expect(json.code).toBe(0);
      const listing = JSON.parse(json.text) as { entries: Array<Record<string, unknown>> };
      expect(listing.entries).toHaveLength(1);
      expect(listing.entries[0]).toMatchObject({
        kind: 'posix',
        name,
        size: 8192,
        mode: 0o600,
        processes: [{ pid: python.pid, command: 'python3' }],
      });

      const piped = await runCli(['list', `${name}*`]);
      expect(piped.text.trimEnd().split('\t')).toEqual([
        'posix',
        name,
        '8192',
        expect.any(String),
        '0600',
        expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        String(python.pid),
      ]);
      expect((await runCli(['list', '--names', name])).text).toBe(`${name}\n`);
    });

    it("dump --format raw | cmp matches the block byte for byte; hex is xxd's layout", async () => {
      const { name, python } = await pythonBlock('dump');
      await python.write(0, Buffer.from('dump me, Python wrote this').toString('hex'));
      await python.write(4000, 'ff00fe01');
      const piped = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${cliBin}" dump "${name}" --format raw | cmp - "/dev/shm/${name}" && echo same`],
        { encoding: 'utf8' },
      );
      expect(piped.stdout.trim()).toBe('same');
      expect(piped.status).toBe(0);

      const raw = await runCli(['dump', name, '--format', 'raw', '--offset', '4000', '--length', '4']);
      expect(raw.stdout.toString('hex')).toBe('ff00fe01');
      const hex = await runCli(['dump', name, '--length', '64']);
      const xxd = spawnSync('xxd', ['-l', '64', `/dev/shm/${name}`], { encoding: 'utf8' });
      if (xxd.status === 0) expect(hex.text).toBe(xxd.stdout);
      expect(hex.text.split('\n')[0]).toBe('00000000: 6475 6d70 206d 652c 2050 7974 686f 6e20  dump me, Python ');
      const json = JSON.parse((await runCli(['dump', name, '--json'])).text) as { base64: string; size: number };
      expect(Buffer.from(json.base64, 'base64').equals(objectBytes(name))).toBe(true);
      const base64 = (await runCli(['dump', name, '--format', 'base64'])).text;
      expect(base64.replace(/\n/g, '')).toBe(objectBytes(name).toString('base64'));
      expect(base64.split('\n')[0]).toHaveLength(76); // the line length of base64(1)
      const c = (await runCli(['dump', name, '--format', 'c'])).text.split('\n');
      expect(c[0]).toBe(`unsigned char ${name.replace(/-/g, '_')}[] = {`);
      expect(c.at(-2)).toBe(`unsigned int ${name.replace(/-/g, '_')}_len = 4096;`);
      const xxdC = spawnSync('sh', ['-c', `xxd -i < "/dev/shm/${name}"`], { encoding: 'utf8' });
      if (xxdC.status === 0) expect(c.slice(1, -3).join('\n')).toBe(xxdC.stdout.trimEnd());
      const utf16 = await runCli(['dump', name, '--format', 'utf16', '--offset', '4000', '--length', '4']);
      expect(utf16.text).toBe('\u00ff\u01fe\n'); // ff00 fe01: U+00FF U+01FE
    });

    it('watch --json catches three writes by Python, in order, then stops at --count', async () => {
      const { name, python } = await pythonBlock('watch');
      const watcher = startCli(['watch', name, '--json', '--count', '3', '--timeout', '20']);
      const finished = collect(watcher);
      await stderrLine(watcher, /watching/);
      const writes = [
        { offset: 100, hex: '0102' },
        { offset: 2000, hex: 'aabbcc' },
        { offset: 50, hex: '7f' },
      ];
      for (const w of writes) {
        await python.write(w.offset, w.hex);
        await sleep(60); // more than a watcher tick apart, so each is its own change
      }
      const result = await finished;
      expect(result.code).toBe(0);
      const events = result.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events.map(({ offset, old, new: next }) => ({ offset, old, new: next }))).toEqual([
        { offset: 100, old: '0000', new: '0102' },
        { offset: 2000, old: '000000', new: 'aabbcc' },
        { offset: 50, old: '00', new: '7f' },
      ]);
      expect(events.every((e) => e.name === name && typeof e.time === 'string' && typeof e.detectedAt === 'number')).toBe(true);
    });

    it('watch ends at --timeout with exit 0 when nothing changes, and cleanly on SIGINT', async () => {
      const { name } = await pythonBlock('watchend');
      const quiet = await runCli(['watch', name, '--timeout', '0.3']);
      expect(quiet).toMatchObject({ code: 0, text: '' });
      const interrupted = startCli(['watch', name]);
      const finished = collect(interrupted);
      await stderrLine(interrupted, /watching/);
      interrupted.kill('SIGINT');
      expect((await finished).code).toBe(0);
    });

    it('set of 10,000 characters stores 2047 units and reports the truncation; get reads them back', async () => {
      const { name } = await pythonBlock('set');
      const text = 'x'.repeat(10_000);
      const set = await runCli(['set', name, text, '--json']);
      expect(set.code).toBe(0);
      expect(JSON.parse(set.text)).toEqual({ name, units: 2047, requestedUnits: 10_000, truncated: true, capacityUnits: 2047 });
      // The bytes Python sees: 2047 'x' units, then the NUL in the last two bytes.
      const bytes = objectBytes(name);
      expect(bytes.subarray(0, 4094).toString('utf16le')).toBe('x'.repeat(2047));
      expect(bytes.subarray(4094).toString('hex')).toBe('0000');

      const human = await runCli(['set', name, text]);
      expect(human.text).toBe(`stored 2047 of 10000 units in ${name} (truncated: the block holds 2047 units plus the NUL)\n`);
      expect(JSON.parse((await runCli(['get', name, '--json'])).text)).toEqual({ name, text: 'x'.repeat(2047), units: 2047 });
      expect((await runCli(['get', name, '--cch', '5'])).text).toBe('xxxx\n');
      rmSync(`/dev/shm/${name}.lock`, { force: true });
    });

    it('get reads what Python stored in the original layout (UTF-16LE, NUL-terminated)', async () => {
      const { name, python } = await pythonBlock('get');
      await python.write(0, Buffer.from('This is a test string\u0000', 'utf16le').toString('hex'));
      expect((await runCli(['get', name])).text).toBe('This is a test string\n');
      rmSync(`/dev/shm/${name}.lock`, { force: true });
    });

    it('diff NAME FILE: exit 0 when the same, 1 with the differing ranges', async () => {
      const { name, python } = await pythonBlock('diff');
      await python.write(10, 'abcdef');
      const saved = join(scratch, `${name}.bin`);
      writeFileSync(saved, objectBytes(name));
      const same = await runCli(['diff', name, saved]);
      expect(same).toMatchObject({ code: 0, text: 'no differences\n' });

      await python.write(11, '00');
      await python.write(3000, '99');
      const changed = await runCli(['diff', name, saved, '--json']);
      expect(changed.code).toBe(1);
      expect(JSON.parse(changed.text)).toMatchObject({
        against: saved,
        size: 4096,
        otherSize: 4096,
        differences: [
          { offset: 11, length: 1, block: '00', other: 'cd' },
          { offset: 3000, length: 1, block: '99', other: '00' },
        ],
      });
      const human = await runCli(['diff', name, saved]);
      expect(human.code).toBe(1);
      // The header is the arrow's legend: the file's bytes on the left, the block's on the right.
      expect(human.text).toBe(
        `offset      length  was (${saved}) -> now (block ${name})\n0x0000000b  1 byte  cd -> 00\n0x00000bb8  1 byte  00 -> 99\n`,
      );

      writeFileSync(saved, objectBytes(name).subarray(0, 4000));
      const shorter = JSON.parse((await runCli(['diff', name, saved, '--json'])).text) as { differences: unknown[] };
      expect(shorter.differences).toEqual([{ offset: 4000, length: 96, block: expect.any(String), other: '' }]);
    });

    it('diff --baseline compares after --wait, or when stdin ends', async () => {
      const { name, python } = await pythonBlock('base');
      const unchanged = await runCli(['diff', name, '--baseline', '--wait', '0.2']);
      expect(unchanged.code).toBe(0);
      expect(unchanged.stderr).toMatch(/baseline of .* taken \(4096 bytes\)/);
      const human = startCli(['diff', name, '--baseline']);
      const humanDone = collect(human);
      await stderrLine(human, /baseline .* taken/);
      await python.write(100, '7f');
      human.stdin!.end();
      expect((await humanDone).text).toBe(`offset      length  was (the baseline) -> now (block ${name})\n0x00000064  1 byte  00 -> 7f\n`);

      const waiting = startCli(['diff', name, '--baseline', '--json']);
      const finished = collect(waiting);
      await stderrLine(waiting, /baseline .* taken/);
      await python.write(512, '41424344');
      waiting.stdin!.end();
      const result = await finished;
      expect(result.code).toBe(1);
      expect(JSON.parse(result.text)).toMatchObject({
        against: 'baseline',
        differences: [{ offset: 512, length: 4, block: '41424344', other: '00000000' }],
      });
    });

    it('dump, get, watch and diff of a foreign block leave /dev/shm as it was: names, sizes and mtimes', async () => {
      const { name, python } = await pythonBlock('traceless');
      await python.write(0, Buffer.from('look, do not touch', 'utf16le').toString('hex'));
      const snapshot = () =>
        readdirSync('/dev/shm')
          .filter((entry) => entry.startsWith(name))
          .map((entry) => {
            const stat = statSync(`/dev/shm/${entry}`);
            return { entry, size: stat.size, mtimeMs: stat.mtimeMs };
          });
      const before = snapshot();
      expect(before.map((e) => e.entry)).toEqual([name]);
      await sleep(20); // an mtime changed by us would now differ
      expect((await runCli(['dump', name, '--format', 'raw'])).code).toBe(0);
      expect((await runCli(['get', name])).text).toBe('look, do not touch\n');
      // While a watch is running, too: no companion (or anything else) appears beside the block.
      const watching = startCli(['watch', name]);
      const watchEnded = collect(watching);
      await stderrLine(watching, /watching/);
      expect(snapshot()).toEqual(before);
      watching.kill('SIGINT');
      expect((await watchEnded).code).toBe(0);
      const file = join(scratch, 'traceless.bin');
      writeFileSync(file, objectBytes(name));
      expect((await runCli(['diff', name, file])).code).toBe(0);
      expect(snapshot()).toEqual(before);
    });

    it('dump sysv:<id> dumps a System V segment read-only', async () => {
      const owner = await spawnUntilLine(
        'python3',
        [
          '-c',
          [
            'import ctypes, sys',
            'libc = ctypes.CDLL(None, use_errno=True); libc.shmat.restype = ctypes.c_void_p',
            'sid = libc.shmget(0, 4096, 0o600 | 0o1000); addr = libc.shmat(sid, None, 0)',
            "ctypes.memmove(addr, b'sysv bytes', 10); print(sid, flush=True); sys.stdin.read()",
            'libc.shmdt(ctypes.c_void_p(addr)); libc.shmctl(sid, 0, None)',
          ].join('\n'),
        ],
        /^\d+$/,
        { stdin: 'pipe' },
      );
      try {
        const id = owner.lines[0]!;
        const raw = await runCli(['dump', `sysv:${id}`, '--format', 'raw', '--length', '10']);
        expect(raw.code).toBe(0);
        expect(raw.stdout.toString('latin1')).toBe('sysv bytes');
        const refused = await runCli(['set', `sysv:${id}`, 'no']);
        expect(refused.code).toBe(3);
        expect(refused.stderr).toMatch(/ERR_SHM_READ_ONLY/);
      } finally {
        owner.child.stdin!.end();
      }
    });

    it('unlink removes a block another process made; a second unlink finds nothing (exit 2)', async () => {
      const name = uniqueBlockName('listing-cli-unlink');
      const made = spawnSync(process.execPath, [
        '-e',
        `require(${JSON.stringify(join(cliBin, '..', '..', 'native'))}).openBlock({ name: ${JSON.stringify(name)}, size: 4096 })`,
      ]);
      expect(made.status).toBe(0);
      expect(existsSync(`/dev/shm/${name}`)).toBe(true);
      const unlinked = await runCli(['unlink', name, '--json']);
      expect(unlinked.code).toBe(0);
      expect(JSON.parse(unlinked.text)).toEqual({ name, unlinked: true, systemName: `/dev/shm/${name}` });
      expect(existsSync(`/dev/shm/${name}`)).toBe(false);
      expect(existsSync(`/dev/shm/${name}.lock`)).toBe(false);
      const again = await runCli(['unlink', name]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/^shm-inspector: ERR_SHM_NOT_FOUND: .*\n$/);
    });

    it('unlink of a block others may write is refused, naming the commands that look at it read-only', async () => {
      const name = uniqueBlockName('listing-cli-unsafe');
      const made = spawnSync(process.execPath, [
        '-e',
        `require(${JSON.stringify(join(cliBin, '..', '..', 'native'))}).openBlock({ name: ${JSON.stringify(name)}, size: 4096 })`,
      ]);
      expect(made.status).toBe(0);
      chmodSync(`/dev/shm/${name}`, 0o666);
      const refused = await runCli(['unlink', name]);
      expect(refused.code).toBe(3);
      // Issue 23: it said "open it read-only (readOnly: true)", an API word, not a command.
      expect(refused.stderr).not.toContain('readOnly');
      expect(refused.stderr).toMatch(/^shm-inspector: ERR_SHM_UNSAFE: .*dump, get, watch and diff open it read-only\)\n$/);
      expect(existsSync(`/dev/shm/${name}`)).toBe(true);
    });
  },
);

describe.skipIf(!linux)('exit codes, errors and help', () => {
  it.each([['dump'], ['get'], ['set', 'text'], ['watch'], ['diff', '--baseline'], ['unlink']])(
    '%s on a missing block exits 2 with one ERR_SHM_NOT_FOUND line',
    async (command, ...rest) => {
      const name = uniqueBlockName('listing-cli-missing');
      const result = await runCli([command, name, ...rest]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^shm-inspector: ERR_SHM_NOT_FOUND: no shared memory block named "[^"]+".*\n$/);
      expect(result.text).toBe('');
      expect(existsSync(`/dev/shm/${name}`)).toBe(false); // looking created nothing
    },
  );

  it.each([
    [[]],
    [['frobnicate']],
    [['dump']],
    [['dump', 'a', 'b']],
    [['dump', 'a', '--format', 'xml']],
    [['dump', 'a', '--bogus']],
    [['watch', 'a', '--count', '0']],
    [['watch', 'a', '--timeout', 'soon']],
    [['diff', 'a']],
    [['diff', 'a', 'file', '--baseline']],
    [['list', '--sort', 'colour']],
    [['completion', 'fish']],
  ])('usage error %j exits 64 with one line on stderr', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(64);
    if (args.length > 0) expect(result.stderr).toMatch(/^shm-inspector: ERR_SHM_ARG: [^\n]+\n$/);
  });

  it('--version (and -V) names the version, the platform and the Node it runs on', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const expected = `shm-inspector ${version} (${process.platform}-${process.arch}, Node ${process.versions.node})\n`;
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      expect(result.code, flag).toBe(0);
      expect(result.text).toBe(expected);
      expect(result.stderr).toBe('');
    }
  });

  it('every subcommand has --help (exit 0) naming its usage and options', async () => {
    for (const command of ['list', 'dump', 'watch', 'get', 'set', 'diff', 'unlink', 'completion']) {
      const result = await runCli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.text).toMatch(new RegExp(`^usage: shm-inspector ${command}`));
      expect(result.text).toContain('--help');
    }
    expect((await runCli(['dump', '--help'])).text).toContain('--format FORMAT');
  });

  it('a name holding terminal controls or a bidirectional override is never printed raw', async () => {
    const control = await runCli(['dump', 'evil\u001b[2J']);
    expect(control.code).toBe(64); // the core refuses control characters in names
    expect(control.stderr).toMatch(/^shm-inspector: ERR_SHM_NAME: [^\n]*control character\n$/);
    const unknown = await runCli(['frob\u001b[2J']);
    expect(unknown.stderr).toContain('frob\\x1b[2J');
    const bidi = await runCli(['dump', `${uniqueBlockName('listing-cli-bidi')}\u202etxt.exe`]);
    expect([2, 64]).toContain(bidi.code); // not found today; refused once names with overrides are
    expect(bidi.stderr).not.toContain('\u202e');
    for (const result of [control, unknown, bidi]) expect(result.stderr).not.toContain('\u001b');
  });
});

describe.skipIf(!linux || spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status !== 0)(
  'on a terminal (script gives a pty)',
  () => {
    /** Runs the CLI under a pseudo-terminal; returns what the terminal got. */
    function onTerminal(args: string[], env: NodeJS.ProcessEnv = {}): string {
      const command = [process.execPath, cliBin, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
      const cleanEnv = { ...process.env, ...env };
      delete cleanEnv['FORCE_COLOR'];
      if (!('NO_COLOR' in env)) delete cleanEnv['NO_COLOR'];
      return spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: cleanEnv }).stdout;
    }

    it('list prints an aligned table with a header and colour; NO_COLOR turns colour off', () => {
      const native = loadNative();
      const name = uniqueBlockName('listing-cli-tty');
      const blocks = [native.openBlock({ name: `${name}-a`, size: 4096 }), native.openBlock({ name: `${name}-bb`, size: 65536 })];
      try {
        const coloured = onTerminal(['list', `${name}*`]);
        expect(coloured).toContain('\u001b[');
        const plain = onTerminal(['list', `${name}*`], { NO_COLOR: '1' });
        expect(plain).not.toContain('\u001b[');
        const lines = plain.split(/\r?\n/).filter((l) => l && !l.startsWith('shm-inspector:')); // stderr shares the pty
        expect(lines[0]).toMatch(/^KIND\s+NAME\s+SIZE\s+OWNER\s+MODE\s+AGE\s+PROCESSES$/);
        expect(lines.slice(1).map((l) => l.indexOf('0600'))).toEqual([lines[0]!.indexOf('MODE'), lines[0]!.indexOf('MODE')]);
        expect(lines[1]).toContain(`${name}-a [lock]`);
        expect(lines[2]).toMatch(/ 64 KiB /);
      } finally {
        for (const b of blocks) {
          b.unlink();
          b.close();
        }
      }
    });
  },
);
