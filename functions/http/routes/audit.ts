import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { pageQuerySchema } from '../../core/schemas';
import type { Table } from '../../ports/table';
import type { BlobStore } from '../../ports/blob-store';
import { exportChains, listEvents, readHead, verifyTrail } from '../../services/audit-trail';
import { storedCheckpoints } from '../../services/checkpoint';
import type { AppEnv } from '../env';
import { anyJson, idParams, jsonContent, PROBLEMS } from '../openapi';

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/audit',
    request: { params: idParams, query: pageQuerySchema },
    responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional(), head: anyJson }), 'Events, oldest first, and the chain head'), ...PROBLEMS },
  }),
  verify: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/audit/verify',
    request: { params: idParams },
    responses: { 200: jsonContent(anyJson, '{valid, length, head, firstInvalidSeq?, blobs{checked, mismatched[]}}'), ...PROBLEMS },
  }),
  export: createRoute({
    method: 'get',
    path: '/v1/audit/export',
    request: { query: z.strictObject({ since: z.iso.datetime({ offset: false }).optional() }) },
    responses: {
      200: {
        description:
          'JSON Lines: every event of every chain (`{"kind":"event","debtId",…}`), then its head (`{"kind":"head",…}`); after the chains, the signed checkpoints, oldest first (`{"kind":"checkpoint","sha256","checkpoint":{…}}`)',
      },
      ...PROBLEMS,
    },
  }),
};

/** The chains, then the checkpoints that sign their heads (DESIGN §4: "with checkpoints"). */
async function* exportLines(table: Table, blobs: BlobStore, since?: string): AsyncGenerator<string> {
  yield* exportChains(table, since);
  for await (const { sha256, checkpoint } of storedCheckpoints(table, blobs, since)) yield `${JSON.stringify({ kind: 'checkpoint', sha256, checkpoint })}\n`;
}

/** The audit trail: a debt's events, their verification, and the export of every chain. */
export function auditRoutes(table: Table, blobs: BlobStore): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => {
    const debtId = c.get('debt').id;
    const page = await listEvents(table, debtId, c.req.valid('query'));
    return c.json({ ...page, head: await readHead(table, debtId) }, 200);
  });
  app.openapi(routes.verify, async (c) => c.json(await verifyTrail(table, blobs, c.get('debt').id), 200));
  app.openapi(routes.export, (c) => {
    const lines = exportLines(table, blobs, c.req.valid('query').since);
    return new Response((Readable.toWeb(Readable.from(lines)) as ReadableStream<string>).pipeThrough(new TextEncoderStream()), {
      status: 200,
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'private, no-store' },
    });
  });
  return app;
}
