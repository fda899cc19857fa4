import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createSigningRequestSchema, signBodySchema } from '../../core/signing';
import type { SigningService } from '../../services/signing';
import type { AppEnv } from '../env';
import { ONE_TIME_SECRET_HEADER } from '../middleware/idempotency';
import { anyJson, idParams, jsonBody, jsonContent, PROBLEMS } from '../openapi';
import { requestContext } from './documents';

const requestParams = idParams.extend({ rid: z.uuid() });
const tokenParams = z.object({ token: z.string().max(100) });
const GONE = { 409: PROBLEMS[400], 410: PROBLEMS[400], 429: PROBLEMS[400] };

const routes = {
  create: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/signing-requests',
    request: { params: idParams, body: jsonBody(createSigningRequestSchema) },
    responses: { 201: jsonContent(anyJson, 'The request; each signer has its link, shown this once'), 422: PROBLEMS[400], ...PROBLEMS },
  }),
  get: createRoute({ method: 'get', path: '/v1/debts/{id}/signing-requests/{rid}', request: { params: requestParams }, responses: { 200: jsonContent(anyJson, 'The request; documentId once sealed'), ...PROBLEMS } }),
  seal: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/signing-requests/{rid}/seal',
    request: { params: requestParams },
    responses: { 200: jsonContent(anyJson, 'Sealing retried after a failure: the completed request'), 409: PROBLEMS[400], ...PROBLEMS },
  }),
  open: createRoute({ method: 'get', path: '/v1/sign/{token}', request: { params: tokenParams }, responses: { 200: jsonContent(anyJson, 'What the signer is asked to sign, and the consent text'), ...GONE, 404: PROBLEMS[404] } }),
  document: createRoute({ method: 'get', path: '/v1/sign/{token}/document', request: { params: tokenParams }, responses: { 200: { description: 'The PDF to read before signing' }, ...GONE, 404: PROBLEMS[404] } }),
  code: createRoute({ method: 'post', path: '/v1/sign/{token}/otp', request: { params: tokenParams }, responses: { 200: jsonContent(anyJson, 'A one-time code was sent'), ...GONE, 404: PROBLEMS[404] } }),
  sign: createRoute({
    method: 'post',
    path: '/v1/sign/{token}',
    request: { params: tokenParams, body: jsonBody(signBodySchema) },
    responses: { 200: jsonContent(anyJson, 'Signed (or declined); the request status'), ...GONE, 400: PROBLEMS[400], 404: PROBLEMS[404], 413: PROBLEMS[400], 415: PROBLEMS[400], 422: PROBLEMS[400] },
  }),
};

/**
 * Signing requests (requester side, debt-scoped) and the signer's routes, which are public:
 * the link's token is the signer's authority (DESIGN §4).
 */
export function signingRoutes(signing: SigningService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.create, async (c) => {
    const created = await signing.create(c.get('principal'), c.get('debt'), c.req.valid('json'), requestContext(c));
    return c.json(created, 201, { location: `/v1/debts/${created.debtId}/signing-requests/${created.id}`, 'cache-control': 'no-store', [ONE_TIME_SECRET_HEADER]: 'links' });
  });
  app.openapi(routes.get, async (c) => c.json(await signing.get(c.get('debt').id, c.req.valid('param').rid), 200));
  app.openapi(routes.seal, async (c) => {
    await signing.complete(c.get('debt').id, c.req.valid('param').rid);
    return c.json(await signing.get(c.get('debt').id, c.req.valid('param').rid), 200);
  });
  app.openapi(routes.open, async (c) => c.json(await signing.open(c.req.valid('param').token, requestContext(c)), 200, { 'cache-control': 'no-store' }));
  app.openapi(routes.document, async (c) => {
    const document = await signing.document(c.req.valid('param').token, requestContext(c));
    return new Response(document.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { 'content-type': 'application/pdf', etag: `"${document.sha256}"`, 'content-disposition': `inline; filename="${document.filename}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    });
  });
  app.openapi(routes.code, async (c) => c.json(await signing.sendCode(c.req.valid('param').token, requestContext(c)), 200));
  app.openapi(routes.sign, async (c) => c.json(await signing.sign(c.req.valid('param').token, c.req.valid('json'), requestContext(c)), 200));
  return app;
}
