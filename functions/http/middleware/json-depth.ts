import type { Context, Next } from 'hono';
import { SchemaViolationError } from '../../core/errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../core/json-depth';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/**
 * Refuses a JSON body that nests deeper than {@link MAX_JSON_DEPTH} (400) before anything parses
 * or validates it: recursive validators and canonicalisers would otherwise run out of stack.
 * Runs inside the body-size limit, on JSON routes only (never on a streamed upload); the text it
 * reads is the one the validator parses next (Hono caches the body), so nothing is read twice.
 */
export async function refuseDeepJson(c: Context, next: Next): Promise<void> {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    if (nestsDeeperThan(await c.req.text(), MAX_JSON_DEPTH)) {
      throw new SchemaViolationError(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, [{ path: '(body)', message: `nests deeper than ${MAX_JSON_DEPTH} levels` }]);
    }
  }
  await next();
}
