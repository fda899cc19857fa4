import Decimal from 'decimal.js';
import type { LegalDate } from '../legal-date';
import { formatMoney } from '../money';
import type { BookProgress, ResponsibilityBook } from './books';
import { type CommissionRates, commissionOn, rateFor } from './commission-rates';

/** A recorded payment as the management reports see it. */
export interface RecoveredPayment {
  id: string;
  debtId: string;
  date: LegalDate;
  amount: string;
  /** The payment names an active `payment_record` document: an amount actually recovered. */
  evidenced: boolean;
}

/** What a commission line needs to know of the debt paid. */
export interface CommissionDebt {
  id: string;
  debtorName: string;
  unitId?: string;
  /** The last agreed due date, from which the arrears' age runs. */
  dueDate?: LegalDate;
  completedPending: boolean;
}

/** `earned`: the book's target is met; `pending`: the period still runs; `cancelled`: Art. 7. */
export type CommissionStatus = 'earned' | 'pending' | 'cancelled';

export interface CommissionLine {
  bookId: string;
  paymentId: string;
  debtId: string;
  debtorName: string;
  unitId?: string;
  paidOn: LegalDate;
  amount: string;
  dueDate?: LegalDate;
  ageYears: number;
  rate: string;
  basis: string;
  commission: string;
  status: CommissionStatus;
  cancelReason?: string;
}

export interface CommissionStatement {
  person: string;
  from: LegalDate;
  to: LegalDate;
  lines: CommissionLine[];
  totals: { recovered: string; earned: string; pending: string; cancelled: string };
  /** Payments under the person's books left out because no payment record proves them. */
  unevidenced: Array<{ paymentId: string; debtId: string; paidOn: LegalDate; amount: string }>;
}

export interface StatementBook {
  book: Pick<ResponsibilityBook, 'id' | 'periodStart' | 'deadline'>;
  progress: BookProgress;
  debtIds: ReadonlySet<string>;
}

/**
 * The commission statement of one person for payments dated `from`–`to` (the measures, Art. 6 and 7):
 * every evidenced payment on a debt one of the person's books covers, dated within that book's period,
 * at the rate for the arrears' age on the payment date. A payment counts once, under the earliest
 * book covering it. Lines of a book whose deadline passed unmet are cancelled with the reason.
 *
 * @example
 * commissionStatement('collector-1', '2026-01-01', '2026-12-31', books, payments, debts, DEFAULT_COMMISSION_RATES).totals
 * // { recovered: '100000.00', earned: '2000.00', pending: '0.00', cancelled: '0.00' }
 */
export function commissionStatement(
  person: string,
  from: LegalDate,
  to: LegalDate,
  books: readonly StatementBook[],
  payments: readonly RecoveredPayment[],
  debts: ReadonlyMap<string, CommissionDebt>,
  rates: CommissionRates,
): CommissionStatement {
  const ordered = [...books].sort((a, b) => a.book.periodStart.localeCompare(b.book.periodStart) || a.book.id.localeCompare(b.book.id));
  const lines: CommissionLine[] = [];
  const unevidenced: CommissionStatement['unevidenced'] = [];
  const totals = { recovered: new Decimal(0), earned: new Decimal(0), pending: new Decimal(0), cancelled: new Decimal(0) };
  for (const payment of [...payments].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))) {
    if (payment.date < from || payment.date > to) continue;
    const debt = debts.get(payment.debtId);
    const entry = ordered.find((b) => b.debtIds.has(payment.debtId) && payment.date >= b.book.periodStart && payment.date <= b.book.deadline);
    if (!debt || !entry) continue;
    if (!payment.evidenced) {
      unevidenced.push({ paymentId: payment.id, debtId: payment.debtId, paidOn: payment.date, amount: payment.amount });
      continue;
    }
    const applied = rateFor(rates, debt.dueDate, payment.date, debt.completedPending);
    const commission = commissionOn(payment.amount, applied.rate);
    const status: CommissionStatus = entry.progress.state === 'met' ? 'earned' : entry.progress.state === 'overdue' ? 'cancelled' : 'pending';
    lines.push({
      bookId: entry.book.id,
      paymentId: payment.id,
      debtId: debt.id,
      debtorName: debt.debtorName,
      ...(debt.unitId ? { unitId: debt.unitId } : {}),
      paidOn: payment.date,
      amount: payment.amount,
      ...(debt.dueDate ? { dueDate: debt.dueDate } : {}),
      ...applied,
      commission,
      status,
      ...(status === 'cancelled' && entry.progress.cancelReason ? { cancelReason: entry.progress.cancelReason } : {}),
    });
    totals.recovered = totals.recovered.plus(payment.amount);
    totals[status] = totals[status].plus(commission);
  }
  return {
    person,
    from,
    to,
    lines,
    totals: { recovered: formatMoney(totals.recovered), earned: formatMoney(totals.earned), pending: formatMoney(totals.pending), cancelled: formatMoney(totals.cancelled) },
    unevidenced,
  };
}
