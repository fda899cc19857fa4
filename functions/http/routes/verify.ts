import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ValidationError } from '../../core/errors';
import type { VerificationService } from '../../services/verification';
import type { AppEnv } from '../env';
import { anyJson, jsonContent, PROBLEMS } from '../openapi';

const verify = createRoute({
  method: 'post',
  path: '/v1/verify',
  // The body (application/pdf, or multipart with the file in `file`) is read by the handler: a
  // declared multipart schema would be validated as strings.
  description: 'A PDF as `application/pdf`, or as the field `file` of `multipart/form-data`.',
  responses: { 200: jsonContent(anyJson, '{sha256, knownDocument?, signatures[], bytesAfterLastSignature, valid}'), 413: PROBLEMS[400], 415: PROBLEMS[400], ...PROBLEMS },
});

/** `POST /v1/verify`: a PDF as the body or as the multipart field `file`. */
export function verifyRoutes(verification: VerificationService): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(verify, async (c) => {
    let bytes: Uint8Array;
    if (/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
      const file = (await c.req.formData()).get('file');
      if (!(file instanceof File)) throw new ValidationError('attach the PDF as the multipart field "file"', [{ path: 'file', message: 'required' }]);
      bytes = new Uint8Array(await file.arrayBuffer());
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    return c.json(await verification.verify(c.get('principal'), bytes), 200);
  });
  return app;
}
