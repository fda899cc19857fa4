import { defineConfig } from 'vite';

/** The single-page app: built into web/dist, served by the embedded service or CloudFront. */
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { proxy: { '/v1': 'http://localhost:8787', '/health': 'http://localhost:8787' } },
});
