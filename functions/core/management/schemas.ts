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

/** Response shapes published in OpenAPI (the services build them; see the core types of the same names). */
const money = z.string();
export const bookResponseSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    responsibleId: z.string(),
    responsibleName: z.string(),
    coverage: z.union([z.object({ debtIds: z.array(z.string()) }), z.object({ unitId: z.string() })]),
    currency: z.string(),
    target: money,
    periodStart: z.string(),
    deadline: z.string(),
    rewardTerms: z.string().optional(),
    penaltyTerms: z.string().optional(),
    debtIds: z.array(z.string()),
    progress: z.object({ recovered: money, target: money, percent: z.string(), state: z.enum(['in_progress', 'met', 'overdue']), cancelReason: z.string().optional() }),
    signingStatus: z.enum(['draft', 'pending', 'signed', 'completed', 'declined', 'expired']),
    signing: z.object({ debtId: z.string(), requestId: z.string() }).optional(),
    evidenceDocumentId: z.string().optional(),
  });

export const commissionStatementSchema = z
  .object({
    person: z.string(),
    from: z.string(),
    to: z.string(),
    lines: z.array(
      z.object({
        bookId: z.string(),
        paymentId: z.string(),
        debtId: z.string(),
        debtorName: z.string(),
        unitId: z.string().optional(),
        paidOn: z.string(),
        amount: money,
        dueDate: z.string().optional(),
        ageYears: z.number().int(),
        rate: z.string(),
        basis: z.string(),
        commission: money,
        status: z.enum(['earned', 'pending', 'cancelled']),
        cancelReason: z.string().optional(),
      }),
    ),
    totals: z.object({ recovered: money, earned: money, pending: money, cancelled: money }),
    unevidenced: z.array(z.object({ paymentId: z.string(), debtId: z.string(), paidOn: z.string(), amount: money })),
    rates: z.object({ bands: z.array(z.object({ fromYears: z.number().int(), rate: z.string() })), completedPendingRate: z.string(), updatedAt: z.string().optional(), updatedBy: z.string().optional() }),
  });
