import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The terminal host (`shm-inspector`, src-main/cli) built for Node: one ES
// module, out/cli/main.mjs, that bin/shm-inspector.mjs runs. Node's built-ins
// stay imports; the addon is found at run time by walking up from the bundle
// (src-main/core/native.ts), as for the Electron main bundle.
export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'src-main/cli/main.ts'),
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'main.mjs' } },
  },
  logLevel: 'warn',
});
