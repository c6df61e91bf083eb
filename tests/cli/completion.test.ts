// `shm-inspector completion bash|zsh`: the scripts load in real shells and
// complete subcommands, options, option values and live block names (zsh
// interactively, on a pseudo-terminal through zsh/zpty).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { cliBin, ensureCliBuilt } from './run-cli';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
// The scripts call `shm-inspector` by name, as an installed bin would be: put one on PATH.
const binDir = mkdtempSync(join(tmpdir(), 'listing-cli-bin-'));
writeFileSync(join(binDir, 'shm-inspector'), `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
chmodSync(join(binDir, 'shm-inspector'), 0o755);
const env = { ...process.env, PATH: `${binDir}:${process.env['PATH']}` };

beforeAll(() => ensureCliBuilt(), 120_000);
afterAll(() => {
  unlinkUsedBlocks();
  rmSync(binDir, { recursive: true, force: true });
});

describe.skipIf(!has('bash'))('bash completion', () => {
  /** What bash would offer for the words typed so far (the last one being completed). */
  function complete(...words: string[]): string[] {
    const script = [
      'source <(shm-inspector completion bash)',
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      '_shm_inspector',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    return run.stdout.split('\n').filter(Boolean).sort();
  }

  it('completes subcommands, options and the values an option takes', () => {
    expect(complete('shm-inspector', 'd')).toEqual(['diff', 'dump']);
    expect(complete('shm-inspector', 'dump', '--of')).toEqual(['--offset']);
    expect(complete('shm-inspector', 'dump', 'x', '--format', '')).toEqual(['base64', 'c', 'hex', 'raw', 'utf16']);
    expect(complete('shm-inspector', 'list', '--sort', 's')).toEqual(['size']);
    expect(complete('shm-inspector', 'completion', '')).toEqual(['bash', 'zsh']);
  });

  it('completes block names from the live listing', () => {
    const native = loadNative();
    const name = uniqueBlockName('listing-cli-comp');
    const block = native.openBlock({ name, size: 4096 });
    try {
      expect(complete('shm-inspector', 'dump', name.slice(0, -3))).toEqual([name]);
      // After an option and its value, the next word is still the block.
      expect(complete('shm-inspector', 'watch', '--count', '3', name.slice(0, -3))).toEqual([name]);
    } finally {
      block.unlink();
      block.close();
    }
  }, 90_000);
});

describe.skipIf(!has('zsh'))('zsh completion', () => {
  it('parses, registers _shm_inspector for shm-inspector and defines one function per subcommand', () => {
    const script = [
      'autoload -U compinit && compinit -u -D',
      'source <(shm-inspector completion zsh)',
      'print -r -- "registered=$_comps[shm-inspector]"',
      'for c in list dump watch get set diff unlink completion; do (( ${+functions[_shm_inspector_$c]} )) && print -r -- "fn=$c"; done',
    ].join('\n');
    const run = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('registered=_shm_inspector');
    expect(run.stdout.match(/^fn=/gm)).toHaveLength(8);
  });

  /**
   * Types `line` and a Tab into an interactive zsh (on a pseudo-terminal, zsh/zpty)
   * and returns what the terminal shows once `expected` appears; throws after 30 s.
   */
  function zshComplete(line: string, expected: string): string {
    const script = [
      'zmodload zsh/zpty',
      'zpty z zsh -f -i',
      `zpty -w z 'PS1="> "; autoload -U compinit && compinit -u -D; source <(shm-inspector completion zsh); print READY'`,
      `zpty -r -m z out '*READY*'`,
      `zpty -w -n z ${zshLiteral(`${line}\t`)}`,
      `zpty -r -m z out ${zshLiteral(`*${expected}*`)}`,
      'print -r -- "$out"',
      'zpty -d z',
    ].join('\n');
    const run = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', env, timeout: 30_000 });
    if (run.status !== 0) throw new Error(`zsh did not show "${expected}" for "${line}" (status ${run.status}): ${run.stdout.slice(-400)}`);
    // eslint-disable-next-line no-control-regex
    return run.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  }

  const zshLiteral = (text: string) => `$'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

  it('offers the values of --format and live block names', () => {
    expect(zshComplete('shm-inspector dump x --format ', 'utf16')).toMatch(/base64\s+c\s+hex\s+raw\s+utf16/);
    const native = loadNative();
    const name = uniqueBlockName('listing-cli-zsh');
    const block = native.openBlock({ name, size: 4096 });
    try {
      expect(zshComplete(`shm-inspector get ${name.slice(0, -3)}`, name)).toContain(`shm-inspector get ${name}`);
    } finally {
      block.unlink();
      block.close();
    }
  }, 90_000);
});
