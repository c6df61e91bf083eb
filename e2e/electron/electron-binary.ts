// Whether Electron can run here, decided the way `npm start` decides it
// (without `require('electron')`, which would try to download the binary).
import { electronBinaryStatus, missingDisplayReason, type ElectronBinaryStatus } from '../../scripts/electron-binary.mjs';
import { repoRoot } from '../fixtures/paths';

export function electronStatus(): ElectronBinaryStatus {
  const binary = electronBinaryStatus(repoRoot);
  if (!binary.available) return binary;
  const noDisplay = missingDisplayReason();
  return noDisplay ? { available: false, reason: `${noDisplay}; run under xvfb-run` } : binary;
}
