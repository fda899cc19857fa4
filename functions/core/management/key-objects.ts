import Decimal from 'decimal.js';
import { z } from 'zod';
import { type Debt, ledgerOf, limitationStartDate, PROJECT_KINDS } from '../debt';
import { daysBetween, legalDateAt } from '../legal-date';
import { completedYears } from './age';
import { DEBTOR_RISK_FLAGS } from './debt-fields';
import { NO_UNIT, unitIdSchema } from './units';

/**
 * Key collection objects (work plan (4)): debts ranked by how much collecting them matters now.
 * Each factor gives points; the sum ranks. Weights are written here so the ranking can be read:
 *
 *   age of arrears     0–1 y 0, 1–2 y 5, 2–3 y 10, 3–4 y 15, 4–5 y 20, 5 y and more 25
 *   amount outstanding ≥ 5,000,000 20; ≥ 1,000,000 15; ≥ 100,000 8; less 2
 *   limitation         last day within 90 days 25, 180 days 15, 365 days 8; already passed 10
 *                      (a lost claim can still be revived by acknowledgement: review it)
 *   project kind       government investment 10, real estate 10 (the measures' risk groups)
 *   debtor risk flags  5 each, at most 15
 *   file completeness  readiness score / 10 (0–10): a complete file can go to legal at once
 */

/** Readiness as the legal queue needs it. */
export interface ReadinessSummary {
  score: number;
  ready: boolean;
  failing: string[];
}

export interface KeyObject {
  debtId: string;
  unitId: string;
  debtorName: string;
  outstanding: string;
  currency: string;
  ageYears: number | null;
  limitationDaysLeft: number | null;
  projectKind: string | null;
  riskFlags: string[];
  readiness: ReadinessSummary;
  /** `ready`: no check fails; `nearly_ready`: at most {@link NEARLY_READY_MAX_FAILING} fail. */
  handoff: 'ready' | 'nearly_ready' | 'not_ready';
  score: number;
  factors: { age: number; amount: number; limitation: number; projectKind: number; riskFlags: number; readiness: number };
}

export const NEARLY_READY_MAX_FAILING = 2;

export const keyObjectFilterSchema = z.object({
  unitId: unitIdSchema.optional(),
  minAgeYears: z.coerce.number().int().min(0).max(100).optional(),
  minOutstanding: z.string().regex(/^\d+(\.\d{1,2})?$/).optional(),
  limitationWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  projectKind: z.enum(PROJECT_KINDS).optional(),
  riskFlag: z.enum(DEBTOR_RISK_FLAGS).optional(),
  minReadiness: z.coerce.number().int().min(0).max(100).optional(),
  handoff: z.enum(['ready', 'nearly_ready', 'not_ready']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type KeyObjectFilter = z.output<typeof keyObjectFilterSchema>;

const AGE_POINTS = [0, 5, 10, 15, 20, 25];
const AMOUNT_POINTS: Array<[Decimal, number]> = [
  [new Decimal(5_000_000), 20],
  [new Decimal(1_000_000), 15],
  [new Decimal(100_000), 8],
];

/**
 * The key-object entry of an open debt on `asOf`, or undefined when nothing is outstanding.
 *
 * @example
 * keyObject(debt, new Date('2026-11-29T02:00:00Z'), { score: 80, ready: true, failing: [] })?.score
 */
export function keyObject(debt: Debt, asOf: Date, readiness: ReadinessSummary): KeyObject | undefined {
  const { outstanding } = ledgerOf(debt);
  if (debt.status !== 'open' || outstanding === null || new Decimal(outstanding).lte(0)) return undefined;
  const today = legalDateAt(asOf, debt.timeZone);
  const due = limitationStartDate(debt);
  const ageYears = due === undefined || due >= today ? (due === undefined ? null : 0) : completedYears(due, today);
  const expiresOn = debt.limitationSnapshot?.expiresOn ?? null;
  const limitationDaysLeft = expiresOn === null || debt.limitationSnapshot?.claimBroughtOn ? null : daysBetween(today, expiresOn);
  const riskFlags = debt.riskFlags ?? [];
  const factors = {
    age: ageYears === null ? 0 : (AGE_POINTS[Math.min(ageYears, 5)] ?? 0),
    amount: AMOUNT_POINTS.find(([floor]) => new Decimal(outstanding).gte(floor))?.[1] ?? 2,
    limitation: limitationDaysLeft === null ? 0 : limitationDaysLeft < 0 ? 10 : limitationDaysLeft <= 90 ? 25 : limitationDaysLeft <= 180 ? 15 : limitationDaysLeft <= 365 ? 8 : 0,
    projectKind: debt.project && debt.project.kind !== 'other' ? 10 : 0,
    riskFlags: Math.min(riskFlags.length * 5, 15),
    readiness: Math.floor(readiness.score / 10),
  };
  return {
    debtId: debt.id,
    unitId: debt.unitId ?? NO_UNIT,
    debtorName: debt.debtor.name,
    outstanding,
    currency: debt.currency,
    ageYears,
    limitationDaysLeft,
    projectKind: debt.project?.kind ?? null,
    riskFlags,
    readiness,
    handoff: readiness.ready ? 'ready' : readiness.failing.length <= NEARLY_READY_MAX_FAILING ? 'nearly_ready' : 'not_ready',
    score: Object.values(factors).reduce((sum, points) => sum + points, 0),
    factors,
  };
}

/**
 * Whether an entry passes the filter (every given criterion).
 *
 * @example
 * matchesKeyObjectFilter(entry, { minAgeYears: 3, limit: 100 }) // true when 3 or more years old
 */
export function matchesKeyObjectFilter(entry: KeyObject, filter: KeyObjectFilter): boolean {
  if (filter.unitId && entry.unitId !== filter.unitId) return false;
  if (filter.minAgeYears !== undefined && (entry.ageYears ?? 0) < filter.minAgeYears) return false;
  if (filter.minOutstanding !== undefined && new Decimal(entry.outstanding).lt(filter.minOutstanding)) return false;
  if (filter.limitationWithinDays !== undefined && (entry.limitationDaysLeft === null || entry.limitationDaysLeft > filter.limitationWithinDays)) return false;
  if (filter.projectKind && entry.projectKind !== filter.projectKind) return false;
  if (filter.riskFlag && !entry.riskFlags.includes(filter.riskFlag)) return false;
  if (filter.minReadiness !== undefined && entry.readiness.score < filter.minReadiness) return false;
  if (filter.handoff && entry.handoff !== filter.handoff) return false;
  return true;
}
