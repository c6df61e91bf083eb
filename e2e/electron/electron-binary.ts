// Whether Electron can run here, decided without `require('electron')`, which
// would try to download the binary. Mirrors scripts/electron-binary.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/paths';

export type ElectronStatus = { available: true; path: string } | { available: false; reason: string };

export function electronStatus(): ElectronStatus {
  const pkgDir = join(repoRoot, 'node_modules', 'electron');
  const binaryName = process.platform === 'win32' ? 'electron.exe' : 'electron';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, binaryName);
    return existsSync(path)
      ? { available: true, path }
      : { available: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary at ${path}` };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { available: false, reason: "Electron's binary is absent (it is downloaded from GitHub, unreachable here; run `npx install-electron` where it is reachable)" };
  }
  const path = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(path)) return { available: false, reason: `Electron's binary is missing at ${path}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { available: false, reason: 'no display for Electron (run under xvfb-run)' };
  }
  return { available: true, path };
}
