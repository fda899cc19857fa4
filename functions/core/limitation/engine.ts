import Decimal from 'decimal.js';
import { addMonths, addYears, daysBetween, type LegalDate, weekday } from '../legal-date';
import { parseMoney } from '../money';
import { type Candidate, gatherCandidates } from './evidence';
import { type Regime, REGIMES } from './regimes';
import type { EventEffect, LimitationFacts, LimitationResult, LimitationSnapshot, LimitationStatus, LimitationTimeline, WeighedEvent } from './types';

/** `expiring` means the last day is at most this many days away (DESIGN §7). */
export const EXPIRING_WITHIN_DAYS = 90;

/**
 * The limitation period of a debt on `today` (DESIGN §7): start, interruptions, suspension, long
 * stop, revival, with every fact weighed and an explanation citing the provisions.
 *
 * @example
 * computeLimitation({ jurisdiction: 'CN', timeZone: 'Asia/Shanghai', dueDate: '2021-06-30',
 *   events: [], payments: [], documents: [] }, '2026-11-29')
 * // { status: 'expired', startsOn: '2021-06-30', expiresOn: '2024-06-30', longStopOn: '2041-06-30', … }
 */
export function computeLimitation(facts: LimitationFacts, today: LegalDate): LimitationResult {
  return limitationOn(limitationTimeline(facts), today);
}

/**
 * Everything about the period that does not depend on today: each fact weighed in date order.
 * Events are never dated in the future, so the timeline changes only when a fact changes; what
 * the passing of time changes is left to {@link limitationOn}.
 */
