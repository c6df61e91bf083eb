import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three entries, as in electron-vite's templates: the main process, the preload
// bridge, and the renderer. The browser host serves the same renderer build,
// and its own entry (src-main/web/cli.ts) is built with the main process into
// out/main/web.js, so `npm run web` runs built JavaScript, not TypeScript
// compiled at each start.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          web: resolve(__dirname, 'src-main/web/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
        // The side panels are loaded on demand (components/panelRegistry.ts), all in one chunk
        // ("panels": they mount together, after the first frame). Every module the entry imports
        // statically stays in its chunk ("app" names it): by default the bundler splits off each
        // module a panel shares with the entry, and each panel, a dozen or more files to fetch
        // (and for the host to serve, which kept about 5 MiB more of it resident).
        output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }, { name: 'panels' }] } },
      },
      // electron-vite leaves the renderer unminified; minified it is 370 kB instead of 850 kB,
      // which the page parses before its first paint (the host's start goal).
      // UNMINIFIED=1 keeps names for a CPU profile (bench/diagnose-write.ts PROFILE=1).
      minify: process.env.UNMINIFIED !== '1',
    },
    plugins: [react()],
  },
});
