import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import * as errors from '../core/errors';
import { BlobTooLargeError, UploadUrlRejectedError } from '../ports/blob-store';
import { InvalidCursorError } from '../ports/table';
import { InvalidTokenError } from '../ports/token-verifier';

/**
 * Errors as `application/problem+json` (RFC 9457). `type` is a URN naming the kind of problem;
 * `errors[]` names each bad field of a validation problem. Nothing a client sends can produce a
 * 500: unknown errors are logged and answered without detail.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: errors.FieldError[];
  [extension: string]: unknown;
}

const KINDS: Array<[new (...args: never[]) => Error, number, string, string]> = [
  [errors.SchemaViolationError, 400, 'validation', 'The request is not valid'],
  [errors.GoneError, 410, 'gone', 'No longer available'],
  [errors.TooManyRequestsError, 429, 'too-many-requests', 'Too many attempts'],
  [errors.ValidationError, 422, 'unprocessable', 'The request breaks a rule'],
  [errors.NotFoundError, 404, 'not-found', 'Not found'],
  [errors.SignInFailedError, 401, 'sign-in-failed', 'Sign-in failed'],
  [errors.SecondFactorRequiredError, 401, 'totp-required', 'Authenticator code required'],
  [errors.AccountSetupRequiredError, 403, 'account-setup-required', 'Finish setting up your account first'],
  [errors.CrossSiteRequestError, 403, 'cross-site-request', 'Cross-site request refused'],
  [errors.ForbiddenError, 403, 'forbidden', 'Not allowed for your role'],
  [errors.ConflictError, 409, 'conflict', 'Conflicts with the current state'],
  [errors.PreconditionFailedError, 412, 'precondition-failed', 'The resource has changed'],
  [errors.PreconditionRequiredError, 428, 'precondition-required', 'If-Match is required'],
  [errors.UnsupportedMediaError, 415, 'unsupported-media-type', 'Unsupported file type'],
  [errors.UnprocessableDocumentError, 422, 'unprocessable-document', 'The file cannot be accepted'],
  [errors.PayloadTooLargeError, 413, 'payload-too-large', 'Too large'],
  [BlobTooLargeError, 413, 'payload-too-large', 'Too large'],
  [errors.ContentionError, 503, 'contention', 'Too many concurrent changes'],
  [InvalidCursorError, 400, 'invalid-cursor', 'Invalid cursor'],
  [InvalidTokenError, 401, 'unauthenticated', 'Not signed in'],
  [UploadUrlRejectedError, 403, 'upload-url-rejected', 'Upload URL rejected'],
];

export const problemType = (slug: string): string => `urn:evidence-file:problem:${slug}`;

/** Builds a problem response. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

/** The problem for a zod validation failure of part of a request. */
export function validationProblem(error: ZodError, target?: string): Problem {
  const fieldErrors = error.issues.map((issue) => ({
    path: [...(target && target !== 'json' && target !== 'form' ? [target] : []), ...issue.path.map(String)].join('.') || '(body)',
    message: issue.message,
  }));
  return {
    type: problemType('validation'),
    title: 'The request is not valid',
    status: 400,
    detail: fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors: fieldErrors,
  };
}

/** Maps any thrown value to a problem response; unexpected errors are logged. */
export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof HTTPException) {
    const status = error.status;
    return problemResponse({ type: problemType(status === 415 ? 'unsupported-media-type' : 'http'), title: error.message || 'Bad request', status, detail: error.message || 'the request could not be read' });
  }
  for (const [kind, status, slug, title] of KINDS) {
    if (error instanceof kind) {
      const problem: Problem = { type: problemType(slug), title, status, detail: error.message };
      if (error instanceof errors.ValidationError && error.errors.length > 0) problem.errors = error.errors;
      if (error instanceof errors.PreconditionFailedError && error.currentVersion !== undefined) problem.currentVersion = error.currentVersion;
      if (error instanceof errors.ChecksFailedError) problem.failingChecks = error.failingChecks;
      if (error instanceof errors.AccountSetupRequiredError) problem.steps = error.steps;
      const headers: Record<string, string> = {};
      if (status === 401) headers['www-authenticate'] = 'Bearer';
      if (status === 503) headers['retry-after'] = '1';
      if (error instanceof errors.TooManyRequestsError && error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
      return problemResponse(problem, headers);
    }
  }
  console.error(JSON.stringify({ level: 'error', message: 'unhandled error', path: c.req.path, error: String((error as Error)?.stack ?? error) }));
  return problemResponse({ type: problemType('internal'), title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it has been logged' });
}
