import Decimal from 'decimal.js';
import { claimedPrincipal, type Debt } from '../core/debt';
import { ValidationError } from '../core/errors';
import { principalBasis, type PrincipalBasis } from '../core/ledger/basis';
import { type InterestResult, type InterestTerms, lateInterest } from '../core/ledger/interest';
import { type LegalDate, legalDateAt } from '../core/legal-date';
import { formatMoney, parseMoney } from '../core/money';
import type { ClaimSheetQuery, InterestQuery } from '../core/schemas';
import { type ClaimSheet, claimSheet } from '../core/ledger/claim-sheet';
import type { Clock } from '../ports/clock';
import type { Table } from '../ports/table';
import { type DebtFile, readDebtFile, type StoredLimitationEvent, type StoredPayment } from './debt-file';
import type { EvidenceDocument } from './documents';
import type { ReviewedAmounts } from './extraction-facts';

/** `GET /v1/debts/{id}/ledger`: the claim, what supports it, what was paid, what is left. */
export interface LedgerDetail {
  currency: string;
  /** The principal the debt claims (stated, or the sum of its instalments). */
  claimedPrincipal: string | null;
  /** What the reviewed documents support. */
  basis: PrincipalBasis;
  /** claimed − basis, when both are known. */
  difference: string | null;
  payments: Array<StoredPayment & { evidenced: boolean }>;
  paid: string;
  /** claimed − paid. */
  outstanding: string | null;
  /** basis − paid (DESIGN §8 check 5). */
  outstandingOnBasis: string | null;
}

/** The ledger of a debt from its reviewed amounts and payments, and late-payment interest. */
export class LedgerService {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly amounts: ReviewedAmounts,
  ) {}

  async ledger(debt: Debt): Promise<LedgerDetail> {
    const [file, amounts] = await Promise.all([readDebtFile(this.table, debt.id), this.amounts.reviewedAmounts(debt.id)]);
    return ledgerDetail(debt, principalBasis(amounts, debt.currency), file.payments, file.documents);
  }

  /** Late-payment interest on the claimed principal as of `asOf` (today by default). */
  async interest(debt: Debt, query: InterestQuery): Promise<InterestResult & { currency: string }> {
    const tranches = tranchesOf(debt, query.from);
    const { payments, events } = await readDebtFile(this.table, debt.id);
    const result = lateInterest({ tranches, payments }, interestTermsOf(query, legalDateAt(this.clock.now(), debt.timeZone), events));
    return { ...result, currency: debt.currency };
  }

  /** The claim calculation sheet (诉讼请求计算表) with the court fee, as of `asOf` (today by default). */
  async claimSheet(debt: Debt, query: ClaimSheetQuery): Promise<ClaimSheet> {
    const tranches = tranchesOf(debt, query.from);
    const { payments, events } = await readDebtFile(this.table, debt.id);
    return claimSheet({ currency: debt.currency, tranches, payments, terms: interestTermsOf(query, legalDateAt(this.clock.now(), debt.timeZone), events), procedure: query.procedure });
  }
}

/** The terms a sheet in a report uses when nobody chose any: the reference rate as it floats, actual/365 (SPC Construction Interpretation (I) Art. 26). */
export const DEFAULT_SHEET_QUERY: ClaimSheetQuery = { basis: 'lpr', dayCount: 365, lprFixing: 'daily', procedure: 'ordinary' };

/**
 * The sheet a report shows, or undefined when the debt has no principal or due date to compute one.
 *
 * @example
 * reportClaimSheet(debt, file, '2026-11-29')?.total
 */
export function reportClaimSheet(debt: Debt, file: Pick<DebtFile, 'payments' | 'events'>, today: LegalDate): ClaimSheet | undefined {
  const principal = claimedPrincipal(debt);
  if (principal === null || (!debt.installments?.length && !debt.dueDate)) return undefined;
  return claimSheet({ currency: debt.currency, tranches: tranchesOf(debt), payments: file.payments, terms: interestTermsOf({ ...DEFAULT_SHEET_QUERY, asOf: today }, today, file.events), procedure: 'ordinary' });
}

/** What interest runs on: the instalments, or the whole principal from the due date (or `from`). */
function tranchesOf(debt: Debt, from?: LegalDate): Array<{ dueDate: LegalDate; amount: string }> {
  const principal = claimedPrincipal(debt);
  if (principal === null) throw new ValidationError('the debt states no principal: interest has nothing to run on', [{ path: 'principal', message: 'missing' }]);
  const tranches = debt.installments?.length ? debt.installments : debt.dueDate || from ? [{ dueDate: (from ?? debt.dueDate) as string, amount: principal }] : [];
  if (tranches.length === 0) throw new ValidationError('the debt has no due date: give the day interest starts after as `from`', [{ path: 'from', message: 'required without a due date' }]);
  return tranches;
}

/**
 * Interest terms from a query: today unless `asOf` is given; for `at_filing`, the filing day given,
 * else the latest suit filed on record (a `suit_filed` event), else `asOf`.
 *
 * @example
 * interestTermsOf({ basis: 'lpr', dayCount: 365 }, '2026-11-29', []) // { asOf: '2026-11-29', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'at_breach' }
 */
export function interestTermsOf(query: InterestQuery, today: LegalDate, events: readonly Pick<StoredLimitationEvent, 'type' | 'date'>[]): InterestTerms {
  const lprFixing = query.lprFixing ?? 'at_breach';
  const filed = events.filter((e) => e.type === 'suit_filed').map((e) => e.date).sort().at(-1);
  const filedOn = query.filedOn ?? filed;
  return {
    asOf: query.asOf ?? today,
    basis: query.basis,
    ...(query.rate ? { rate: query.rate } : {}),
    factor: query.factor ?? '1',
    dayCount: query.dayCount as 365 | 360,
    lprFixing,
    ...(lprFixing === 'at_filing' && filedOn ? { filedOn } : {}),
  };
}

/**
 * The ledger from facts already read. A payment is `evidenced` when its payment record (bank
 * slip) is on file and not void.
 */
export function ledgerDetail(debt: Debt, basis: PrincipalBasis, payments: readonly StoredPayment[], documents: readonly EvidenceDocument[]): LedgerDetail {
  const slips = new Set(documents.filter((d) => d.type === 'payment_record' && d.status === 'active').map((d) => d.id));
  const claimed = claimedPrincipal(debt);
  const paid = payments.reduce((sum, p) => sum.plus(parseMoney(p.amount)), new Decimal(0));
  const minus = (a: string | null, b: Decimal) => (a === null ? null : formatMoney(new Decimal(a).minus(b)));
  return {
    currency: debt.currency,
    claimedPrincipal: claimed,
    basis,
    difference: claimed === null || basis.amount === null ? null : formatMoney(new Decimal(claimed).minus(basis.amount)),
    payments: payments.map((p) => ({ ...p, evidenced: p.documentId !== undefined && slips.has(p.documentId) })),
    paid: formatMoney(paid),
    outstanding: minus(claimed, paid),
    outstandingOnBasis: minus(basis.amount, paid),
  };
}
