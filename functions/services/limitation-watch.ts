import type { Debt } from '../core/debt';
import { DomainError } from '../core/errors';
import { daysBetween, legalDateAt } from '../core/legal-date';
import type { Clock } from '../ports/clock';
import type { Notification, Notifier } from '../ports/notifier';
import type { Table, TableKey } from '../ports/table';
import { recordChange } from './audit-trail';
import { debtPartition, EXPIRY_PARTITION, withoutKeys } from './table-layout';
import { findUser } from './users';

/** Days before the limitation period ends at which the collector and legal are warned. */
export const WARNING_THRESHOLDS = [180, 90, 30] as const;
const HORIZON_DAYS = WARNING_THRESHOLDS[0];

export interface LimitationWarning {
  debtId: string;
  expiresOn: string;
  daysLeft: number;
  threshold: number;
  recipients: Notification['to'][];
}

export interface WatchOptions {
  /** Where warnings go for a debt without an assigned legal user (the legal department's mailbox). */
  legalTeamEmail?: string;
}

class AlreadyWarnedError extends DomainError {}

/**
 * The limitation scan (DESIGN §7 and §12): debts whose period, as indexed by `byExpiry`, ends
 * within 180 days get a warning to the assigned collector and to legal when they cross 180, 90
 * and 30 days left. Each (debt, expiry date, threshold) is warned at most once: the claim
 * `LIMWARN#<expiresOn>#<threshold>` is written with put-if-absent in the same transaction as the
 * audit event `limitation.warning`, and only then are the messages sent. A debt first seen
 * below several thresholds gets one warning, for the lowest. A new expiry date (after an
 * interruption) starts over. Returns the warnings sent in this run.
 *
 * @example
 * await scanLimitations(table, notifier, clock);
 */
export async function scanLimitations(table: Table, notifier: Notifier, clock: Clock, options: WatchOptions = {}): Promise<LimitationWarning[]> {
  const now = clock.now();
  // Index sort keys are `<expiry date>#<debt id>`; a day of slack on both sides covers every time zone.
  const from = legalDateAt(new Date(now.getTime() - 86_400_000), 'UTC');
  const to = legalDateAt(new Date(now.getTime() + (HORIZON_DAYS + 1) * 86_400_000), 'UTC');
  const warnings: LimitationWarning[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.queryIndex('byExpiry', EXPIRY_PARTITION, { limit: 100, between: [from, `${to}#\u{10FFFF}`], ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const warning = await warnIfDue(table, notifier, clock, withoutKeys<Debt>(item), String(item.gsi2sk).split('#')[0] as string, options);
      if (warning) warnings.push(warning);
    }
    cursor = page.cursor;
  } while (cursor);
  return warnings;
}

async function warnIfDue(table: Table, notifier: Notifier, clock: Clock, debt: Debt, expiresOn: string, options: WatchOptions): Promise<LimitationWarning | undefined> {
  if (debt.status === 'closed') return undefined;
  const daysLeft = daysBetween(legalDateAt(clock.now(), debt.timeZone), expiresOn);
  const threshold = [...WARNING_THRESHOLDS].reverse().find((days) => daysLeft >= 0 && daysLeft <= days);
  if (threshold === undefined) return undefined;
  const recipients = await recipientsOf(table, debt, options);
  const claimKey = warningKey(debt.id, expiresOn, threshold);
  try {
    await recordChange(table, clock, debt.id, { id: 'limitation-watch', role: 'system' }, async () => {
      if (await table.get(claimKey)) throw new AlreadyWarnedError('already warned');
      // Lower thresholds were passed together: a later run must not warn for them.
      const passed = WARNING_THRESHOLDS.filter((days) => days > threshold);
      const claims = [threshold, ...passed].map((days) => warningKey(debt.id, expiresOn, days));
      const existing = new Set((await table.getMany(claims)).map((item) => item.sk));
      return {
        action: 'limitation.warning',
        subject: `debt/${debt.id}`,
        details: { expiresOn, daysLeft, threshold, recipients: recipients.map((to) => to.userId ?? to.email ?? to.name ?? 'unknown') },
        writes: claims
          .filter((claim) => claim.sk === claimKey.sk || !existing.has(claim.sk))
          .map((claim) => ({ put: { ...claim, debtId: debt.id, expiresOn, at: clock.now().toISOString() }, condition: { absent: true } as const })),
        result: undefined,
      };
    });
  } catch (error) {
    if (error instanceof AlreadyWarnedError) return undefined;
    throw error;
  }
  for (const to of recipients) {
    await notifier.send({
      kind: 'limitation.warning',
      to,
      debtId: debt.id,
      subject: `Limitation period ends in ${daysLeft} days: ${debt.debtor.name}`,
      text: `The limitation period of the debt of ${debt.debtor.name} (${debt.id}) ends on ${expiresOn}, in ${daysLeft} days. Obtain a signed acknowledgement or send a demand with proof of delivery, or hand the file to legal.`,
    });
  }
  return { debtId: debt.id, expiresOn, daysLeft, threshold, recipients };
}

/** The assigned collector and the assigned legal user; the legal department when none is assigned. */
async function recipientsOf(table: Table, debt: Debt, options: WatchOptions): Promise<Notification['to'][]> {
  const recipients: Notification['to'][] = [];
  for (const userId of [debt.assignees.collector, debt.assignees.legal]) {
    if (!userId) continue;
    const user = await findUser(table, userId);
    const email = (user as { email?: string } | undefined)?.email;
    recipients.push({ userId, name: user?.name ?? userId, ...(email ? { email } : {}) });
  }
  if (!debt.assignees.legal) recipients.push({ name: 'Legal department', ...(options.legalTeamEmail ? { email: options.legalTeamEmail } : {}) });
  return recipients;
}

/** Where the claim of a warning is kept: one per debt, expiry date and threshold. */
export const warningKey = (debtId: string, expiresOn: string, threshold: number): TableKey => ({
  pk: debtPartition(debtId),
  sk: `LIMWARN#${expiresOn}#${String(threshold).padStart(3, '0')}`,
});
