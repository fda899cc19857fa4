import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { expiringQuerySchema } from '../../core/schemas';
import type { LimitationService } from '../../services/limitation';
import type { AppEnv } from '../env';
import { anyJson, idParams, jsonContent, PROBLEMS } from '../openapi';

const routes = {
  debt: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/limitation',
    request: { params: idParams },
    responses: {
      200: jsonContent(
        anyJson.openapi('Limitation'),
        '{regime, status, startsOn, expiresOn, longStopOn, daysLeft, events[{date, type, documentId?, counted, proved, effect, reason, source, sourceId}], explanation[], holidayCalendar, warnings[]} (DESIGN §7)',
      ),
      ...PROBLEMS,
    },
  }),
  expiring: createRoute({
    method: 'get',
    path: '/v1/limitation/expiring',
    request: { query: expiringQuerySchema },
    responses: {
      200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional() }), 'Debts whose limitation period ends within `withinDays` days, soonest first'),
      ...PROBLEMS,
    },
  }),
};

/** The limitation period of a debt (DESIGN §7) and the debts whose period ends soon. */
export function limitationRoutes(limitation: LimitationService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.debt, async (c) => c.json(await limitation.forDebt(c.get('debt')), 200));
  app.openapi(routes.expiring, async (c) => {
    const { withinDays, ...page } = c.req.valid('query');
    return c.json(await limitation.expiring(withinDays, page), 200);
  });
  return app;
}