export function limitationTimeline(facts: LimitationFacts): LimitationTimeline {
  const regime = REGIMES[facts.jurisdiction];
  const candidates = gatherCandidates(facts);
  const start = startOf(facts, regime, candidates);
  const explanation = [`Regime ${regime.id} (${regime.name}): ${regime.period}.`, start.line];
  const events: WeighedEvent[] = [];
  const weigh = (candidate: Candidate, counted: boolean, effect: EventEffect, reason: string) => {
    const { graceUntil: _grace, ...event } = candidate;
    events.push({ ...event, counted, effect, reason });
  };

  const startsOn = start.startsOn;
  if (startsOn === null) {
    for (const candidate of candidates) weigh(candidate, false, 'none', `${candidate.reason}; time has not started to run`);
    return { regime: regime.id, startsOn: null, expiresOn: null, longStopOn: null, endsByLongStop: false, revived: false, openObstacleSince: null, claimBroughtOn: null, events, explanation };
  }

  const longStopOn = regime.longStopYears === null ? null : addYears(startsOn, regime.longStopYears);
  const cap = (date: LegalDate) => (longStopOn !== null && date > longStopOn ? longStopOn : date);
  let expiry = addYears(startsOn, regime.years);
  explanation.push(`The ${regime.years}-year period ends on ${expiry}.`);
  const obstacles: Array<{ start: LegalDate; end: LegalDate }> = [];
  let openObstacle: LegalDate | null = null;
  let revived = false;
  let claimBroughtOn: LegalDate | null = null;

  // The last day given the obstacles that have ended, before the long stop.
  const endNow = () => endWithObstacles(expiry, obstacles);
  const ended = (date: LegalDate) => {
    if (longStopOn !== null && date > longStopOn) return true;
    const end = endNow();
    // An obstacle still open within the period keeps it from ending (Art. 194).
    return !(openObstacle !== null && openObstacle <= end) && date > end;
  };

  for (const candidate of candidates) {
    const { type, date } = candidate;
    if (candidate === start.demand) {
      weigh(candidate, true, 'start', `${regime.startFromDemand}; this demand sets the start on ${startsOn}`);
      continue;
    }
    const ignored = regime.ignored[type] ?? ((type === 'suspension_start' || type === 'suspension_end') && 'notModelled' in regime.suspension ? regime.suspension.notModelled : undefined);
    if (ignored) {
      weigh(candidate, false, 'none', ignored);
      continue;
    }
    if (!candidate.proved) {
      weigh(candidate, false, 'none', `not counted: ${candidate.reason}`);
      continue;
    }
    if (claimBroughtOn !== null) {
      weigh(candidate, true, 'none', `${candidate.reason}; no effect: a claim was brought on ${claimBroughtOn} and the period no longer runs`);
      continue;
    }

    const restart = regime.restarts[type];
    const proceedings = regime.proceedings[type];
    if (restart) {
      if (date < startsOn) {
        weigh(candidate, true, 'none', `${candidate.reason}; no effect: before time started to run on ${startsOn}`);
      } else if (!ended(date)) {
        expiry = addYears(date, regime.years);
        weigh(candidate, true, 'interruption', `${candidate.reason}: ${restart}; a new ${regime.years}-year period runs from ${date} and ends on ${cap(expiry)}`);
        explanation.push(`${date} ${type}: ${restart} interrupts; the period now ends on ${cap(expiry)}.`);
      } else if (regime.revives[type] && !(longStopOn !== null && date > longStopOn)) {
        expiry = addYears(date, regime.years);
        revived = true;
        weigh(candidate, true, 'revival', `${candidate.reason}: ${regime.revives[type]}; a new ${regime.years}-year period runs from ${date} and ends on ${cap(expiry)}`);
        explanation.push(`${date} ${type}: after expiry; ${regime.revives[type]}. The period now ends on ${cap(expiry)}.`);
      } else {
        const why = longStopOn !== null && date > longStopOn ? `after the long stop on ${longStopOn} (${regime.longStop})` : `after the period ended; ${regime.noRevival}`;
        weigh(candidate, true, 'none', `${candidate.reason}; no effect: ${why}`);
      }
    } else if (proceedings) {
      if (ended(date)) {
        weigh(candidate, true, 'none', `${candidate.reason}; filed after the period ended: the debtor may plead limitation`);
      } else {
        claimBroughtOn = date;
        weigh(candidate, true, 'claim_brought', `${candidate.reason}: ${proceedings}`);
        explanation.push(`${date} ${type}: ${proceedings}.`);
      }
    } else if (type === 'suspension_start') {
      if (openObstacle !== null) {
        weigh(candidate, false, 'none', `an obstacle is already open since ${openObstacle}; record its end first`);
      } else if (ended(date)) {
        weigh(candidate, true, 'none', `${candidate.reason}; no effect: the period had already ended`);
      } else {
        openObstacle = date;
        weigh(candidate, true, 'suspension_start', `${candidate.reason}; an obstacle to claiming began: it suspends the period only for the part that falls in its last six months (Civil Code Art. 194)`);
      }
    } else if (type === 'suspension_end') {
      if (openObstacle === null) {
        weigh(candidate, false, 'none', 'no obstacle is open: record its start (suspension_start) first');
        continue;
      }
      const before = endNow();
      const lastSixMonths = addMonths(before, -6);
      if (openObstacle <= before && date >= lastSixMonths) {
        weigh(candidate, true, 'suspension_end', `the obstacle from ${openObstacle} to ${date} lay in the last six months of the period (from ${lastSixMonths}); the period ends six months after the obstacle ended, on ${cap(addMonths(date, 6))} (Civil Code Art. 194)`);
        explanation.push(`${openObstacle} to ${date}: an obstacle in the last six months suspends the period; it now ends on ${cap(addMonths(date, 6))} (Art. 194).`);
      } else {
        weigh(candidate, true, 'none', `the obstacle from ${openObstacle} to ${date} ended before the last six months of the period (from ${lastSixMonths}), so it did not suspend it (Civil Code Art. 194)`);
      }
      obstacles.push({ start: openObstacle, end: date });
      openObstacle = null;
    }
  }

  const end = endNow();
  const endsByLongStop = longStopOn !== null && end >= longStopOn;
  if (longStopOn !== null) explanation.push(`Long stop: ${regime.longStopYears} years from ${startsOn} (${regime.longStop}): ${longStopOn}.`);
  if (claimBroughtOn === null) explanation.push(endsByLongStop ? `The period ends by the long stop on ${longStopOn}.` : `The period ends on ${end}.`);
  if (openObstacle !== null) explanation.push(`An obstacle open since ${openObstacle} suspends the period once it lasts into the last six months (from ${addMonths(end, -6)}); record its end (suspension_end) when it is removed.`);
  return {
    regime: regime.id,
    startsOn,
    expiresOn: claimBroughtOn === null ? cap(end) : null,
    longStopOn,
    endsByLongStop,
    revived,
    openObstacleSince: openObstacle,
    claimBroughtOn,
    events,
    explanation,
  };
}

/**
 * The result on `today`: the status, days left, and whether an open obstacle has reached the
 * last six months. Works on a stored {@link LimitationSnapshot} too (events and explanation
 * empty), which is how lists show the status of many debts without reading their facts.
 *
 * @example
 * limitationOn({ ...snapshot, events: [], explanation: [] }, '2026-11-29').status // 'running'
 */
