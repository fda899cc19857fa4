import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { loginSchema, nameSchema, passwordSchema, rolesSchema, totpCodeSchema } from '../../core/accounts';
import { pageQuerySchema } from '../../core/schemas';
import type { AccountService, SignedInSession } from '../../services/accounts';
import { actorOf, type AppEnv } from '../env';
import { anyJson, jsonBody, jsonContent, PROBLEMS } from '../openapi';
import { InvalidTokenError } from '../../ports/token-verifier';
import { clearSessionCookie, sessionCookie, setSessionCookie, type SessionCookieSettings } from '../session-cookie';
import { requestContext } from './documents';

const accountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    login: z.string(),
    status: z.enum(['active', 'disabled']),
    method: z.enum(['password', 'demo', 'oidc']),
    mustChangePassword: z.boolean(),
    totpEnabled: z.boolean(),
    pendingSteps: z.array(z.enum(['change-password', 'enrol-totp'])),
  })
  .openapi('Account');

const sessionSchema = z.object({ user: accountSchema, expiresAt: z.string(), token: z.string().optional() });

/** `bearer: true` asks for the token in the body (API clients) instead of the browser's cookie. */
const loginBody = z.strictObject({ login: loginSchema, password: z.string().min(1).max(256), totp: totpCodeSchema.optional(), bearer: z.boolean().optional() });
const userParams = z.object({ userId: z.string().min(1).max(64) });

const routes = {
  options: createRoute({
    method: 'get',
    path: '/v1/auth/options',
    responses: { 200: jsonContent(z.object({ demo: z.boolean(), setupNeeded: z.boolean(), sso: z.boolean() }), 'How one signs in here') },
  }),
  session: createRoute({
    method: 'get',
    path: '/v1/auth/session',
    responses: { 200: jsonContent(z.object({ user: accountSchema.nullable() }), 'The account of the session cookie, or null (never a 401: the app asks this before anyone signs in)') },
  }),
  setup: createRoute({
    method: 'post',
    path: '/v1/auth/setup',
    request: { body: jsonBody(z.strictObject({ token: z.string().min(1).max(200), login: loginSchema, name: nameSchema, password: passwordSchema, bearer: z.boolean().optional() })) },
    responses: { 200: jsonContent(sessionSchema, 'The first admin, signed in'), ...PROBLEMS },
  }),
  login: createRoute({
    method: 'post',
    path: '/v1/auth/login',
    request: { body: jsonBody(loginBody) },
    responses: { 200: jsonContent(sessionSchema, 'Signed in: a session cookie, or the token when `bearer` was asked'), ...PROBLEMS },
  }),
  logout: createRoute({ method: 'post', path: '/v1/auth/logout', responses: { 204: { description: 'The session is ended' }, ...PROBLEMS } }),
  password: createRoute({
    method: 'post',
    path: '/v1/me/password',
    request: { body: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema })) },
    responses: { 200: jsonContent(accountSchema, 'The password is changed'), ...PROBLEMS },
  }),
  totp: createRoute({
    method: 'post',
    path: '/v1/me/totp',
    responses: { 200: jsonContent(z.object({ secret: z.string(), uri: z.string() }), 'A new TOTP secret and its otpauth:// URI, to confirm with a code'), ...PROBLEMS },
  }),
  totpConfirm: createRoute({
    method: 'post',
    path: '/v1/me/totp/confirm',
    request: { body: jsonBody(z.strictObject({ code: totpCodeSchema })) },
    responses: { 200: jsonContent(accountSchema, 'TOTP is on'), ...PROBLEMS },
  }),
  users: createRoute({ method: 'get', path: '/v1/users', responses: { 200: jsonContent(z.object({ items: z.array(accountSchema) }), 'Every account'), ...PROBLEMS } }),
  createUser: createRoute({
    method: 'post',
    path: '/v1/users',
    request: { body: jsonBody(z.strictObject({ login: loginSchema, name: nameSchema, roles: rolesSchema, password: passwordSchema, email: z.email().optional() })) },
    responses: { 201: jsonContent(accountSchema, 'The user; the password must be changed at the first sign-in'), ...PROBLEMS },
  }),
  updateUser: createRoute({
    method: 'patch',
    path: '/v1/users/{userId}',
    request: { params: userParams, body: jsonBody(z.strictObject({ name: nameSchema.optional(), roles: rolesSchema.optional(), status: z.enum(['active', 'disabled']).optional() })) },
    responses: { 200: jsonContent(accountSchema, 'The user as changed; disabling ends their sessions'), ...PROBLEMS },
  }),
  resetPassword: createRoute({
    method: 'post',
    path: '/v1/users/{userId}/password-reset',
    request: { params: userParams, body: jsonBody(z.strictObject({ password: passwordSchema })) },
    responses: { 200: jsonContent(accountSchema, 'A new password, to be changed at the next sign-in; sessions ended'), ...PROBLEMS },
  }),
  events: createRoute({
    method: 'get',
    path: '/v1/audit/accounts',
    request: { query: pageQuerySchema },
    responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional(), head: anyJson }), 'The accounts chain, oldest first'), ...PROBLEMS },
  }),
  verify: createRoute({ method: 'get', path: '/v1/audit/accounts/verify', responses: { 200: jsonContent(anyJson, '{valid, length, head, firstInvalidSeq?, reason?}'), ...PROBLEMS } }),
};

