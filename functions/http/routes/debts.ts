import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { PreconditionRequiredError, ValidationError } from '../../core/errors';
import { createDebtSchema, limitationEventSchema, listDebtsQuerySchema, patchDebtSchema, paymentSchema } from '../../core/schemas';
import type { DebtService } from '../../services/debts';
import { actorOf, type AppEnv } from '../env';
import { anyJson, idParams, jsonBody, jsonContent, PROBLEMS } from '../openapi';

const debtResponse = (description: string) => jsonContent(anyJson.openapi('Debt'), description);

const routes = {
  create: createRoute({ method: 'post', path: '/v1/debts', request: { body: jsonBody(createDebtSchema) }, responses: { 201: debtResponse('The new debt'), ...PROBLEMS } }),
  list: createRoute({
    method: 'get',
    path: '/v1/debts',
    request: { query: listDebtsQuerySchema },
    responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional() }), 'Debts in your scope'), ...PROBLEMS },
  }),
  get: createRoute({ method: 'get', path: '/v1/debts/{id}', request: { params: idParams }, responses: { 200: debtResponse('The debt with ledger and limitation summary'), ...PROBLEMS } }),
  patch: createRoute({
    method: 'patch',
    path: '/v1/debts/{id}',
    request: { params: idParams, headers: z.object({ 'if-match': z.string().optional() }), body: jsonBody(patchDebtSchema) },
    responses: { 200: debtResponse('The changed debt'), ...PROBLEMS },
  }),
  payment: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/payments',
    request: { params: idParams, body: jsonBody(paymentSchema) },
    responses: { 201: jsonContent(anyJson, 'The payment and the debt after it'), ...PROBLEMS },
  }),
  event: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/events',
    request: { params: idParams, body: jsonBody(limitationEventSchema) },
    responses: { 201: jsonContent(anyJson, 'The recorded limitation-relevant event'), ...PROBLEMS },
  }),
};

/** Debts: create, list, read, change; payments and limitation-relevant events. */
export function debtRoutes(debts: DebtService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(routes.create, async (c) => {
    const debt = await debts.create(actorOf(c), c.req.valid('json'));
    return c.json(debt, 201, { location: `/v1/debts/${debt.id}`, etag: `"${debt.version}"` });
  });
  app.openapi(routes.list, async (c) => c.json(await debts.list(c.get('principal'), c.req.valid('query')), 200));
  app.openapi(routes.get, async (c) => {
    const view = await debts.view(c.get('debt'));
    return c.json(view, 200, { etag: `"${view.version}"` });
  });
  app.openapi(routes.patch, async (c) => {
    const view = await debts.patch(actorOf(c), c.get('debt').id, parseIfMatch(c.req.valid('header')['if-match']), c.req.valid('json'));
    return c.json(view, 200, { etag: `"${view.version}"` });
  });
  app.openapi(routes.payment, async (c) => c.json(await debts.recordPayment(actorOf(c), c.get('debt').id, c.req.valid('json')), 201));
  app.openapi(routes.event, async (c) => c.json(await debts.recordLimitationEvent(actorOf(c), c.get('debt').id, c.req.valid('json')), 201));
  return app;
}

/** `If-Match: "3"` (or `3`, or `W/"3"`) → 3. */
function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw new PreconditionRequiredError('send If-Match with the version you are changing (the ETag of GET /v1/debts/{id})');
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ValidationError('If-Match must be the debt version, e.g. "3"', [{ path: 'If-Match', message: 'not a version' }]);
  return Number(match[1]);
}
