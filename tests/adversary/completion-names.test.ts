// Block names are chosen by any local user: completing one must never run it.
// Blocks named `$(touch FILE)` and with backticks are completed in real bash and
// real zsh (interactively, on a pseudo-terminal through zsh/zpty); the file must
// not appear, and the name must be offered quoted.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { cliBin, ensureCliBuilt } from '../cli/run-cli';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
// The scripts call `shm-inspector` by name, as an installed bin would be: put one on PATH.
const binDir = mkdtempSync(join(tmpdir(), 'adv-completion-bin-'));
writeFileSync(join(binDir, 'shm-inspector'), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
chmodSync(join(binDir, 'shm-inspector'), 0o755);
const env = { ...process.env, PATH: `${binDir}:${process.env['PATH']}` };
/** The shells run in a fresh folder per test, so a name that runs `touch pwned` leaves the file there. */
const cwds: string[] = [];
function freshCwd(): string {
  cwds.push(mkdtempSync(join(tmpdir(), 'adv-completion-cwd-')));
  return cwds[cwds.length - 1]!;
}

beforeAll(() => ensureCliBuilt(), 120_000);
afterAll(() => {
  unlinkUsedBlocks();
  rmSync(binDir, { recursive: true, force: true });
  for (const cwd of cwds) rmSync(cwd, { recursive: true, force: true });
});

/** Hostile tails for a name (a name cannot hold '/', so the files land in the shell's cwd). */
const HOSTILE = [
  { tail: '$(touch pwned-dollar)', file: 'pwned-dollar' },
  { tail: '`touch pwned-tick`', file: 'pwned-tick' },
];

/** Creates a block `<unique safe prefix><tail>` and runs `use(prefix, name)`; unlinks it after. */
function withHostileBlock(tail: string, use: (prefix: string, name: string, cwd: string) => void): void {
  const native = loadNative();
  const prefix = uniqueBlockName('advcomp');
  const name = prefix + tail;
  const block = native.openBlock({ name, size: 4096 });
  try {
    use(prefix, name, freshCwd());
  } finally {
    block.unlink();
    block.close();
  }
}

/** The name as bash's printf %q quotes it (what the completion must insert). */
function bashQuoted(name: string): string {
  return spawnSync('bash', ['-c', 'printf %q "$1"', 'bash', name], { encoding: 'utf8' }).stdout;
}

describe.skipIf(!has('bash'))('bash completion of hostile block names', () => {
  function complete(cwd: string, ...words: string[]): string[] {
    const script = [
      'source <(shm-inspector completion bash)',
      'COMP_WORDS=("$@")',
      'COMP_CWORD=$(($# - 1))',
      '_shm_inspector',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = spawnSync('bash', ['-c', script, 'bash', ...words], { encoding: 'utf8', env, cwd, timeout: 30_000 });
    return run.stdout.split('\n').filter(Boolean);
  }

  for (const { tail, file } of HOSTILE) {
    it(`offers ${tail} quoted and never runs it`, () => {
      withHostileBlock(tail, (prefix, name, cwd) => {
        // Tab after `shm-inspector dump ` (every name), then after a typed prefix.
        const all = complete(cwd, 'shm-inspector', 'dump', '');
        expect(existsSync(join(cwd, file))).toBe(false);
        expect(all).toContain(bashQuoted(name));
        expect(complete(cwd, 'shm-inspector', 'dump', prefix)).toEqual([bashQuoted(name)]);
        // The word typed with the quoting bash itself would use still matches.
        expect(complete(cwd, 'shm-inspector', 'diff', bashQuoted(name).slice(0, -2))).toEqual([bashQuoted(name)]);
        expect(existsSync(join(cwd, file))).toBe(false);
      });
    }, 60_000);
  }
});

describe.skipIf(!has('zsh'))('zsh completion of hostile block names', () => {
  /** Types `line` and a Tab into an interactive zsh and returns the screen once `pattern` shows. */
  function zshComplete(cwd: string, line: string, pattern: string): string {
    const literal = (text: string) => `$'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const script = [
      'zmodload zsh/zpty',
      'zpty z zsh -f -i',
      `zpty -w z 'PS1="> "; autoload -U compinit && compinit -u -D; source <(shm-inspector completion zsh); print READY'`,
      `zpty -r -m z out '*READY*'`,
      `zpty -w -n z ${literal(`${line}\t`)}`,
      `zpty -r -m z out ${literal(pattern)}`,
      'print -r -- "$out"',
      'zpty -d z',
    ].join('\n');
    const run = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', env, cwd, timeout: 30_000 });
    if (run.status !== 0) throw new Error(`zsh did not show ${pattern} for "${line}" (status ${run.status}): ${run.stdout.slice(-400)}`);
    // eslint-disable-next-line no-control-regex
    return run.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  }

  for (const { tail, file } of HOSTILE) {
    it(`offers ${tail} quoted and never runs it`, () => {
      withHostileBlock(tail, (prefix, _name, cwd) => {
        // Wait for the name's last two characters (a backslash and the closing one).
        const screen = zshComplete(cwd, `shm-inspector get ${prefix}`, `*${prefix}*${file}??*`);
        expect(existsSync(join(cwd, file))).toBe(false);
        // zsh inserts the name with its special characters backslash-quoted.
        const quoted = prefix + tail.replace(/[$()` ]/g, (ch) => `\\${ch}`);
        expect(screen).toContain(`shm-inspector get ${quoted}`);
      });
    }, 60_000);
  }
});
