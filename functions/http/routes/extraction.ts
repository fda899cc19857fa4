import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { reviewExtractionSchema } from '../../core/extraction-review';
import type { ExtractionService } from '../../services/extraction';
import { actorOf, type AppEnv } from '../env';
import { anyJson, documentParams, jsonBody, jsonContent, PROBLEMS } from '../openapi';

const extractionSchema = z
  .object({
    status: z.enum(['pending', 'running', 'done', 'failed', 'not_applicable']),
    engine: z.string().optional(),
    fields: z.array(anyJson),
    warnings: z.array(z.string()),
    reason: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .openapi('Extraction');

const routes = {
  get: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/documents/{docId}/extraction',
    request: { params: documentParams },
    responses: { 200: jsonContent(extractionSchema, 'Status, fields with page, box, source text, confidence and engine, and warnings'), ...PROBLEMS },
  }),
  review: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/documents/{docId}/extraction/review',
    request: { params: documentParams, body: jsonBody(reviewExtractionSchema) },
    responses: { 200: jsonContent(extractionSchema, 'The extraction with the reviewed fields'), 409: PROBLEMS[400], 422: PROBLEMS[400], ...PROBLEMS },
  }),
};

/** Extraction of a document (DESIGN §6): its result, and the review that makes values count. */
export function extractionRoutes(extraction: ExtractionService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.get, async (c) => c.json(await extraction.get(c.get('debt').id, c.req.valid('param').docId), 200));
  app.openapi(routes.review, async (c) => c.json(await extraction.review(actorOf(c), c.get('debt'), c.req.valid('param').docId, c.req.valid('json')), 200));
  return app;
}
