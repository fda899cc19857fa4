import Decimal from 'decimal.js';
import { type Currency, formatMoney, parseMoney, sumMoney } from './money';
import type { LegalDate } from './legal-date';
import type { LimitationSnapshot } from './limitation/types';
import type { ManagementFields } from './management/debt-fields';
import { ROLES_SEEING_ALL_DEBTS, type Principal } from './roles';

/** Legal regimes whose limitation rules a debt follows (DESIGN §7). */
export const JURISDICTIONS = ['CN', 'GB-EAW', 'US-NY'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const PROJECT_KINDS = ['government', 'real_estate', 'other'] as const;

/**
 * `open`: being collected. `handed_off`: legal has taken it; the file is frozen (DESIGN §8).
 * `closed`: paid or written off; read-only.
 */
export const DEBT_STATUSES = ['open', 'handed_off', 'closed'] as const;
export type DebtStatus = (typeof DEBT_STATUSES)[number];

export interface Party {
  name: string;
  uscc?: string;
  address?: string;
}

export interface Installment {
  dueDate: LegalDate;
  amount: string;
}

export interface Assignees {
  collector?: string;
  sales?: string;
  legal?: string;
}

export interface Debt extends ManagementFields {
  id: string;
  version: number;
  status: DebtStatus;
  debtor: Party;
  creditor?: Party;
  project?: { name: string; kind: (typeof PROJECT_KINDS)[number] };
  contractNo?: string;
  currency: Currency;
  principal?: string;
  dueDate?: LegalDate;
  installments?: Installment[];
  assignees: Assignees;
  jurisdiction: Jurisdiction;
  timeZone: string;
  /** Sum of recorded payments, kept with the debt so the ledger needs no scan. */
  paid: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  closeReason?: string;
  /** Set when legal took the file (DESIGN §8): who, when, the sealed readiness report, the packet. */
  handoff?: Handoff;
  /**
   * Derived, never sent by clients: the limitation engine's today-independent result as of the
   * debt's last change. It keys the "debts by limitation expiry" index and lets lists show a
   * status without reading every debt's file; it is refreshed in the transaction of every change
   * that can affect it (services/limitation.ts `withLimitationRefresh`).
   */
  limitationSnapshot?: LimitationSnapshot;
}

export interface Handoff {
  at: string;
  by: string;
  note?: string;
  /** Present when failing readiness checks were overridden. */
  override?: { reason: string; failingChecks: string[] };
  score: number;
  reportDocumentId: string;
  packetId: string;
}

export interface Ledger {
  principal: string | null;
  paid: string;
  outstanding: string | null;
  currency: Currency;
}

/**
 * True when a user may see a debt: legal, auditor, finance and admin see all; a collector or a
 * sales owner only the debts assigned to them (DESIGN §5).
 *
 * @example
 * debtVisibleTo({ id: 'collector-2', name: '', roles: ['collector'] }, debt) // false unless assigned
 */
export function debtVisibleTo(user: Principal, debt: Pick<Debt, 'assignees'>): boolean {
  if (user.roles.some((role) => ROLES_SEEING_ALL_DEBTS.includes(role))) return true;
  if (user.roles.includes('collector') && debt.assignees.collector === user.id) return true;
  return user.roles.includes('sales') && debt.assignees.sales === user.id;
}

/**
 * The principal claimed: the stated principal, else the sum of the instalments.
 *
 * @example
 * claimedPrincipal({ installments: [{ dueDate: '2026-01-01', amount: '1.50' }, { dueDate: '2026-02-01', amount: '2.50' }] }) // '4.00'
 */
export function claimedPrincipal(debt: Pick<Debt, 'principal' | 'installments'>): string | null {
  if (debt.principal !== undefined) return debt.principal;
  if (debt.installments?.length) return formatMoney(sumMoney(debt.installments.map((i) => i.amount)));
  return null;
}

/**
 * The ledger of a debt: principal, paid and outstanding, exact to the cent.
 *
 * @example
 * ledgerOf({ principal: '100.00', paid: '30.10', currency: 'CNY' }).outstanding // '69.90'
 */
export function ledgerOf(debt: Pick<Debt, 'principal' | 'installments' | 'paid' | 'currency'>): Ledger {
  const principal = claimedPrincipal(debt);
  const outstanding = principal === null ? null : formatMoney(parseMoney(principal).minus(parseMoney(debt.paid)));
  return { principal, paid: debt.paid, outstanding, currency: debt.currency };
}

/**
 * Whether a payment of `amount` fits: it must be positive and, when the principal is known, not
 * exceed the outstanding balance.
 */
export function paymentProblem(debt: Pick<Debt, 'principal' | 'installments' | 'paid' | 'currency'>, amount: string): string | undefined {
  const value = parseMoney(amount);
  if (value.lte(0)) return 'a payment must be more than zero';
  const { outstanding } = ledgerOf(debt);
  if (outstanding !== null && value.gt(new Decimal(outstanding))) {
    return `the payment ${amount} exceeds the outstanding balance ${outstanding} ${debt.currency}`;
  }
  return undefined;
}

/**
 * The last agreed due date: the due date, or the last instalment's (CN Civil Code Art. 189).
 * Undefined when no date is agreed. (The limitation engine decides per regime where time runs
 * from; this is the date the aging report counts from.)
 */
export function limitationStartDate(debt: Pick<Debt, 'dueDate' | 'installments'>): LegalDate | undefined {
  const dates = [...(debt.installments ?? []).map((i) => i.dueDate), ...(debt.dueDate ? [debt.dueDate] : [])];
  return dates.sort().at(-1);
}

/** Fields that may no longer change once legal has taken the file. */
export const FROZEN_DEBT_FIELDS = ['debtor', 'creditor', 'project', 'contractNo', 'currency', 'principal', 'dueDate', 'installments', 'jurisdiction'] as const;

/** Allowed status changes. */
export function statusChangeAllowed(from: DebtStatus, to: DebtStatus): boolean {
  if (from === to) return true;
  if (from === 'open') return to === 'closed' || to === 'handed_off';
  if (from === 'handed_off') return to === 'closed';
  return false;
}
