// The native engines under AddressSanitizer and UndefinedBehaviorSanitizer:
// thousands of random search and scan cases, each checked against a naive
// version (fixtures/engines_sanitized.cc). Skips with its reason without g++.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasGpp = spawnSync('g++', ['--version']).status === 0;

describe('native engines under ASan and UBSan', () => {
  it.skipIf(!hasGpp)(
    'agree with naive versions on random cases without a memory or UB error (skipped without g++)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'engines-asan-'));
      try {
        const binary = join(dir, 'engines_sanitized');
        execFileSync(
          'g++',
          [
            '-std=c++17',
            '-O0',
            '-g',
            '-fsanitize=address,undefined',
            '-fno-sanitize-recover=all',
            '-I',
            join(root, 'native/src/common'),
            join(root, 'tests/engines/fixtures/engines_sanitized.cc'),
            join(root, 'native/src/common/search.cc'),
            join(root, 'native/src/common/scan.cc'),
            '-o',
            binary,
          ],
          { stdio: 'pipe', timeout: 600_000 },
        ); // ~10 s of CPU; far longer on a loaded machine
        const run = spawnSync(binary, ['1500'], { encoding: 'utf8', timeout: 120_000 });
        expect(run.stderr).toBe('');
        expect(run.stdout.trim()).toBe('ok 1500');
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    720_000,
  );
});
