import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers every response carries (Hono's secureHeaders): `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` (a signing link's token is in its path
 * and must not leak to another site), HSTS, and the cross-origin isolation defaults.
 */
const COMMON = { xFrameOptions: 'DENY', referrerPolicy: 'no-referrer' } as const;

/**
 * The API's headers: its answers are JSON, PDFs and images, never a page, so the Content-Security-Policy
 * allows nothing at all and forbids framing.
 *
 * @example
 * app.use('*', apiSecurityHeaders());
 */
export function apiSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({ ...COMMON, contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } });
}

/**
 * The web app's headers. The Vite build has no inline script or style, so scripts and styles
 * come from the app's own origin only; `blob:` is for the images and PDFs the viewer shows from
 * fetched bytes and for the pdfjs worker; `data:` for the empty favicon; API calls go to the same
 * origin. Nothing may frame the app, and forms post nowhere else.
 *
 * @example
 * web.use('*', webAppSecurityHeaders());
 */
export function webAppSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...COMMON,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'blob:', 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}
