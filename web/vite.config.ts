import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** pdfjs needs its cMaps (Chinese text) and standard fonts as files next to the app. */
function pdfjsAssets(): Plugin {
  return {
    name: 'pdfjs-assets',
    async writeBundle(options) {
      const out = join(options.dir ?? 'dist', 'pdfjs');
      await cp(join(pdfjsRoot, 'cmaps'), join(out, 'cmaps'), { recursive: true });
      await cp(join(pdfjsRoot, 'standard_fonts'), join(out, 'standard_fonts'), { recursive: true });
    },
  };
}

/** The single-page app: built into web/dist, served by the embedded service or CloudFront. */
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [pdfjsAssets()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: { proxy: { '/v1': 'http://localhost:8787', '/health': 'http://localhost:8787' } },
});
