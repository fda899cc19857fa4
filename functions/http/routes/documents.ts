import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { downloadDisposition } from '../../core/filename';
import { documentFieldsSchema, pageQuerySchema, uploadSessionSchema, voidDocumentSchema } from '../../core/schemas';
import type { SignedUploadReceiver } from '../../ports/blob-store';
import type { DocumentService } from '../../services/documents';
import { actorOf, type AppEnv } from '../env';
import { anyJson, documentParams, idParams, jsonBody, jsonContent, PROBLEMS } from '../openapi';

const uploadForm = documentFieldsSchema.extend({
  file: z.instanceof(File, { message: 'attach the file as the multipart field "file"' }).openapi({ type: 'string', format: 'binary' }),
});

const routes = {
  upload: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/documents',
    request: { params: idParams, body: { required: true, content: { 'multipart/form-data': { schema: uploadForm } } } },
    responses: { 201: jsonContent(anyJson.openapi('Document'), 'The stored document'), 413: PROBLEMS[400], 415: PROBLEMS[400], 422: PROBLEMS[400], ...PROBLEMS },
  }),
  list: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/documents',
    request: { params: idParams, query: pageQuerySchema },
    responses: { 200: jsonContent(z.object({ items: z.array(anyJson), nextCursor: z.string().optional() }), 'Documents of the debt, void ones included'), ...PROBLEMS },
  }),
  get: createRoute({ method: 'get', path: '/v1/debts/{id}/documents/{docId}', request: { params: documentParams }, responses: { 200: jsonContent(anyJson, 'Document metadata'), ...PROBLEMS } }),
  content: createRoute({
    method: 'get',
    path: '/v1/debts/{id}/documents/{docId}/content',
    request: { params: documentParams },
    responses: {
      200: { description: 'The bytes; ETag is the SHA-256. Each read is an audit event.' },
      302: { description: 'AWS: a redirect to a short-lived presigned URL of the bytes, after the read is recorded' },
      ...PROBLEMS,
    },
  }),
  void: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/documents/{docId}/void',
    request: { params: documentParams, body: jsonBody(voidDocumentSchema) },
    responses: { 200: jsonContent(anyJson, 'The voided document (kept and listed)'), ...PROBLEMS },
  }),
  openSession: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/uploads',
    request: { params: idParams, body: jsonBody(uploadSessionSchema) },
    responses: { 201: jsonContent(z.object({ uploadId: z.string(), url: z.string(), method: z.string(), fields: z.record(z.string(), z.string()).optional(), expiresAt: z.string() }), 'Where to send the file'), ...PROBLEMS },
  }),
  completeSession: createRoute({
    method: 'post',
    path: '/v1/debts/{id}/uploads/{uploadId}/complete',
    request: { params: idParams.extend({ uploadId: z.uuid() }) },
    responses: { 201: jsonContent(anyJson, 'The stored document'), ...PROBLEMS },
  }),
  receive: createRoute({
    method: 'put',
    path: '/v1/blob-uploads/{uploadId}',
    request: { params: z.object({ uploadId: z.uuid() }) },
    responses: { 200: jsonContent(z.object({ size: z.number() }), 'Received into staging'), ...PROBLEMS },
  }),
};

/** Documents of a debt: upload, upload sessions, list, metadata, content, void. There is no delete. */
export function documentRoutes(documents: DocumentService, receiver?: SignedUploadReceiver): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.upload, async (c) => {
    const { file, ...fields } = c.req.valid('form');
    const document = await documents.add(c.get('principal'), c.get('debt'), fields, { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, contentType: file.type });
    return c.json(document, 201, { location: `/v1/debts/${document.debtId}/documents/${document.id}` });
  });
  app.openapi(routes.list, async (c) => c.json(await documents.list(c.get('debt').id, c.req.valid('query')), 200));
  app.openapi(routes.get, async (c) => c.json(await documents.get(c.get('debt').id, c.req.valid('param').docId), 200));
  app.openapi(routes.content, async (c) => {
    const context = requestContext(c);
    const read = await documents.read(actorOf(c), c.get('debt').id, c.req.valid('param').docId, context);
    const { document } = read;
    // AWS: the read is in the audit chain already; the bytes come from a short-lived S3 URL.
    if ('url' in read) return new Response(null, { status: 302, headers: { location: read.url, etag: `"${document.sha256}"`, 'cache-control': 'private, no-store' } });
    return new Response(Readable.toWeb(Readable.from(read.body)) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'content-type': document.contentType,
        'content-length': String(document.size),
        etag: `"${document.sha256}"`,
        'content-disposition': downloadDisposition(document.filename, document.contentType),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });
  app.openapi(routes.void, async (c) => c.json(await documents.void(c.get('principal'), c.get('debt'), c.req.valid('param').docId, c.req.valid('json').reason), 200));
  app.openapi(routes.openSession, async (c) => c.json(await documents.openUploadSession(c.get('principal'), c.get('debt'), c.req.valid('json')), 201));
  app.openapi(routes.completeSession, async (c) => {
    const document = await documents.completeUploadSession(c.get('principal'), c.get('debt'), c.req.valid('param').uploadId);
    return c.json(document, 201, { location: `/v1/debts/${document.debtId}/documents/${document.id}` });
  });
  if (receiver) {
    app.openapi(routes.receive, async (c) => {
      const body = (c.req.raw.body ?? []) as unknown as AsyncIterable<Uint8Array>;
      return c.json(await receiver.receive(c.req.valid('param').uploadId, c.req.query(), body), 200);
    });
  }
  return app;
}

/**
 * Who read: the peer address as the runtime saw it (Node socket, or API Gateway's source IP),
 * the forwarded-for chain as sent (unverified, kept for what it is), and the user agent.
 */
export function requestContext(c: Context): { ip: string; forwardedFor?: string; userAgent: string } {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined;
  const ip = env?.incoming?.socket?.remoteAddress ?? env?.event?.requestContext?.http?.sourceIp ?? '';
  const forwardedFor = c.req.header('x-forwarded-for');
  return { ip, ...(forwardedFor ? { forwardedFor } : {}), userAgent: c.req.header('user-agent') ?? '' };
}
