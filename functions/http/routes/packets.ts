import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { contentDisposition } from '../../core/filename';
import { handoffSchema } from '../../core/packet';
import { pageQuerySchema } from '../../core/schemas';
import type { HandoffService } from '../../services/handoff';
import type { PacketPart, PacketService } from '../../services/packets';
import { actorOf, type AppEnv } from '../env';
import { anyJson, idParams, jsonBody, jsonContent, PROBLEMS } from '../openapi';
import { requestContext } from './documents';

const packetParams = idParams.extend({ pid: z.uuid() });

const routes = {
  handoff: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/handoff',
    request: { params: idParams, body: jsonBody(handoffSchema) },
    responses: {
      200: jsonContent(anyJson.openapi('Handoff'), '{debtId, status: handed_off, version, handoff, report{documentId, sha256, score, ready}, packet{id, status}}'),
      409: { description: 'Handed off already, not open, or readiness checks fail (listed in failingChecks) and no override was given' },
      ...PROBLEMS,
    },
  }),
  request: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/packets',
    // No options yet: an empty object or no body at all.
    request: { params: idParams, body: { required: false, content: { 'application/json': { schema: z.strictObject({}) } } } },
    responses: { 202: jsonContent(z.object({ id: z.string(), status: z.literal('building') }), 'The packet is being built; poll its status'), ...PROBLEMS },
  }),
  list: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/packets',
    request: { params: idParams, query: pageQuerySchema },
    responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional() }), 'The packets of the debt, oldest first'), ...PROBLEMS },
  }),
  get: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/packets/{pid}',
    request: { params: packetParams },
    responses: { 200: jsonContent(anyJson.openapi('Packet'), '{id, status: building|ready|failed, pdf{sha256,size,pages}, zip{sha256,size}, error?} (DESIGN §10)'), ...PROBLEMS },
  }),
  pdf: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/packets/{pid}/pdf',
    request: { params: packetParams },
    responses: { 200: { description: 'The sealed packet PDF; ETag is its SHA-256. Each read is an audit event.' }, 302: { description: 'AWS: a short-lived presigned URL' }, 409: { description: 'Not built (yet)' }, ...PROBLEMS },
  }),
  zip: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/packets/{pid}/zip',
    request: { params: packetParams },
    responses: { 200: { description: 'The packet ZIP; ETag is its SHA-256. Each read is an audit event.' }, 302: { description: 'AWS: a short-lived presigned URL' }, 409: { description: 'Not built (yet)' }, ...PROBLEMS },
  }),
};

/** Handoff to legal (DESIGN §8) and litigation packets (§10). */
export function packetRoutes(packets: PacketService, handoff: HandoffService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.handoff, async (c) => c.json(await handoff.handoff(actorOf(c), c.get('debt'), c.req.valid('json')), 200));
  app.openapi(routes.request, async (c) => {
    const packet = await packets.request(actorOf(c), c.get('debt'));
    return c.json({ id: packet.id, status: 'building' as const }, 202, { location: `/v1/debts/${packet.debtId}/packets/${packet.id}` });
  });
  app.openapi(routes.list, async (c) => c.json(await packets.list(c.get('debt').id, c.req.valid('query')), 200));
  app.openapi(routes.get, async (c) => {
    const { id, pid } = c.req.valid('param');
    return c.json(await packets.get(id, pid), 200);
  });
  const download = async (c: Context<AppEnv>, { id, pid }: { id: string; pid: string }, part: PacketPart) => {
    const read = await packets.read(actorOf(c), id, pid, part, requestContext(c));
    const etag = `"${read.blob.sha256}"`;
    if ('url' in read) return new Response(null, { status: 302, headers: { location: read.url, etag, 'cache-control': 'private, no-store' } });
    return new Response(Readable.toWeb(Readable.from(read.body)) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'content-type': read.contentType,
        'content-length': String(read.blob.size),
        etag,
        'content-disposition': contentDisposition(read.filename),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  };
  app.openapi(routes.pdf, (c) => download(c, c.req.valid('param'), 'pdf'));
  app.openapi(routes.zip, (c) => download(c, c.req.valid('param'), 'zip'));
  return app;
}
