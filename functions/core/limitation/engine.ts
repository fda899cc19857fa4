import Decimal from 'decimal.js';
import { addMonths, addYears, daysBetween, type LegalDate } from '../legal-date';
import { formatMoney, parseMoney } from '../money';
import { HOLIDAY_CALENDARS, lastWorkingDay } from './calendar';
import { type Candidate, documentDateWarnings, gatherCandidates } from './evidence';
import { type Regime, REGIMES } from './regimes';
import type { EventEffect, InstalmentPeriod, LimitationFacts, LimitationResult, LimitationSnapshot, LimitationStatus, LimitationTimeline, WeighedEvent } from './types';

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
 * the passing of time changes is left to {@link limitationOn}. Where instalments accrue
 * separately (GB-EAW, US-NY) every unpaid instalment gets a period of its own; the one shown in
 * full is the earliest unpaid instalment's.
 */
export function limitationTimeline(facts: LimitationFacts): LimitationTimeline {
  const regime = REGIMES[facts.jurisdiction];
  const candidates = gatherCandidates(facts);
  const documentWarnings = documentDateWarnings(facts.documents);
  const instalments = [...(facts.installments ?? [])].sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  if (instalments.length === 0 || regime.instalments === 'last') return { ...runPeriod(regime, startOf(facts, regime, candidates), candidates), documentWarnings };

  // Payments settle the oldest instalments first.
  let paid = facts.payments.reduce((sum, payment) => sum.plus(parseMoney(payment.amount)), new Decimal(0));
  const unpaid = instalments.flatMap((instalment) => {
    const amount = parseMoney(instalment.amount);
    const settled = Decimal.min(paid, amount);
    paid = paid.minus(settled);
    return amount.gt(settled) ? [{ ...instalment, unpaid: amount.minus(settled) }] : [];
  });
  const line = (dueDate: LegalDate) => `Time runs from ${dueDate}: ${regime.instalmentRule} (payments settle the oldest instalments first); ${regime.dateRule}.`;
  if (unpaid.length === 0) {
    const last = instalments.at(-1)?.dueDate as LegalDate;
    return { ...runPeriod(regime, { startsOn: last, line: `Every instalment is paid; shown from the last, due ${last}. ${line(last)}` }, candidates), documentWarnings, instalments: [] };
  }
  const runs = unpaid.map((instalment) => ({ instalment, run: runPeriod(regime, { startsOn: instalment.dueDate, line: line(instalment.dueDate) }, candidates) }));
  const first = runs[0]?.run as PeriodRun;
  const periods: InstalmentPeriod[] = runs.map(({ instalment, run }) => ({ dueDate: instalment.dueDate, amount: formatMoney(parseMoney(instalment.amount)), unpaid: formatMoney(instalment.unpaid), expiresOn: run.expiresOn }));
  const explanation = [
    ...first.explanation,
    `Each instalment accrues separately (${regime.instalmentRule}): ${periods.map((p) => `due ${p.dueDate}, unpaid ${p.unpaid}, ${p.expiresOn ? `last day ${p.expiresOn}` : 'no last day while the claim is pending'}`).join('; ')}.`,
  ];
  return { ...first, explanation, documentWarnings, instalments: periods };
}

type PeriodRun = Omit<LimitationTimeline, 'documentWarnings' | 'instalments'>;

