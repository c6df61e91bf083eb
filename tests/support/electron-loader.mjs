// `node --import ./tests/support/electron-loader.mjs out/main/index.js ...`
// runs the built Electron main bundle on Node with the Electron API double in
// place of the `electron` module, which has no binary on these machines.
import { register } from 'node:module';

register('./electron-resolve-hook.mjs', import.meta.url);
