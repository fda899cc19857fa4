import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Principal } from '../../core/roles';
import { NotFoundError } from '../../core/errors';
import type { AppEnv } from '../env';
import { jsonBody, jsonContent, PROBLEMS } from '../openapi';

export interface SystemDeps {
  mode: 'embedded' | 'aws';
  version: string;
  /** Embedded only: the seeded demo users and tokens for them. */
  devLogin?: DevLogin;
}

export interface DevLogin {
  users(): Promise<Principal[]>;
  login(userId: string): Promise<{ token: string; user: Principal } | undefined>;
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
    200: jsonContent(z.object({ token: z.string(), user: z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }) }), 'A token for a demo user'),
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
  responses: { 200: jsonContent(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) }), 'The signed-in user'), ...PROBLEMS },
});

/** Health, the signed-in user, and (embedded only) dev login for the demo users. */
export function systemRoutes(deps: SystemDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(health, (c) => c.json({ status: 'ok' as const, version: deps.version, mode: deps.mode }, 200));
  app.openapi(me, (c) => c.json(c.get('principal'), 200));
  const login = deps.devLogin;
  if (login) {
    app.openapi(devLogin, async (c) => {
      const session = await login.login(c.req.valid('json').userId);
      if (!session) throw new NotFoundError('no such demo user');
      return c.json(session, 200);
    });
    app.openapi(devUsers, async (c) => c.json({ items: await login.users() }, 200));
  }
  return app;
}
