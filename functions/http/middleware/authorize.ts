import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import { AccountSetupRequiredError, CrossSiteRequestError, ForbiddenError, PayloadTooLargeError } from '../../core/errors';
import { InvalidTokenError, type TokenVerifier } from '../../ports/token-verifier';
import type { DebtService } from '../../services/debts';
import type { AppEnv } from '../env';
import { refuseDeepJson } from './json-depth';
import { policyKey, ROUTE_POLICIES, type RoutePolicy } from '../route-policies';
import { sessionCookie, type SessionCookieSettings } from '../session-cookie';

const JSON_BODY_LIMIT = 1024 * 1024;
// Multipart framing and the form fields around the file.
const MULTIPART_OVERHEAD = 64 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Finds the route a request is going to, applies its {@link RoutePolicy}: body size (and JSON
 * nesting depth), sign-in,
 * role, and debt scope. Runs before validation, so a caller without the right learns nothing
 * from validation messages.
 *
 * Sign-in is a bearer token (API clients) or the session cookie (the browser). A state-changing
 * request with a foreign `Origin` is refused, and one signed in by cookie must carry an `Origin`
 * (or `Sec-Fetch-Site: same-origin`) of this service: cross-site request forgery cannot ride on
 * the cookie. (Hono's `csrf` middleware checks only form content types; JSON is a target too
 * once a cookie is the credential.) An account with pending steps (new password, TOTP for
 * admins) may use only the routes marked `setup`.
 */
export function authorize(deps: {
  tokens: TokenVerifier;
  debts: DebtService;
  maxInlineBytes: number;
  cookie?: SessionCookieSettings;
  /** Origins besides the request's own that may send state-changing requests (the public URL). */
  trustedOrigins?: readonly string[];
}): MiddlewareHandler<AppEnv> {
  const limits = {
    json: bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: tooLarge(JSON_BODY_LIMIT) }),
    upload: bodyLimit({ maxSize: deps.maxInlineBytes + MULTIPART_OVERHEAD, onError: tooLarge(deps.maxInlineBytes) }),
  };
  return async (c, next) => {
    const route = matchedRoutes(c).at(-1);
    // No handler matched: let the not-found handler answer.
    if (!route || route.method === 'ALL') return next();
    const policy = ROUTE_POLICIES[policyKey(route.method, route.path)];
    if (!policy) throw new ForbiddenError('this route has no permission rule');
    const unsafe = !SAFE_METHODS.has(c.req.method);
    const origin = c.req.header('origin');
    const ownOrigin = (value: string) => value === new URL(c.req.url).origin || (deps.trustedOrigins ?? []).includes(value);
    if (unsafe && origin && !ownOrigin(origin)) throw new CrossSiteRequestError(`requests from ${origin} are not accepted`);
    if (policy.allow !== 'public') {
      const authorization = c.req.header('authorization');
      const cookieToken = authorization || !deps.cookie ? undefined : sessionCookie(c, deps.cookie);
      if (cookieToken && unsafe && !origin && c.req.header('sec-fetch-site') !== 'same-origin') {
        throw new CrossSiteRequestError('a request signed in by cookie must say where it comes from (Origin)');
      }
      const token = cookieToken ?? bearerToken(authorization);
      const { pendingSteps, ...principal } = await deps.tokens.verify(token);
      if (pendingSteps?.length && !policy.setup) throw new AccountSetupRequiredError(`finish setting up your account first: ${pendingSteps.join(', ')}`, pendingSteps);
      const actingRole = policy.allow.find((role) => principal.roles.includes(role));
      if (!actingRole) throw new ForbiddenError(`this needs one of the roles ${policy.allow.join(', ')}`);
      c.set('principal', principal);
      c.set('sessionToken', token);
      c.set('actingRole', actingRole);
      if (policy.debt) c.set('debt', await deps.debts.findVisible(principal, pathParam(route.path, c.req.path, ':id')));
    }
    if (policy.body === 'stream') return next();
    if (policy.body === 'upload') return limits.upload(c, next);
    return limits.json(c, () => refuseDeepJson(c, next));
  };
}

function tooLarge(limit: number) {
  return (): never => {
    throw new PayloadTooLargeError(`the request body is larger than ${limit} bytes`);
  };
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) throw new InvalidTokenError('send Authorization: Bearer <token>');
  return match[1];
}

/** The value of `name` in `path`, read by aligning it with the route pattern. */
function pathParam(pattern: string, path: string, name: string): string {
  const index = pattern.split('/').indexOf(name);
  return decodeURIComponent(path.split('/')[index] ?? '');
}
