/**
 * The layout worker (ELK layered + ForceAtlas2) as one classic script: the server serves it as
 * `layout-worker.js`, the HTML export embeds it gzipped and starts it from a Blob URL.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL('src/layout/worker.ts', import.meta.url)),
      formats: ['iife'],
      name: 'dfmapLayoutWorker',
      fileName: () => 'layout-worker.js',
    },
  },
});
