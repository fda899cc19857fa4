import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors';
import type { AccountService } from '../../services/accounts';
import type { AppEnv } from '../env';
import { jsonBody, jsonContent, PROBLEMS } from '../openapi';
import { type SessionCookieSettings, setSessionCookie } from '../session-cookie';
import { requestContext } from './documents';

export interface SystemDeps {
  mode: 'embedded' | 'aws';
  version: string;
  /** Embedded: the accounts (`/v1/me` shows the account, with its pending steps). */
  accounts?: AccountService;
  /** Demo mode only: dev login for the demo users. */
  demo?: boolean;
  cookie?: SessionCookieSettings;
}

const health = createRoute({
  method: 'get',
  path: '/health',
  responses: { 200: jsonContent(z.object({ status: z.literal('ok'), version: z.string(), mode: z.enum(['embedded', 'aws']) }), 'The service is up') },
});

const devLogin = createRoute({
  method: 'post',
  path: '/v1/auth/dev-login',
  request: { body: jsonBody(z.strictObject({ userId: z.string().min(1).max(128) })) },
  responses: {
    200: jsonContent(z.object({ token: z.string(), expiresAt: z.string(), user: z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }) }), 'A token for a demo user'),
    ...PROBLEMS,
  },
});

const devUsers = createRoute({
  method: 'get',
  path: '/v1/auth/dev-users',
  responses: { 200: jsonContent(z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })) }), 'The demo users one can sign in as') },
});

const me = createRoute({
  method: 'get',
  path: '/v1/me',
  responses: { 200: jsonContent(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }).passthrough(), 'The signed-in user (embedded: the account, with `pendingSteps`)'), ...PROBLEMS },
});

/** Health, the signed-in user, and (demo mode only) dev login for the demo users. */
export function systemRoutes(deps: SystemDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const accounts = deps.accounts;
  app.openapi(health, (c) => c.json({ status: 'ok' as const, version: deps.version, mode: deps.mode }, 200));
  app.openapi(me, async (c) => c.json(accounts ? await accounts.me(c.get('principal').id) : c.get('principal'), 200));
  if (accounts && deps.demo) {
    app.openapi(devLogin, async (c) => {
      const { ip, userAgent } = requestContext(c);
      const session = await accounts.devSignIn(c.req.valid('json').userId, { address: ip, userAgent });
      if (!session) throw new NotFoundError('no such demo user');
      // The browser keeps the session in the cookie; scripts and tests take the token.
      if (deps.cookie) setSessionCookie(c, deps.cookie, session.token, session.expiresAt);
      return c.json({ token: session.token, expiresAt: session.expiresAt, user: session.user }, 200);
    });
    app.openapi(devUsers, async (c) => c.json({ items: await accounts.demoUsers() }, 200));
  }
  return app;
}
