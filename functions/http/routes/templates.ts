import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describeTemplates } from '../../../templates/index';
import type { AppEnv } from '../env';
import { anyJson, jsonContent, PROBLEMS } from '../openapi';

const list = createRoute({
  method: 'get',
  path: '/v1/templates',
  responses: {
    200: jsonContent(
      z.array(z.object({ id: z.string(), title: z.string(), language: z.string(), documentType: z.string(), schema: anyJson, example: anyJson })),
      'Document templates, each with the JSON Schema of its data and a valid example',
    ),
    ...PROBLEMS,
  },
});

/** `GET /v1/templates` (DESIGN §4, §9). */
export function templateRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  const templates = describeTemplates();
  app.openapi(list, (c) => c.json(templates as Array<z.infer<typeof anyJson> & { id: string; title: string; language: string; documentType: string; schema: Record<string, unknown>; example: Record<string, unknown> }>, 200));
  return app;
}
