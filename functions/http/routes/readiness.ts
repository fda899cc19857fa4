import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { ReadinessService } from '../../services/readiness';
import type { AppEnv } from '../env';
import { anyJson, idParams, jsonContent, PROBLEMS } from '../openapi';

const readiness = createRoute({
  method: 'get',
  path: '/v1/debts/{id}/readiness',
  request: { params: idParams },
  responses: { 200: jsonContent(anyJson.openapi('Readiness'), '{ready, score, checks[{id, status: pass|warn|fail, title, detail, documentIds[], basis?}]} (DESIGN §8)'), ...PROBLEMS },
});

/** Litigation readiness of a debt (DESIGN §8). */
export function readinessRoutes(service: ReadinessService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(readiness, async (c) => c.json(await service.assess(c.get('debt')), 200));
  return app;
}