export interface AccountRouteDeps {
  accounts: AccountService;
  cookie: SessionCookieSettings;
  demo: boolean;
  sso: boolean;
}

/** Accounts: first admin, sign-in and out, one's own password and TOTP, user management, the accounts chain. */
export function accountRoutes({ accounts, cookie, demo, sso }: AccountRouteDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const origin = (c: Context) => {
    const { ip, userAgent } = requestContext(c);
    return { address: ip, userAgent };
  };
  const signedIn = (c: Context, session: SignedInSession, bearer: boolean | undefined) => {
    if (bearer) return { user: session.user, expiresAt: session.expiresAt, token: session.token };
    setSessionCookie(c, cookie, session.token, session.expiresAt);
    return { user: session.user, expiresAt: session.expiresAt };
  };
  app.openapi(routes.options, async (c) => c.json({ demo, setupNeeded: await accounts.setupNeeded(), sso }, 200));
  app.openapi(routes.session, async (c) => {
    const token = sessionCookie(c, cookie);
    const principal = token ? await accounts.verify(token).catch((error: unknown) => (error instanceof InvalidTokenError ? undefined : Promise.reject(error))) : undefined;
    return c.json({ user: principal ? await accounts.me(principal.id) : null }, 200);
  });
  app.openapi(routes.setup, async (c) => {
    const { bearer, ...input } = c.req.valid('json');
    return c.json(signedIn(c, await accounts.completeSetup(input, origin(c)), bearer), 200);
  });
  app.openapi(routes.login, async (c) => {
    const { bearer, ...input } = c.req.valid('json');
    return c.json(signedIn(c, await accounts.signIn(input, origin(c)), bearer), 200);
  });
  app.openapi(routes.logout, async (c) => {
    await accounts.signOut(c.get('sessionToken'), c.get('principal'));
    clearSessionCookie(c, cookie);
    return c.body(null, 204);
  });
  app.openapi(routes.password, async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    return c.json(await accounts.changePassword(c.get('principal'), currentPassword, newPassword), 200);
  });
  app.openapi(routes.totp, async (c) => c.json(await accounts.beginTotp(c.get('principal')), 200));
  app.openapi(routes.totpConfirm, async (c) => c.json(await accounts.confirmTotp(c.get('principal'), c.req.valid('json').code), 200));
  app.openapi(routes.users, async (c) => c.json({ items: await accounts.list() }, 200));
  app.openapi(routes.createUser, async (c) => c.json(await accounts.create(actorOf(c), c.req.valid('json')), 201));
  app.openapi(routes.updateUser, async (c) => c.json(await accounts.update(actorOf(c), c.req.valid('param').userId, c.req.valid('json')), 200));
  app.openapi(routes.resetPassword, async (c) => c.json(await accounts.resetPassword(actorOf(c), c.req.valid('param').userId, c.req.valid('json').password), 200));
  app.openapi(routes.events, async (c) => c.json(await accounts.events(c.req.valid('query')), 200));
  app.openapi(routes.verify, async (c) => c.json(await accounts.verifyChain(), 200));
  return app;
}
