import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { webAppSecurityHeaders } from '../http/security-headers';

/**
 * The built single-page app (web/dist) for the embedded server: files as they are (hashed
 * assets cached for a year), and index.html for any other path so client-side routes load; every
 * answer carries the web app's Content-Security-Policy and security headers.
 */
export function webAssets(distDir: string): Hono {
  const app = new Hono();
  app.use('*', webAppSecurityHeaders());
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('*', (c) => c.text('The web app is not built: run `npm run build`.', 503));
    return app;
  }
  const root = relative(process.cwd(), distDir) || '.';
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root }));
  app.get('*', serveStatic({ root, path: 'index.html' }));
  return app;
}

/** Paths the API answers; everything else is the web app. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/health' || pathname.startsWith('/v1/');
}
