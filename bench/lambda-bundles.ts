import { spawnSync } from 'node:child_process';
import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../infra/lib/bundling';
import { type Figure, median } from './measure';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FUNCTIONS = ['api', 'ingest', 'textract-complete', 'scheduled', 'packet'];
const IMPORT_RUNS = 9;
/** What the CDK stack sets; the values only need to pass config checks at import. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  EVIDENCE_TABLE_NAME: 'bench',
  EVIDENCE_BUCKET: 'bench-evidence',
  EVIDENCE_QUARANTINE_BUCKET: 'bench-quarantine',
  EVIDENCE_USER_POOL_ID: 'us-east-1_bench',
  EVIDENCE_USER_POOL_CLIENT_ID: 'bench',
  EVIDENCE_CHECKPOINT_KEY_ID: 'alias/bench',
};
const BARE_HONO = "import { Hono } from 'hono'; import { handle } from 'hono/aws-lambda'; export const handler = handle(new Hono().get('/health', (c) => c.json({ status: 'ok' })));";

/**
 * DESIGN §11: each Lambda bundle's size, and the API bundle's cold import time (a fresh `node`
 * process importing it, median of {@link IMPORT_RUNS}), against a bare Hono Lambda bundled the same
 * way. Bundled exactly as the CDK stack does (infra/lib/bundling.ts: esbuild, minified, ESM,
 * target node22, AWS SDK included), without source maps.
 */
export async function benchLambdaBundles(dir: string): Promise<Figure[]> {
  await mkdir(dir, { recursive: true });
  const bundle = async (name: string, entry: { file: string } | { code: string }): Promise<string> => {
    const outfile = join(dir, name, 'index.mjs');
    await build({
      ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.code, resolveDir: ROOT, loader: 'ts' } }),
      outfile,
      bundle: true,
      platform: 'node',
      minify: LAMBDA_BUNDLING.minify,
      target: LAMBDA_BUNDLING.target,
      format: 'esm',
      mainFields: LAMBDA_BUNDLING.mainFields,
      banner: { js: LAMBDA_BUNDLING.banner },
      logLevel: 'error',
    });
    // As LAMBDA_BUNDLING's afterBundling hook does: the fonts the templates read at import.
    await cp(join(ROOT, 'templates', 'fonts'), join(dir, name, 'fonts'), { recursive: true, filter: (source) => !/\.(md|txt|ts)$/.test(source) });
    return outfile;
  };
  const bare = await bundle('bare-hono', { code: BARE_HONO });
  const bareSize = (await stat(bare)).size / 1000;
  const figures: Figure[] = [];
  let api = '';
  for (const name of FUNCTIONS) {
    const file = await bundle(name, { file: join(ROOT, 'functions', name, 'index.ts') });
    if (name === 'api') api = file;
    figures.push({ name: `Lambda bundle ${name}`, value: (await stat(file)).size / 1000, unit: 'kB', baseline: { name: 'bare Hono Lambda', value: bareSize } });
  }
  figures.push({ name: 'API bundle cold import', value: coldImportMs(api), unit: 'ms', baseline: { name: 'bare Hono Lambda', value: coldImportMs(bare) } });
  await writeFile(join(dir, 'README'), 'bundles built by npm run bench\n');
  return figures;
}

/** Median wall time of importing `file` in a fresh Node process, measured inside that process. */
function coldImportMs(file: string): number {
  const script = `const start = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - start);`;
  const runs = Array.from({ length: IMPORT_RUNS }, () => {
    const run = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env: { ...process.env, ...LAMBDA_ENV }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
    return Number(run.stdout.trim());
  });
  return median(runs);
}
