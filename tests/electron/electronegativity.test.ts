// Doyensec's Electronegativity, the Electron security scanner, over the main
// process's sources: nothing of high or medium severity but the note that asks
// a reviewer to read the preload (PRELOAD_JS_CHECK: ours exposes one narrow
// transport, see preload-transport.ts). It reads the webPreferences written at
// `new BrowserWindow({...})` in main.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const scanner = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const electronManifest = join(root, 'node_modules', 'electron', 'package.json');
const REVIEW_NOTES = new Set(['PRELOAD_JS_CHECK']);

interface Finding {
  check: string;
  severity: string;
  row: string;
}

/** The findings of one scan; `-e` gives the installed Electron's version, which src-main alone does not reveal (its defaults decide some checks). */
function scan(input: string): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    const out = join(dir, 'findings.csv');
    const version = (JSON.parse(readFileSync(electronManifest, 'utf8')) as { version: string }).version;
    const run = spawnSync(process.execPath, [scanner, '-i', input, '-e', version, '-o', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toMatch(/^issue, severity,/);
    return rows.map((row) => {
      const [check = '', severity = ''] = row.split(',');
      return { check, severity: severity.replaceAll('"', ''), row };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!existsSync(scanner) || !existsSync(electronManifest))('Electronegativity on src-main', () => {
  it('finds nothing high or medium except the preload review note', () => {
    const findings = scan(join(root, 'src-main'));
    const serious = findings.filter((f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && !REVIEW_NOTES.has(f.check));
    expect(serious.map((f) => f.row)).toEqual([]);
    // The scan did read the windows: it found the preload they name.
    expect(findings.map((f) => f.check)).toContain('PRELOAD_JS_CHECK');
  }, 180_000);
});
