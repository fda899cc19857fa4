import { z } from 'zod';
import { LIMITATION_EVENT_TYPES } from './limitation-event-types';
import { CURRENCIES, moneySchema } from './money';
import { isTimeZone, legalDateSchema } from './legal-date';
import { isValidUscc } from './uscc';
import { JURISDICTIONS, PROJECT_KINDS, claimedPrincipal } from './debt';
import { DOCUMENT_TYPES } from './document-types';
import { formatMoney, sumMoney } from './money';
import { DEBTOR_RISK_FLAGS, PROJECT_STAGES } from './management/debt-fields';
import { unitIdSchema } from './management/units';

/**
 * Zod schemas of what clients send. The HTTP layer validates requests with them and publishes
 * them as OpenAPI, so the documentation cannot drift from the checks.
 */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const usccSchema = z
  .string()
  .refine(isValidUscc, 'not a valid Unified Social Credit Code: 18 characters, upper case, with a matching GB 32100-2015 check character');

export const partySchema = z.strictObject({
  name: text(300),
  uscc: usccSchema.optional(),
  address: text(500).optional(),
});

export const installmentSchema = z.strictObject({ dueDate: legalDateSchema, amount: moneySchema });

const userIdSchema = z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'not a user id');

export const createDebtSchema = z
  .strictObject({
    debtor: partySchema,
    creditor: partySchema.optional(),
    project: z.strictObject({ name: text(300), kind: z.enum(PROJECT_KINDS) }).optional(),
    contractNo: text(100).optional(),
    currency: z.enum(CURRENCIES).default('CNY'),
    principal: moneySchema.optional(),
    dueDate: legalDateSchema.optional(),
    installments: z.array(installmentSchema).min(1).max(600).optional(),
    assignees: z.strictObject({ collector: userIdSchema.optional(), sales: userIdSchema.optional(), legal: userIdSchema.optional() }).default({}),
    jurisdiction: z.enum(JURISDICTIONS).default('CN'),
    timeZone: z.string().refine(isTimeZone, 'not an IANA time zone').default('Asia/Shanghai'),
    unitId: unitIdSchema.optional(),
    expectedRecoveryDate: legalDateSchema.optional(),
    projectStage: z.enum(PROJECT_STAGES).optional(),
    riskFlags: z.array(z.enum(DEBTOR_RISK_FLAGS)).max(DEBTOR_RISK_FLAGS.length).optional(),
  })
  .superRefine((debt, context) => {
    if (debt.principal !== undefined && debt.installments) {
      const total = formatMoney(sumMoney(debt.installments.map((i) => i.amount)));
      if (total !== debt.principal) {
        context.addIssue({ code: 'custom', path: ['installments'], message: `the instalments add up to ${total}, not the principal ${debt.principal}` });
      }
    }
    if (claimedPrincipal(debt) === '0.00') context.addIssue({ code: 'custom', path: ['principal'], message: 'a debt must be more than zero' });
  });
export type CreateDebtInput = z.output<typeof createDebtSchema>;

export const patchDebtSchema = z
  .strictObject({
    debtor: partySchema.optional(),
    creditor: partySchema.nullable().optional(),
    project: z.strictObject({ name: text(300), kind: z.enum(PROJECT_KINDS) }).nullable().optional(),
    contractNo: text(100).nullable().optional(),
    principal: moneySchema.nullable().optional(),
    dueDate: legalDateSchema.nullable().optional(),
    installments: z.array(installmentSchema).min(1).max(600).nullable().optional(),
    assignees: z
      .strictObject({ collector: userIdSchema.nullable().optional(), sales: userIdSchema.nullable().optional(), legal: userIdSchema.nullable().optional() })
      .optional(),
    jurisdiction: z.enum(JURISDICTIONS).optional(),
    unitId: unitIdSchema.nullable().optional(),
    expectedRecoveryDate: legalDateSchema.nullable().optional(),
    projectStage: z.enum(PROJECT_STAGES).nullable().optional(),
    riskFlags: z.array(z.enum(DEBTOR_RISK_FLAGS)).max(DEBTOR_RISK_FLAGS.length).nullable().optional(),
    status: z.literal('closed').optional(),
    closeReason: text(1000).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'the patch changes nothing')
  .refine((patch) => (patch.status === 'closed') === (patch.closeReason !== undefined), {
    message: 'closing a debt takes a closeReason, and a closeReason only goes with status "closed"',
    path: ['closeReason'],
  });
export type PatchDebtInput = z.output<typeof patchDebtSchema>;

export const paymentSchema = z.strictObject({
  amount: moneySchema,
  date: legalDateSchema,
  reference: text(200).optional(),
  documentId: z.uuid().optional(),
});
export type PaymentInput = z.output<typeof paymentSchema>;

export { LIMITATION_EVENT_TYPES, type LimitationEventType } from './limitation-event-types';

export const limitationEventSchema = z
  .strictObject({
    type: z.enum(LIMITATION_EVENT_TYPES),
    date: legalDateSchema,
    documentId: z.uuid().optional(),
    /** A demand letter counts once this `delivery_proof` shows it reached the debtor (SPC Art. 8). */
    deliveryProofId: z.uuid().optional(),
    /** A demand on a debt without an agreed due date: the last day of the grace period it gave (SPC Art. 4). */
    graceUntil: legalDateSchema.optional(),
    note: text(2000).optional(),
  })
  .refine((event) => event.type === 'demand' || (event.deliveryProofId === undefined && event.graceUntil === undefined), {
    message: 'deliveryProofId and graceUntil belong to a demand',
    path: ['type'],
  })
  .refine((event) => event.graceUntil === undefined || event.graceUntil >= event.date, { message: 'the grace period ends on or after the demand', path: ['graceUntil'] });
export type LimitationEventInput = z.output<typeof limitationEventSchema>;

/** The fields that go with an uploaded file (multipart fields or an upload session). */
export const documentFieldsSchema = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  title: text(300).optional(),
  documentDate: legalDateSchema.optional(),
  supersedes: z.uuid().optional(),
});
export type DocumentFields = z.output<typeof documentFieldsSchema>;