export function limitationOn(timeline: LimitationTimeline, today: LegalDate): LimitationResult {
  const regime = REGIMES[timeline.regime];
  const explanation = [...timeline.explanation];
  const warnings: string[] = [];
  let expiresOn = timeline.expiresOn;
  let status: LimitationStatus;

  if (timeline.startsOn === null) {
    status = 'not_started';
  } else if (timeline.claimBroughtOn !== null) {
    status = 'suspended';
    explanation.push(`A claim was brought on ${timeline.claimBroughtOn}: the period no longer runs against it.`);
  } else if (timeline.longStopOn !== null && today > timeline.longStopOn) {
    status = 'expired';
    explanation.push(`Expired: the long stop passed on ${timeline.longStopOn}.`);
  } else if (expiresOn !== null && timeline.openObstacleSince !== null && !timeline.endsByLongStop && today >= laterOf(timeline.openObstacleSince, addMonths(expiresOn, -6))) {
    status = 'suspended';
    explanation.push(
      `Suspended since ${laterOf(timeline.openObstacleSince, addMonths(expiresOn, -6))}: the obstacle open since ${timeline.openObstacleSince} lies in the last six months; the period will end six months after it ends${timeline.longStopOn ? `, and by ${timeline.longStopOn} at the latest` : ''} (Civil Code Art. 194).`,
    );
    expiresOn = null;
  } else if (expiresOn !== null && today > expiresOn) {
    status = 'expired';
    explanation.push(`Expired on ${expiresOn}: ${regime.barred}.`);
  } else if (today <= timeline.startsOn) {
    status = 'not_started';
    explanation.push(`Not yet running: time starts after ${timeline.startsOn}.`);
  } else if (expiresOn !== null && daysBetween(today, expiresOn) <= EXPIRING_WITHIN_DAYS) {
    status = 'expiring';
    explanation.push(`Expiring: ${daysBetween(today, expiresOn)} days left (at most ${EXPIRING_WITHIN_DAYS}).`);
  } else {
    status = timeline.revived ? 'revived' : 'running';
  }

  if (expiresOn !== null) {
    explanation.push(`No holiday calendar is configured: a last day on a public holiday is flagged, not moved (${regime.holidayRule}).`);
    const day = weekday(expiresOn);
    if (day === 0 || day === 6) {
      warnings.push(
        `the last day ${expiresOn} is a ${day === 0 ? 'Sunday' : 'Saturday'}: if it is a rest day the period ends on the next working day (${regime.holidayRule}); no holiday calendar is configured, so the date is not moved — act by the working day before it`,
      );
    }
  }
  return {
    regime: timeline.regime,
    status,
    startsOn: timeline.startsOn,
    expiresOn,
    longStopOn: timeline.longStopOn,
    daysLeft: expiresOn === null ? null : daysBetween(today, expiresOn),
    events: timeline.events,
    explanation,
    holidayCalendar: 'not_configured',
    warnings,
  };
}

/** The part of a timeline kept with the debt. */
export function snapshotOf(timeline: LimitationTimeline): LimitationSnapshot {
  const { events: _events, explanation: _explanation, ...snapshot } = timeline;
  return snapshot;
}

/**
 * The last day given obstacles that have ended: one that lies in the last six months of the
 * period moves the end to six months after it ended (Civil Code Art. 194).
 */
function endWithObstacles(expiry: LegalDate, obstacles: ReadonlyArray<{ start: LegalDate; end: LegalDate }>): LegalDate {
  let end = expiry;
  for (const obstacle of obstacles) {
    if (obstacle.start <= end && obstacle.end >= addMonths(end, -6)) end = addMonths(obstacle.end, 6);
  }
  return end;
}

function startOf(facts: LimitationFacts, regime: Regime, candidates: readonly Candidate[]): { startsOn: LegalDate | null; line: string; demand?: Candidate } {
  const instalments = [...(facts.installments ?? [])].sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  if (instalments.length > 0 && regime.instalments === 'last') {
    const last = [...instalments.map((i) => i.dueDate), ...(facts.dueDate ? [facts.dueDate] : [])].sort().at(-1) as LegalDate;
    return { startsOn: last, line: `Time runs from ${last}: ${regime.instalmentRule}; ${regime.dateRule}.` };
  }
  if (instalments.length > 0) {
    // Payments settle the oldest instalments first; the earliest one not fully paid ends first.
    let paid = facts.payments.reduce((sum, payment) => sum.plus(parseMoney(payment.amount)), new Decimal(0));
    const open = instalments.find((instalment) => {
      if (paid.gte(parseMoney(instalment.amount))) {
        paid = paid.minus(parseMoney(instalment.amount));
        return false;
      }
      return true;
    });
    const first = (open ?? instalments.at(-1))?.dueDate as LegalDate;
    return { startsOn: first, line: `Time runs from ${first}: ${regime.instalmentRule} (payments settle the oldest instalments first); ${regime.dateRule}.` };
  }
  if (facts.dueDate) return { startsOn: facts.dueDate, line: `Time runs from the due date ${facts.dueDate}; ${regime.dateRule}.` };
  if (!regime.startFromDemand) return { startsOn: null, line: 'No due date is recorded: set the date the cause of action accrued (dueDate); until then the period cannot be computed.' };
  const demand = candidates.find((candidate) => candidate.type === 'demand');
  if (!demand) return { startsOn: null, line: `No agreed due date and no demand yet: time has not started (${regime.startFromDemand}).` };
  const startsOn = demand.graceUntil ?? demand.date;
  const grace = demand.graceUntil ? `the grace period it gave ends on ${demand.graceUntil}` : 'it gave no grace period, so time is taken to run from the demand itself (the earliest possible start)';
  return { startsOn, demand, line: `No agreed due date: the first demand is dated ${demand.date} and ${grace} (${regime.startFromDemand.replace(/^without an agreed due date, /, '')}); ${regime.dateRule}.` };
}

function laterOf(a: LegalDate, b: LegalDate): LegalDate {
  return a > b ? a : b;
}