/** One period from its start, every candidate weighed against it. */
function runPeriod(regime: Regime, start: Start, candidates: readonly Candidate[]): PeriodRun {
  const explanation = [`Regime ${regime.id} (${regime.name}): ${regime.period}.`, start.line];
  const events: WeighedEvent[] = [];
  const weigh = (candidate: Candidate, counted: boolean, effect: EventEffect, reason: string) => {
    const { graceUntil: _grace, promisedDate: _promised, ...event } = candidate;
    events.push({ ...event, counted, effect, reason });
  };

  const startsOn = start.startsOn;
  if (startsOn === null) {
    for (const candidate of candidates) weigh(candidate, false, 'none', `${candidate.reason}; time has not started to run`);
    return { regime: regime.id, startsOn: null, expiresOn: null, longStopOn: null, endsByLongStop: false, revived: false, openObstacleSince: null, claimBroughtOn: null, events, explanation };
  }

  // Claims that arose under the old law run for its shorter period until the change (CN: GPCL Art. 135).
  const transition = regime.transition && startsOn < regime.transition.until ? regime.transition : undefined;
  const yearsFrom = (date: LegalDate) => (transition && date < transition.until ? transition.years : regime.years);
  const longStopOn = regime.longStopYears === null ? null : addYears(startsOn, regime.longStopYears);
  const cap = (date: LegalDate) => (longStopOn !== null && date > longStopOn ? longStopOn : date);
  let periodStart = startsOn;
  let expiry = addYears(startsOn, yearsFrom(startsOn));
  explanation.push(transition ? `Under the old law (${transition.period}) the ${transition.years}-year period ends on ${expiry}.` : `The ${regime.years}-year period ends on ${expiry}.`);
  let obstacles: Array<{ start: LegalDate; end: LegalDate }> = [];
  let openObstacle: LegalDate | null = null;
  let revived = false;
  let claimBroughtOn: LegalDate | null = null;
  let transitioned = transition === undefined;

  // The last day given the obstacles that have ended, capped by the long stop and moved off holidays (Art. 203).
  const endNow = () => lastWorkingDay(regime.id, cap(endWithObstacles(expiry, obstacles))).lastDay;
  const ended = (date: LegalDate) => {
    if (longStopOn !== null && date > lastWorkingDay(regime.id, longStopOn).lastDay) return true;
    const end = endNow();
    // An obstacle still open within the period keeps it from ending (Art. 194).
    return !(openObstacle !== null && openObstacle <= end) && date > end;
  };
  const restartFrom = (candidate: Candidate) => (regime.promisedDate && candidate.promisedDate && candidate.promisedDate > candidate.date ? candidate.promisedDate : candidate.date);
  const promiseText = (candidate: Candidate, from: LegalDate) => (from !== candidate.date ? `; ${regime.promisedDate} (${from})` : '');
  const applyTransition = () => {
    if (transitioned || !transition) return;
    transitioned = true;
    const end = endWithObstacles(expiry, obstacles);
    if (end < transition.until) {
      explanation.push(`The ${transition.years}-year period ended on ${end}, before ${transition.until}: the claim stays barred (${transition.rule}).`);
    } else {
      expiry = addYears(periodStart, regime.years);
      explanation.push(`On ${transition.until} the ${transition.years}-year period (to ${end}) was still running: it becomes ${regime.years} years from ${periodStart} and ends on ${cap(expiry)} (${transition.rule}).`);
    }
  };

  for (const candidate of candidates) {
    const { type, date } = candidate;
    if (transition && date >= transition.until) applyTransition();
    if (candidate === start.demand) {
      if (candidate.proved) weigh(candidate, true, 'start', `${regime.startFromDemand}; this demand sets the start on ${startsOn}`);
      else weigh(candidate, false, 'start', `not counted: ${candidate.reason}; an unproved demand only sets the earliest possible start, ${startsOn}, so that the last day is never later than it may be`);
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
    if (type === 'proceedings_ended') {
      if (claimBroughtOn === null) {
        weigh(candidate, false, 'none', `${candidate.reason}; not counted: no suit, arbitration or payment order brought in time precedes it, so there are no proceedings to end`);
        continue;
      }
      const { effect, basis } = regime.proceedingsEnded;
      claimBroughtOn = null;
      if (effect === 'restart') {
        periodStart = date;
        expiry = addYears(date, yearsFrom(date));
        obstacles = [];
        weigh(candidate, true, 'proceedings_ended', `${candidate.reason}: ${basis}; a new ${yearsFrom(date)}-year period runs from ${date} and ends on ${cap(expiry)}`);
        explanation.push(`${date} proceedings_ended: ${basis}. The period now ends on ${cap(expiry)}.`);
      } else {
        weigh(candidate, true, 'proceedings_ended', `${candidate.reason}: ${basis}; the period ends on ${endNow()}`);
        explanation.push(`${date} proceedings_ended: ${basis}.`);
      }
      continue;
    }
    if (claimBroughtOn !== null) {
      weigh(candidate, true, 'none', `${candidate.reason}; no effect: a claim was brought on ${claimBroughtOn} and the period no longer runs`);
      continue;
    }

    const restart = regime.restarts[type];
    const proceedings = regime.proceedings[type];
    if (restart) {
      const from = restartFrom(candidate);
      if (date < startsOn) {
        weigh(candidate, false, 'none', `${candidate.reason}; not counted: dated before the debt fell due on ${startsOn}, and only a running period can be interrupted`);
      } else if (!ended(date)) {
        periodStart = from;
        expiry = addYears(from, yearsFrom(from));
        weigh(candidate, true, 'interruption', `${candidate.reason}: ${restart}${promiseText(candidate, from)}; a new ${yearsFrom(from)}-year period runs from ${from} and ends on ${cap(expiry)}`);
        explanation.push(`${date} ${type}: ${restart} interrupts; the period now ends on ${cap(expiry)}.`);
      } else if (regime.revives[type] && !(longStopOn !== null && date > longStopOn)) {
        periodStart = from;
        expiry = addYears(from, regime.years);
        revived = true;
        weigh(candidate, true, 'revival', `${candidate.reason}: ${regime.revives[type]}${promiseText(candidate, from)}; a new ${regime.years}-year period runs from ${from} and ends on ${cap(expiry)}`);
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
  applyTransition();

  const end = endWithObstacles(expiry, obstacles);
  const endsByLongStop = longStopOn !== null && end >= longStopOn;
  const outcome = lastWorkingDay(regime.id, cap(end));
  if (longStopOn !== null) explanation.push(`Long stop: ${regime.longStopYears} years from ${startsOn} (${regime.longStop}): ${longStopOn}.`);
  if (claimBroughtOn === null) {
    explanation.push(endsByLongStop ? `The period ends by the long stop on ${longStopOn}.` : `The period ends on ${cap(end)}.`);
    if (outcome.kind === 'moved') {
      const days = [...new Set(outcome.closed.map((day) => day.why))].join(', ');
      explanation.push(`The last day ${outcome.nominal} is not a working day (${days}): the period ends on the next working day, ${outcome.lastDay} (${regime.holidayRule}).`);
    }
  }
  if (openObstacle !== null) explanation.push(`An obstacle open since ${openObstacle} suspends the period once it lasts into the last six months (from ${addMonths(cap(end), -6)}); record its end (suspension_end) when it is removed.`);
  return {
    regime: regime.id,
    startsOn,
    expiresOn: claimBroughtOn === null ? outcome.lastDay : null,
    longStopOn,
    endsByLongStop,
    revived,
    openObstacleSince: openObstacle,
    claimBroughtOn,
    ...(claimBroughtOn === null && outcome.kind !== 'working_day' ? { lastDay: { nominal: cap(end), kind: outcome.kind } } : {}),
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
  const calendar = HOLIDAY_CALENDARS[timeline.regime];
  const explanation = [...timeline.explanation];
  const warnings: string[] = [];
  let expiresOn = timeline.expiresOn;
  let status: LimitationStatus;

  // Instalments accruing separately: the next last day is that of the earliest instalment not yet barred.
  const instalments = timeline.instalments?.map((period) => ({
    ...period,
    status: (period.expiresOn === null ? 'suspended' : today > period.expiresOn ? 'expired' : 'running') as 'expired' | 'running' | 'suspended',
  }));
  const open = instalments?.filter((period) => period.status !== 'expired') ?? [];
  const barred = instalments?.filter((period) => period.status === 'expired') ?? [];
  const sum = (periods: typeof open) => periods.reduce((total, period) => total.plus(parseMoney(period.unpaid)), new Decimal(0));
  const claimable = instalments && instalments.length > 0 ? { amount: formatMoney(sum(open)), barred: formatMoney(sum(barred)) } : undefined;
  if (instalments && instalments.length > 0 && timeline.claimBroughtOn === null) expiresOn = open[0]?.expiresOn ?? barred.at(-1)?.expiresOn ?? expiresOn;

  if (timeline.startsOn === null) {
    status = 'not_started';
  } else if (timeline.claimBroughtOn !== null) {
    status = 'suspended';
    explanation.push(`A claim was brought on ${timeline.claimBroughtOn}: the period no longer runs against it.`);
  } else if (timeline.longStopOn !== null && today > timeline.longStopOn && today > (expiresOn ?? timeline.longStopOn)) {
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
  if (claimable && barred.length > 0 && open.length > 0 && timeline.claimBroughtOn === null) {
    status = 'partly_expired';
    explanation.push(
      `Partly expired: ${barred.map((period) => `the instalment due ${period.dueDate} (${period.unpaid}) was barred on ${period.expiresOn}`).join('; ')}; ${claimable.amount} may still be claimed, and the next last day is ${expiresOn} (${regime.period}).`,
    );
  }

  const unknown = timeline.lastDay?.kind === 'calendar_unknown' && expiresOn === timeline.lastDay.nominal;
  if (expiresOn !== null && unknown) {
    warnings.push(
      `calendar unknown: the last day ${expiresOn} lies in ${expiresOn.slice(0, 4)}, which the ${calendar.calendar} holiday calendar (${calendar.firstYear}–${calendar.lastYear}) does not cover; it is not moved even if it is a holiday or rest day (${regime.holidayRule}): act by ${expiresOn}`,
    );
  }
  const documentWarnings = timeline.documentWarnings ?? [];
  warnings.push(...documentWarnings.map((entry) => entry.warning));
  return {
    regime: timeline.regime,
    status,
    startsOn: timeline.startsOn,
    expiresOn,
    longStopOn: timeline.longStopOn,
    daysLeft: expiresOn === null ? null : daysBetween(today, expiresOn),
    events: timeline.events,
    explanation,
    holidayCalendar: {
      calendar: calendar.calendar,
      source: calendar.source,
      firstYear: calendar.firstYear,
      lastYear: calendar.lastYear,
      lastDay: expiresOn === null ? 'none' : unknown ? 'calendar_unknown' : timeline.lastDay?.kind === 'moved' && expiresOn === timeline.expiresOn ? 'moved' : 'working_day',
    },
    warnings,
    needsAttention: needsAttention(timeline, expiresOn),
    ...(instalments ? { instalments } : {}),
    ...(claimable ? { claimable } : {}),
    documentWarnings,
  };
}

/**
 * Why a debt has no computable last day, and what to record; null when it has one. Such debts
 * are listed by `GET /v1/limitation/expiring` and the limitation scan, so none drops out of sight.
 *
 * @example
 * needsAttention({ ...snapshot, startsOn: null, expiresOn: null }, null) // 'no computable last day: …'
 */
export function needsAttention(timeline: LimitationSnapshot, expiresOn: LegalDate | null): string | null {
  if (timeline.startsOn === null) return 'no computable last day: no due date is recorded (and, in CN, no demand yet): set the due date or record the demand';
  if (timeline.claimBroughtOn !== null)
    return `no computable last day: a claim was brought on ${timeline.claimBroughtOn} and no end of the proceedings is recorded; when it is withdrawn, dismissed without a judgment on the merits or the payment order lapses, record proceedings_ended with the ruling (Civil Code Art. 195; SPC Limitation Provisions Arts. 10, 11)`;
  if (expiresOn === null) return `no computable last day: suspended by an obstacle open since ${timeline.openObstacleSince}; record suspension_end when it is removed (Civil Code Art. 194)`;
  return null;
}

/** The part of a timeline kept with the debt. */
export function snapshotOf(timeline: LimitationTimeline): LimitationSnapshot {
  const { events: _events, explanation: _explanation, documentWarnings: _warnings, ...snapshot } = timeline;
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

interface Start {
  startsOn: LegalDate | null;
  line: string;
  demand?: Candidate;
}

function startOf(facts: LimitationFacts, regime: Regime, candidates: readonly Candidate[]): Start {
  const instalments = facts.installments ?? [];
  if (instalments.length > 0) {
    const last = [...instalments.map((i) => i.dueDate), ...(facts.dueDate ? [facts.dueDate] : [])].sort().at(-1) as LegalDate;
    return { startsOn: last, line: `Time runs from ${last}: ${regime.instalmentRule}; ${regime.dateRule}.` };
  }
  if (facts.dueDate) return { startsOn: facts.dueDate, line: `Time runs from the due date ${facts.dueDate}; ${regime.dateRule}.` };
  if (!regime.startFromDemand) return { startsOn: null, line: 'No due date is recorded: set the date the cause of action accrued (dueDate); until then the period cannot be computed.' };
  // The earliest demand sets the start, proved or not: an unproved one only as the earliest possible start.
  const demand = candidates.find((candidate) => candidate.type === 'demand');
  if (!demand) return { startsOn: null, line: `No agreed due date and no demand yet: time has not started (${regime.startFromDemand}).` };
  const startsOn = demand.graceUntil ?? demand.date;
  const grace = demand.graceUntil ? `the grace period it gave ends on ${demand.graceUntil}` : 'it gave no grace period, so time is taken to run from the demand itself (the earliest possible start)';
  return { startsOn, demand, line: `No agreed due date: the first demand is dated ${demand.date} and ${grace} (${regime.startFromDemand.replace(/^without an agreed due date, /, '')}); ${regime.dateRule}.` };
}

function laterOf(a: LegalDate, b: LegalDate): LegalDate {
  return a > b ? a : b;
}
