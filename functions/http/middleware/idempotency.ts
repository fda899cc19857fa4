import type { HonoRequest, MiddlewareHandler } from 'hono';
import { sha256Hex } from '../../core/audit-chain';
import type { IdempotencyStore } from '../../services/idempotency';
import type { AppEnv } from '../env';

const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

/**
 * Set by a handler whose response holds one-time secrets (signing links): the response is not
 * kept, since secrets are stored only hashed; a retry gets 409 pointing at what was created.
 */
export const ONE_TIME_SECRET_HEADER = 'x-one-time-secret';

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is kept; a retry
 * with the same key and body gets that response again (header `Idempotent-Replayed: true`) and
 * changes nothing. Keys are scoped to the signed-in user. A server error releases the key.
 */
export function idempotency(store: IdempotencyStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) {
      await next();
      // The marker is for this middleware only; it never reaches the client.
      c.res.headers.delete(ONE_TIME_SECRET_HEADER);
      return;
    }
    const scope = c.get('principal')?.id ?? 'anonymous';
    const fingerprint = sha256Hex(`${c.req.method} ${c.req.path}\n${await bodyDigest(c.req)}`);
    const stored = await store.begin(scope, key, fingerprint);
    if (stored) {
      return new Response(Buffer.from(stored.body, 'base64'), { status: stored.status, headers: { ...stored.headers, 'idempotent-replayed': 'true' } });
    }
    try {
      await next();
    } catch (error) {
      await store.abandon(scope, key);
      throw error;
    }
    if (c.res.status >= 500) return store.abandon(scope, key);
    if (c.res.headers.has(ONE_TIME_SECRET_HEADER)) {
      const location = c.res.headers.get('location');
      c.res.headers.delete(ONE_TIME_SECRET_HEADER);
      const problem = { type: 'urn:evidence-file:problem:conflict', title: 'Already done', status: 409, detail: `the first request with this key succeeded; its one-time links are not shown again${location ? `: see ${location}` : ''}` };
      return store.finish(scope, key, { status: 409, headers: { 'content-type': 'application/problem+json; charset=utf-8', ...(location ? { location } : {}) }, body: Buffer.from(JSON.stringify(problem)).toString('base64') });
    }
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (c.res.headers.get(name) ? [[name, c.res.headers.get(name) as string]] : [])));
    const responseBody = Buffer.from(await c.res.clone().arrayBuffer()).toString('base64');
    await store.finish(scope, key, { status: c.res.status, headers, body: responseBody });
  };
}

/**
 * Digest of what a request says. Multipart bodies are digested part by part, so a retry that
 * frames the same parts with a new boundary is recognised as the same request.
 */
async function bodyDigest(request: HonoRequest): Promise<string> {
  if (!/^multipart\/form-data/i.test(request.header('content-type') ?? '')) return sha256Hex(new Uint8Array(await request.arrayBuffer()));
  const parts: string[] = [];
  for (const [name, value] of await request.formData()) {
    parts.push(typeof value === 'string' ? `${name}=${sha256Hex(value)}` : `${name}=file:${value.name}:${value.type}:${sha256Hex(new Uint8Array(await value.arrayBuffer()))}`);
  }
  return sha256Hex(parts.sort().join('\n'));
}
