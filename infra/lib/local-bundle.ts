import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterBundlingCommands, type BundleAssets, EXTRACTION_EXTERNALS, LAMBDA_BUNDLING } from './bundling';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles a Lambda entry point into `outDir/index.mjs` the way the CDK stack does (esbuild with
 * {@link LAMBDA_BUNDLING}, without source maps) and runs the same after-bundling commands, so that
 * the bench measures, and the tests import, what is deployed.
 *
 * @example
 * const file = await buildLambdaBundle('functions/api/index.ts', '/tmp/api', { fonts: true });
 */
export async function buildLambdaBundle(entry: string | { code: string }, outDir: string, assets: BundleAssets = {}): Promise<string> {
  const outfile = join(outDir, 'index.mjs');
  await build({
    ...(typeof entry === 'string' ? { entryPoints: [join(REPO_ROOT, entry)] } : { stdin: { contents: entry.code, resolveDir: REPO_ROOT, loader: 'ts' } }),
    outfile,
    bundle: true,
    platform: 'node',
    minify: LAMBDA_BUNDLING.minify,
    target: LAMBDA_BUNDLING.target,
    format: 'esm',
    mainFields: LAMBDA_BUNDLING.mainFields,
    banner: { js: LAMBDA_BUNDLING.banner },
    external: assets.extraction ? EXTRACTION_EXTERNALS : [],
    logLevel: 'error',
  });
  for (const command of afterBundlingCommands(assets, REPO_ROOT, outDir)) execFileSync('bash', ['-c', command]);
  return outfile;
}
