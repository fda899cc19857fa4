import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

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
  // templates/fonts.ts reads the fonts next to the module: copy them next to the bundle.
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/fonts"`, `cp "${inputDir}/templates/fonts/"*.ttf "${outputDir}/fonts/"`],
  },
} satisfies BundlingOptions;
