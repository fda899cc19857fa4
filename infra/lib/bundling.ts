import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * How every function is bundled (local esbuild, no Docker), shared with `npm run bench` so that the
 * sizes it prints are the deployed ones. The AWS SDK is bundled rather than taken from the Lambda
 * runtime: the tests ran against the pinned SDK version, the runtime's changes without notice.
 */
export const LAMBDA_BUNDLING = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  externalModules: [],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  forceDockerBundling: false,
} satisfies BundlingOptions;

/** Files a function reads at run time beside its bundle. */
export interface BundleAssets {
  /** The template fonts (templates/fonts.ts reads `./fonts/` next to the module: the bundle). */
  fonts?: boolean;
  /**
   * Extraction: tesseract.js (its worker script and WebAssembly core, loaded from its own folder),
   * the Chinese and English models and the orientation model (OSD), and pdfjs-dist (its CMaps, standard fonts and decoders). These
   * stay outside the bundle, as packages in `node_modules/` beside it, copied from the installed
   * (lockfile) versions: no download at bundling or run time.
   */
  extraction?: boolean;
}

/** Packages kept out of the bundle of an extraction function and copied next to it. */
export const EXTRACTION_EXTERNALS = ['tesseract.js', 'pdfjs-dist'];

/** The template fonts, relative to the repository. */
export const FONT_FILES = ['templates/fonts/DejaVuSans.ttf', 'templates/fonts/DroidSansFallbackFull.ttf'];

/**
 * The shell commands that put a function's run-time files next to its bundle in `outputDir`
 * (the CDK runs them as `afterBundling`; the bench and the bundle test run the same ones).
 *
 * @example
 * afterBundlingCommands({ fonts: true }, '/repo', '/out') // ['mkdir -p "/out/fonts"', 'cp "/repo/templates/fonts/DejaVuSans.ttf" …']
 */
export function afterBundlingCommands(assets: BundleAssets, inputDir: string, outputDir: string): string[] {
  const commands: string[] = [];
  if (assets.fonts) {
    commands.push(`mkdir -p "${outputDir}/fonts"`, ...FONT_FILES.map((file) => `cp "${inputDir}/${file}" "${outputDir}/fonts/"`));
  }
  if (assets.extraction) {
    const copy = (path: string) => {
      const target = `${outputDir}/node_modules/${path}`;
      // Removed first: `cp -R` into an existing folder would nest the copy.
      return [`rm -rf "${target}"`, `mkdir -p "$(dirname "${target}")"`, `cp -R "${inputDir}/node_modules/${path}" "${target}"`];
    };
    for (const name of dependencyClosure('tesseract.js')) commands.push(...copy(name));
    for (const language of ['chi_sim', 'eng', 'osd']) commands.push(...copy(`@tesseract.js-data/${language}/package.json`), ...copy(`@tesseract.js-data/${language}/4.0.0_best_int`));
    for (const path of ['package.json', 'legacy/build/pdf.mjs', 'legacy/build/pdf.worker.mjs', 'cmaps', 'standard_fonts', 'wasm', 'iccs']) commands.push(...copy(`pdfjs-dist/${path}`));
  }
  return commands;
}

/** The bundling options of a function that reads `assets` at run time. */
export function lambdaBundling(assets: BundleAssets = {}): BundlingOptions {
  if (!assets.fonts && !assets.extraction) return LAMBDA_BUNDLING;
  return {
    ...LAMBDA_BUNDLING,
    externalModules: assets.extraction ? EXTRACTION_EXTERNALS : [],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => afterBundlingCommands(assets, inputDir, outputDir),
    },
  };
}

/** A package and every package it depends on at run time, as installed (a post-install helper excluded). */
function dependencyClosure(root: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || name === 'opencollective-postinstall') return;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
  };
  visit(root);
  return [...seen];
}
