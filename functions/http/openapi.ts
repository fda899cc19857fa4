import { z } from '@hono/zod-openapi';

/**
 * Small helpers for route definitions, so each route file reads as its contract.
 */
export const problemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
  .openapi('Problem');

/** A JSON response of `schema`. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body of `schema` (required). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** The problem responses every protected route may give. */
export const PROBLEMS = {
  400: { description: 'Malformed or invalid request', content: { 'application/problem+json': { schema: problemSchema } } },
  401: { description: 'Not signed in', content: { 'application/problem+json': { schema: problemSchema } } },
  403: { description: 'Role not allowed', content: { 'application/problem+json': { schema: problemSchema } } },
  404: { description: 'No such resource in your scope', content: { 'application/problem+json': { schema: problemSchema } } },
} as const;

/** Anything JSON; the shapes are described in README and DESIGN §4. */
export const anyJson = z.record(z.string(), z.unknown());

export const idParams = z.object({ id: z.uuid() });
export const documentParams = idParams.extend({ docId: z.uuid() });
