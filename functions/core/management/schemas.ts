import { z } from 'zod';
import { legalDateSchema } from '../legal-date';
import { signerInputSchema, SIGNING_MODES, MAX_SIGNERS } from '../signing';
import { YEAR_BAND_ORDER } from './age';
import { unitIdSchema } from './units';

/** Query and body schemas of the management routes (validated, and published as OpenAPI). */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const agingDetailsQuerySchema = z.object({
  unitId: z.string().min(1).max(40).optional(),
  band: z.enum(YEAR_BAND_ORDER as [string, ...string[]]).optional(),
  currency: z.string().length(3).optional(),
});

export const commissionQuerySchema = z
  .object({ person: z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'not a user id'), from: legalDateSchema, to: legalDateSchema })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'the period ends before it starts' });

export const monthlyQuerySchema = z.object({ month: monthSchema, format: z.enum(['json', 'xlsx', 'csv']).default('json'), lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

export const booksQuerySchema = z.object({ overdue: z.enum(['true', 'false']).optional(), responsibleId: z.string().max(128).optional() });

export const bookSigningSchema = z.strictObject({
  company: z.strictObject({ name: z.string().trim().min(1).max(300), uscc: z.string().length(18).optional(), address: z.string().trim().min(1).max(500).optional() }),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  mode: z.enum(SIGNING_MODES),
  signers: z.array(signerInputSchema).min(1).max(MAX_SIGNERS),
  department: z.string().trim().min(1).max(200).optional(),
  employeeNo: z.string().trim().min(1).max(50).optional(),
});

export const yearParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export { unitIdSchema };
