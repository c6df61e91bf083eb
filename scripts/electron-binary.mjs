// Tells whether Electron's binary is present without touching the network.
// (`require('electron')` would try to download it when it is missing.)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {{ available: true, path: string } | { available: false, reason: string }} */
export function electronBinaryStatus(root) {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(path)
      ? { available: true, path }
      : { available: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${path}` };
  }
  if (!existsSync(pkgDir)) return { available: false, reason: 'the electron package is not installed (run npm install)' };
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      available: false,
      reason: "Electron's binary is not downloaded (`npx install-electron` fetches it from GitHub, which this machine may not reach)",
    };
  const path = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(path) ? { available: true, path } : { available: false, reason: `Electron's binary is missing at ${path}` };
}

/** Why Electron cannot show a window on this machine, or null if it can. */
export function missingDisplayReason() {
  if (process.platform !== 'linux') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
}
