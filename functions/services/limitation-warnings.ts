import type { Debt } from '../core/debt';
import { legalDateAt } from '../core/legal-date';
import { limitationOn } from '../core/limitation/engine';
import { limitationWarningsDue, type SentWarning, WARNING_THRESHOLDS, type WarningDue } from '../core/limitation/warnings';
import type { Clock } from '../ports/clock';
import { type Notification, type Notifier, type SentNotification, UndeliverableNotificationError } from '../ports/notifier';
import type { Table } from '../ports/table';
import { recordChange } from './audit-trail';
import { readAll } from './debt-file';
import { EXPIRY_PARTITION, keys, SK_PREFIX, withoutKeys } from './table-layout';
import { findUser } from './users';

export interface WarningScanDeps {
  table: Table;
  notifier: Notifier;
  clock: Clock;
  /** The legal department's mailbox, for debts with neither a collector nor a legal owner. */
  legalTeamEmail?: string;
}

const SYSTEM = { id: 'limitation-watch', role: 'system' } as const;

/**
 * The daily limitation scan: warns the people responsible for a debt when its last day comes
 * within 180, 90 and 30 days. Reads only the debts in that window of the byExpiry index. For each
 * warning due (see `limitationWarningsDue`) one message goes to the assigned collector and
 * legal owner through the Notifier, then the thresholds are recorded in the debt's audit chain
 * with a marker item per threshold (`LIMWARN#<expiresOn>#<days>`), so a second run sends
 * nothing again. A failure on one debt is logged and does not stop the others; a message whose
 * record failed is sent again on the next run (at least once, never silently lost). A recipient
 * the Notifier has no address for is listed as `undelivered` in the audit event instead (sending
 * again would not reach them either).
 *
 * @example
 * await sendLimitationWarnings({ table, notifier: outbox, clock: systemClock }); // { checked: 12, warned: 2 }
 */
export async function sendLimitationWarnings(deps: WarningScanDeps): Promise<{ checked: number; warned: number }> {
  const now = deps.clock.now().getTime();
  const horizon = Math.max(...WARNING_THRESHOLDS) + 1;
  const between: [string, string] = [legalDateAt(new Date(now - 86_400_000), 'UTC'), `${legalDateAt(new Date(now + horizon * 86_400_000), 'UTC')}#\u{10FFFF}`];
  let checked = 0;
  let warned = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.table.queryIndex('byExpiry', EXPIRY_PARTITION, { limit: 200, between, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      checked++;
      try {
        if (await warnDebt(deps, item.id as string)) warned++;
      } catch (error) {
        console.error(JSON.stringify({ level: 'error', message: 'limitation warning failed', debtId: item.id, error: String((error as Error)?.stack ?? error) }));
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return { checked, warned };
}

async function warnDebt(deps: WarningScanDeps, debtId: string): Promise<boolean> {
  const item = await deps.table.get(keys.debt(debtId));
  const debt = item && withoutKeys<Debt>(item);
  if (!debt?.limitationSnapshot || debt.status === 'closed') return false;
  const today = legalDateAt(deps.clock.now(), debt.timeZone);
  const result = limitationOn({ ...debt.limitationSnapshot, events: [], explanation: [] }, today);
  const due = limitationWarningsDue(result, today, await sentWarnings(deps.table, debtId));
  const urgent = due[0];
  if (!urgent) return false;

  const sent: SentNotification[] = [];
  const undelivered: Array<{ to: Notification['to']; reason: string }> = [];
  for (const to of await recipients(deps, debt)) {
    try {
      sent.push(await deps.notifier.send(message(debt, urgent, to, result.warnings)));
    } catch (error) {
      if (!(error instanceof UndeliverableNotificationError)) throw error;
      undelivered.push({ to, reason: error.message });
    }
  }
  await recordChange(deps.table, deps.clock, debtId, SYSTEM, async () => {
    // Re-read under the chain head: only thresholds nobody has recorded meanwhile are written.
    const already = await sentWarnings(deps.table, debtId);
    const fresh = due.filter((warning) => !already.some((s) => s.expiresOn === warning.expiresOn && s.threshold === warning.threshold));
    return {
      action: 'limitation.warning_sent',
      subject: `debt/${debtId}/limitation`,
      details: { expiresOn: urgent.expiresOn, daysLeft: urgent.daysLeft, thresholds: fresh.map((w) => w.threshold), notifications: sent.map((n) => ({ id: n.id, to: n.to })), ...(undelivered.length > 0 ? { undelivered } : {}) },
      writes: fresh.map((warning) => ({
        put: { ...keys.limitationWarning(debtId, warning.expiresOn, warning.threshold), expiresOn: warning.expiresOn, threshold: warning.threshold, sentAt: deps.clock.now().toISOString() },
        condition: { absent: true } as const,
      })),
      result: undefined,
    };
  });
  return true;
}

async function sentWarnings(table: Table, debtId: string): Promise<SentWarning[]> {
  return (await readAll(table, debtId, SK_PREFIX.limitationWarning)).map((item) => ({ expiresOn: item.expiresOn as string, threshold: item.threshold as SentWarning['threshold'] }));
}

/**
 * The assigned collector and legal owner, with the name and e-mail of their profile; the legal
 * department (its configured mailbox) when neither is assigned.
 */
async function recipients(deps: WarningScanDeps, debt: Debt): Promise<Notification['to'][]> {
  const users = [...new Set([debt.assignees.collector, debt.assignees.legal].filter((id): id is string => Boolean(id)))];
  if (users.length === 0) return [{ name: 'Legal department (no collector or legal owner assigned)', ...(deps.legalTeamEmail ? { email: deps.legalTeamEmail } : {}) }];
  return Promise.all(
    users.map(async (userId) => {
      const user = (await findUser(deps.table, userId)) as { name?: string; email?: string } | undefined;
      return { userId, ...(user?.name ? { name: user.name } : {}), ...(user?.email ? { email: user.email } : {}) };
    }),
  );
}

function message(debt: Debt, warning: WarningDue, to: Notification['to'], caveats: string[]): Notification {
  return {
    kind: 'limitation.warning',
    to,
    debtId: debt.id,
    subject: `Limitation: ${warning.daysLeft} days left for ${debt.debtor.name} (last day ${warning.expiresOn})`,
    text: [
      `The limitation period of debt ${debt.id} (${debt.debtor.name}${debt.contractNo ? `, contract ${debt.contractNo}` : ''}) ends on ${warning.expiresOn}: ${warning.daysLeft} days left (${debt.jurisdiction} regime).`,
      'Before that day, obtain the debtor\'s signed acknowledgement, a demand with proof of delivery, or hand the file to legal to sue.',
      ...caveats,
      `Details: GET /v1/debts/${debt.id}/limitation`,
    ].join('\n'),
  };
}
