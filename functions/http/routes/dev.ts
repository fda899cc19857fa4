import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { pageQuerySchema } from '../../core/schemas';
import type { OutboxReader } from '../../ports/notifier';
import type { AppEnv } from '../env';
import { anyJson, jsonContent, PROBLEMS } from '../openapi';

const outbox = createRoute({
  method: 'get',
  path: '/v1/dev/outbox',
  request: { query: pageQuerySchema },
  responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional() }), 'Messages the Notifier "sent", newest first'), ...PROBLEMS },
});

/** Embedded only: what the outbox Notifier has "sent" (one-time codes, links). */
export function devRoutes(messages: OutboxReader): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(outbox, async (c) => c.json(await messages.list(c.req.valid('query')), 200));
  return app;
}
