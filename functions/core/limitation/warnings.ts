import { daysBetween, type LegalDate } from '../legal-date';
import type { LimitationResult } from './types';

/** Days before the last day at which the people responsible are warned. */
export const WARNING_THRESHOLDS = [180, 90, 30] as const;
export type WarningThreshold = (typeof WARNING_THRESHOLDS)[number];

/** A warning already sent: for which last day, at which threshold. */
export interface SentWarning {
  expiresOn: LegalDate;
  threshold: WarningThreshold;
}

export interface WarningDue extends SentWarning {
  daysLeft: number;
}

/**
 * The warnings due for a debt on `today`: every threshold the last day is now within that has not
 * been warned of for this same last day, most urgent first. A new last day (an interruption, a
 * suspension) arms the thresholds again. Nothing is due once the period has ended or has no last
 * day. The caller sends one message for the most urgent and records all of them as sent, so a
 * scan that first sees a debt 20 days out does not send three messages.
 *
 * @example
 * limitationWarningsDue({ expiresOn: '2027-01-31', … }, '2026-11-29', [{ expiresOn: '2027-01-31', threshold: 180 }])
 * // [{ threshold: 90, expiresOn: '2027-01-31', daysLeft: 63 }]
 */
export function limitationWarningsDue(result: Pick<LimitationResult, 'expiresOn'>, today: LegalDate, alreadySent: readonly SentWarning[]): WarningDue[] {
  const { expiresOn } = result;
  if (expiresOn === null) return [];
  const daysLeft = daysBetween(today, expiresOn);
  if (daysLeft < 0) return [];
  return WARNING_THRESHOLDS.filter((threshold) => daysLeft <= threshold && !alreadySent.some((sent) => sent.expiresOn === expiresOn && sent.threshold === threshold))
    .map((threshold) => ({ threshold, expiresOn, daysLeft }))
    .sort((a, b) => a.threshold - b.threshold);
}
