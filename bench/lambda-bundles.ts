import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleAssets } from '../infra/lib/bundling';
import { buildLambdaBundle } from '../infra/lib/local-bundle';
import { startSsmStandIn } from '../functions/testing/ssm-stand-in';
import { type Figure, median } from './measure';

/** Each function and the files it carries beside its bundle (as in infra/lib/evidence-stack.ts). */
const FUNCTIONS: Array<[string, BundleAssets]> = [
  ['api', { fonts: true }],
  ['ingest', {}],
  ['textract-complete', { extraction: true }],
  ['scheduled', {}],
  ['extract', { extraction: true }],
  ['packet', { fonts: true }],
];
const IMPORT_RUNS = 9;
/** What the CDK stack sets; the values only need to pass config checks at import. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  EVIDENCE_TABLE_NAME: 'bench',
  EVIDENCE_BUCKET: 'bench-evidence',
  EVIDENCE_QUARANTINE_BUCKET: 'bench-quarantine',
  EVIDENCE_USER_POOL_ID: 'us-east-1_bench',
  EVIDENCE_USER_POOL_CLIENT_ID: 'bench',
  EVIDENCE_SEAL_KEY_ID: 'alias/bench',
  EVIDENCE_SEAL_CERTIFICATE_PARAMETER: '/bench/seal-certificate-chain',
};
const BARE_HONO = "import { Hono } from 'hono'; import { handle } from 'hono/aws-lambda'; export const handler = handle(new Hono().get('/health', (c) => c.json({ status: 'ok' })));";

/**
 * DESIGN §11: each Lambda bundle's size, and the API bundle's cold import time (a fresh `node`
 * process importing it, median of {@link IMPORT_RUNS}), against a bare Hono Lambda bundled the same
 * way. Bundled exactly as the CDK stack does (infra/lib/bundling.ts: esbuild, minified, ESM,
 * target node22, AWS SDK included), without source maps. The extraction functions also carry the
 * OCR packages and models beside their bundle: their whole package is printed too.
 */
export async function benchLambdaBundles(dir: string): Promise<Figure[]> {
  await mkdir(dir, { recursive: true });
  const bare = await buildLambdaBundle({ code: BARE_HONO }, join(dir, 'bare-hono'));
  const bareSize = (await stat(bare)).size / 1000;
  const figures: Figure[] = [];
  let api = '';
  for (const [name, assets] of FUNCTIONS) {
    const file = await buildLambdaBundle(`functions/${name}/index.ts`, join(dir, name), assets);
    if (name === 'api') api = file;
    figures.push({ name: `Lambda bundle ${name}`, value: (await stat(file)).size / 1000, unit: 'kB', baseline: { name: 'bare Hono Lambda', value: bareSize } });
    if (assets.extraction) figures.push({ name: `Lambda package ${name} (with OCR packages)`, value: folderBytes(join(dir, name)) / 1e6, unit: 'MB', baseline: { name: 'Lambda unzipped limit', value: 250 } });
  }
  // The API reads its seal certificate from Parameter Store at cold start: a local stand-in answers.
  const ssm = await startSsmStandIn();
  try {
    const env = { ...LAMBDA_ENV, AWS_ENDPOINT_URL_SSM: ssm.endpoint, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' };
    figures.push({ name: 'API bundle cold import (with its Parameter Store read)', value: await coldImportMs(api, env), unit: 'ms', baseline: { name: 'bare Hono Lambda', value: await coldImportMs(bare, env) } });
  } finally {
    await ssm.close();
  }
  await writeFile(join(dir, 'README'), 'bundles built by npm run bench\n');
  return figures;
}

/** Bytes under a folder (du -sb). */
function folderBytes(folder: string): number {
  return Number(spawnSync('du', ['-sb', folder], { encoding: 'utf8' }).stdout.split('\t')[0]);
}

/** Median wall time of importing `file` in a fresh Node process, measured inside that process. */
async function coldImportMs(file: string, env: Record<string, string>): Promise<number> {
  const script = `const start = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - start);`;
  const runs: number[] = [];
  // One at a time, and asynchronously: the Parameter Store stand-in answers from this process.
  for (let i = 0; i < IMPORT_RUNS; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
    runs.push(Number(stdout.trim().split('\n').at(-1)));
  }
  return median(runs);
}
