// A stand-in build of the renderer (index.html, a script, a style) in a
// temporary directory, so the browser-host tests do not depend on
// `npm run build` having run. The host serves it exactly as it serves out/renderer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RendererFixture {
  dir: string;
  remove(): void;
}

export const FIXTURE_INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body>fixture</body></html>';

export function makeRendererFixture(): RendererFixture {
  const dir = mkdtempSync(join(tmpdir(), 'shm-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), FIXTURE_INDEX);
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("fixture");\n');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body { color: red; }\n');
  writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
