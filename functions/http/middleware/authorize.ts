import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import { ForbiddenError, PayloadTooLargeError } from '../../core/errors';
import { InvalidTokenError, type TokenVerifier } from '../../ports/token-verifier';
import type { DebtService } from '../../services/debts';
import type { AppEnv } from '../env';
import { refuseDeepJson } from './json-depth';
import { policyKey, ROUTE_POLICIES, type RoutePolicy } from '../route-policies';

const JSON_BODY_LIMIT = 1024 * 1024;
// Multipart framing and the form fields around the file.
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Finds the route a request is going to, applies its {@link RoutePolicy}: body size (and JSON
 * nesting depth), sign-in,
 * role, and debt scope. Runs before validation, so a caller without the right learns nothing
 * from validation messages.
 */
export function authorize(deps: { tokens: TokenVerifier; debts: DebtService; maxInlineBytes: number }): MiddlewareHandler<AppEnv> {
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
    if (policy.allow !== 'public') {
      const principal = await deps.tokens.verify(bearerToken(c.req.header('authorization')));
      const actingRole = policy.allow.find((role) => principal.roles.includes(role));
      if (!actingRole) throw new ForbiddenError(`this needs one of the roles ${policy.allow.join(', ')}`);
      c.set('principal', principal);
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
