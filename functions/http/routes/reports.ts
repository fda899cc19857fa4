import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { DebtService } from '../../services/debts';
import type { AppEnv } from '../env';
import { jsonContent, PROBLEMS } from '../openapi';

const aging = createRoute({
  method: 'get',
  path: '/v1/reports/aging',
  responses: {
    200: jsonContent(
      z.object({ asOf: z.string(), rows: z.array(z.object({ bucket: z.string(), currency: z.string(), debts: z.number().int(), outstanding: z.string() })) }),
      'Outstanding amounts by days past due, per currency',
    ),
    ...PROBLEMS,
  },
});

/** Finance reports. */
export function reportRoutes(debts: DebtService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(aging, async (c) => c.json(await debts.aging(), 200));
  return app;
}
