import { serve } from '@hono/node-server';
import { readConfig } from './config';
import { createEmbeddedApp, VERSION } from './embedded-app';

/** `npm start`: the embedded service on one Node process (DESIGN §2). */
const config = readConfig();
const { app, close } = await createEmbeddedApp(config);
const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  console.log(JSON.stringify({ level: 'info', message: 'evidence file service started', version: VERSION, mode: 'embedded', port: info.port, dataDir: config.dataDir, url: config.publicBaseUrl }));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => {
      void close().finally(() => process.exit(0));
    });
  });
}
