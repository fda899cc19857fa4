import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { readConfig } from './config';
import { createEmbeddedApp, VERSION } from './embedded-app';
import { isApiPath, webAssets } from './web-assets';

/** `npm start`: the embedded service on one Node process (DESIGN §2). */
// `npm run demo` passes --demo: the same as EVIDENCE_DEMO=1, on any shell.
const config = readConfig(process.argv.includes('--demo') ? { ...process.env, EVIDENCE_DEMO: '1' } : process.env);
const { app, close, firstAdminLink } = await createEmbeddedApp(config);
const web = webAssets(fileURLToPath(new URL('../../web/dist', import.meta.url)));
const fetch = (request: Request, env: unknown) => (isApiPath(new URL(request.url).pathname) ? app.fetch(request, env) : web.fetch(request, env));
const server = serve({ fetch, port: config.port }, (info) => {
  console.log(JSON.stringify({ level: 'info', message: 'evidence file service started', version: VERSION, mode: 'embedded', demo: config.demo, port: info.port, dataDir: config.dataDir, url: config.publicBaseUrl }));
  if (config.demo) console.log(`Demo mode: sign in as one of the demo users at ${config.publicBaseUrl} (data in ${config.dataDir}).`);
  // Printed, never logged as JSON: the link is a one-time secret; only its SHA-256 is stored.
  if (firstAdminLink) console.log(`\nNo account exists yet. Open this link once to create the first admin (valid until used or the next start):\n\n  ${firstAdminLink}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => {
      void close().finally(() => process.exit(0));
    });
  });
}
