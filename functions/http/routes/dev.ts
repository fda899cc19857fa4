import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { TableOutbox } from '../../adapters/outbox/table-outbox';
import { pageQuerySchema } from '../../core/schemas';
import type { AppEnv } from '../env';
import { anyJson, jsonContent, PROBLEMS } from '../openapi';

const outbox = createRoute({
  method: 'get',
  path: '/v1/dev/outbox',
  request: { query: pageQuerySchema },
  responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional() }), 'Messages the Notifier "sent", newest first'), ...PROBLEMS },
});

/** Embedded only: what the outbox Notifier has "sent" (one-time codes, links). */
export function devRoutes(messages: Pick<TableOutbox, 'list'>): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(outbox, async (c) => c.json(await messages.list(c.req.valid('query')), 200));
  return app;
}