export const uploadSessionSchema = documentFieldsSchema.extend({
  filename: z.string().min(1).max(400),
  contentType: z.string().min(1).max(200),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 as 64 lowercase hex characters'),
});
export type UploadSessionInput = z.output<typeof uploadSessionSchema>;

export const voidDocumentSchema = z.strictObject({ reason: z.string().trim().min(3, 'give a reason of at least 3 characters').max(2000) });

const daysQuery = (max: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, 'a whole number of days')
    .transform(Number)
    .pipe(z.number().max(max, `at most ${max} days`));

export const listDebtsQuerySchema = z.strictObject({
  assignee: userIdSchema.optional(),
  status: z.enum(['open', 'handed_off', 'closed']).optional(),
  expiringWithinDays: daysQuery(36500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
});

/** A whole number of days in a query string: digits only, so "", "1.5" and "-3" are refused. */
export const expiringQuerySchema = z.strictObject({
  withinDays: daysQuery(3650).prefault('90'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
});

const decimalQuery = (pattern: RegExp, message: string) => z.string().regex(pattern, message).refine((value) => Number(value) > 0, 'must be more than zero');

const interestTermsShape = {
  asOf: legalDateSchema.optional(),
  basis: z.enum(['lpr', 'contract']).default('lpr'),
  rate: decimalQuery(/^\d{1,2}(\.\d{1,6})?$/, 'an annual rate in percent below 100, such as "6" or "4.35"').optional(),
  factor: decimalQuery(/^\d(\.\d{1,4})?$/, 'a multiplier below 10, such as "1.5"').optional(),
  dayCount: z.enum(['365', '360']).default('365').transform(Number),
  lprFixing: z.enum(['at_breach', 'daily', 'at_filing']).optional(),
  /** For `lprFixing=at_filing`: the day the suit is (to be) filed; by default the file's suit_filed event, else `asOf`. */
  filedOn: legalDateSchema.optional(),
  /** For a debt without instalments: the day after which interest runs, instead of the due date. */
  from: legalDateSchema.optional(),
};

type InterestTermsQuery = { basis: 'lpr' | 'contract'; rate?: string | undefined; factor?: string | undefined; lprFixing?: string | undefined; filedOn?: string | undefined };

/** The rules every set of interest terms obeys, whatever route takes them. */
function refineInterestTerms<T extends z.ZodType<InterestTermsQuery>>(schema: T) {
  return schema
    .refine((q) => (q.basis === 'contract') === (q.rate !== undefined), { message: 'basis=contract takes a rate (annual %), and only it does', path: ['rate'] })
    .refine((q) => q.basis === 'lpr' || (q.factor === undefined && q.lprFixing === undefined), { message: 'factor and lprFixing apply to basis=lpr', path: ['factor'] })
    .refine((q) => q.filedOn === undefined || q.lprFixing === 'at_filing', { message: 'filedOn applies to lprFixing=at_filing', path: ['filedOn'] });
}

/** `GET /v1/debts/{id}/interest`: how late-payment interest is computed. */
export const interestQuerySchema = refineInterestTerms(z.strictObject(interestTermsShape));
export type InterestQuery = z.output<typeof interestQuerySchema>;

/** `GET /v1/debts/{id}/claim-sheet`: the interest terms, and the procedure the court fee is for. */
export const claimSheetQuerySchema = refineInterestTerms(
  z.strictObject({
    ...interestTermsShape,
    /** `summary` (简易程序) halves the case acceptance fee (《诉讼费用交纳办法》 Art. 16). */
    procedure: z.enum(['ordinary', 'summary']).default('ordinary'),
  }),
);
export type ClaimSheetQuery = z.output<typeof claimSheetQuerySchema>;

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
});
