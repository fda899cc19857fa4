import Decimal from 'decimal.js';
import { z } from 'zod';
import { legalDateSchema, type LegalDate } from '../legal-date';
import { CURRENCIES, type Currency, formatMoney, moneySchema } from '../money';
import { unitIdSchema } from './units';

/**
 * 清欠责任书 (the measures, Art. 6): a responsible person answers for the debts it covers, either
 * listed debts or a unit's portfolio (every debt of the unit the person collects), with a target
 * to recover between `periodStart` and `deadline`, and reward and penalty terms. The signed book
 * is a sealed PDF filed on the first covered debt through the signing flow.
 */
export interface ResponsibilityBook {
  id: string;
  version: number;
  responsibleId: string;
  responsibleName: string;
  coverage: { debtIds: string[] } | { unitId: string };
  currency: Currency;
  target: string;
  periodStart: LegalDate;
  deadline: LegalDate;
  rewardTerms?: string;
  penaltyTerms?: string;
  /** The signing request of the book's PDF (on `debtId`), once asked for. */
  signing?: { debtId: string; requestId: string };
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export const createBookSchema = z
  .strictObject({
    responsibleId: z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'not a user id'),
    coverage: z.union([z.strictObject({ debtIds: z.array(z.uuid()).min(1).max(200) }), z.strictObject({ unitId: unitIdSchema })]),
    currency: z.enum(CURRENCIES).default('CNY'),
    target: moneySchema,
    periodStart: legalDateSchema,
    deadline: legalDateSchema,
    rewardTerms: z.string().trim().min(1).max(2000).optional(),
    penaltyTerms: z.string().trim().min(1).max(2000).optional(),
  })
  .superRefine((book, context) => {
    if (book.deadline < book.periodStart) context.addIssue({ code: 'custom', path: ['deadline'], message: 'the deadline is before the period starts' });
    if (book.target === '0.00') context.addIssue({ code: 'custom', path: ['target'], message: 'a target must be more than zero' });
  });
export type CreateBookInput = z.output<typeof createBookSchema>;

/** `met`: the target was reached within the period; `overdue`: the deadline passed unmet (Art. 7). */
export type BookState = 'in_progress' | 'met' | 'overdue';

export interface BookProgress {
  recovered: string;
  target: string;
  /** recovered / target in percent, two decimals. */
  percent: string;
  state: BookState;
  /** Why commissions under the book are cancelled (Art. 7), when they are. */
  cancelReason?: string;
}

/**
 * Progress of a book on `today` from the payments on its debts dated within its period.
 *
 * @example
 * bookProgress({ target: '500000.00', periodStart: '2026-01-01', deadline: '2026-06-30', currency: 'CNY' }, [{ date: '2026-03-01', amount: '200000.00' }], '2026-07-01')
 * // { recovered: '200000.00', target: '500000.00', percent: '40.00', state: 'overdue', cancelReason: '…' }
 */
export function bookProgress(
  book: Pick<ResponsibilityBook, 'target' | 'periodStart' | 'deadline' | 'currency'>,
  payments: Iterable<{ date: LegalDate; amount: string }>,
  today: LegalDate,
): BookProgress {
  let recovered = new Decimal(0);
  for (const payment of payments) if (payment.date >= book.periodStart && payment.date <= book.deadline) recovered = recovered.plus(payment.amount);
  const percent = recovered.div(book.target).times(100).toFixed(2, Decimal.ROUND_DOWN);
  const base = { recovered: formatMoney(recovered), target: book.target, percent };
  if (recovered.gte(book.target)) return { ...base, state: 'met' };
  if (today > book.deadline) {
    return {
      ...base,
      state: 'overdue',
      cancelReason: `the deadline ${book.deadline} passed with ${formatMoney(recovered)} of the target ${book.target} ${book.currency} recovered (measures, Art. 7)`,
    };
  }
  return { ...base, state: 'in_progress' };
}
