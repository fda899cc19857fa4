import type { Jurisdiction } from '../debt';
import cnData from '../data/holidays-cn.json' with { type: 'json' };
import gbData from '../data/holidays-gb-eaw.json' with { type: 'json' };
import nyData from '../data/holidays-us-ny.json' with { type: 'json' };
import { addDays, type LegalDate, weekday } from '../legal-date';

/**
 * A shipped holiday calendar (functions/core/data/holidays-*.json): the days a last day may not
 * fall on, for the years it covers. Never fetched at run time; updated yearly (README, Limitation).
 */
export interface HolidayCalendar {
  calendar: Jurisdiction;
  name: string;
  source: string;
  firstYear: number;
  lastYear: number;
  /** Days off besides ordinary weekends (with the weekend days inside a holiday block). */
  holidays: Readonly<Record<LegalDate, string>>;
  /** Weekend days that are working days (CN 调休). */
  workdays?: Readonly<Record<LegalDate, string>>;
  /** The next year, while the source does not have it yet: until when that is accepted. */
  awaitingYear?: { year: number; until: LegalDate; note: string };
}

export const HOLIDAY_CALENDARS: Record<Jurisdiction, HolidayCalendar> = {
  CN: cnData as HolidayCalendar,
  'GB-EAW': gbData as HolidayCalendar,
  'US-NY': nyData as HolidayCalendar,
};

/** What the calendar makes of a last day. */
export type LastDayOutcome =
  /** A working day (CN) or a day the courts are open: the period ends on it. */
  | { kind: 'working_day'; lastDay: LegalDate }
  /** A holiday or rest day: the period ends on `lastDay`, the first working day after it. */
  | { kind: 'moved'; nominal: LegalDate; lastDay: LegalDate; closed: Array<{ date: LegalDate; why: string }> }
  /** The calendar does not cover the year: the day is kept as it is, never guessed. */
  | { kind: 'calendar_unknown'; lastDay: LegalDate; year: number };

/**
 * The last day of a period once holidays are taken into account: a last day on a statutory
 * holiday or rest day moves to the next working day (CN Civil Code Art. 203, with the State
 * Council's make-up working days; GB-EAW CPR 2.8(5); US-NY General Construction Law § 25-a).
 * A day in a year the calendar does not cover is returned unmoved as `calendar_unknown`.
 *
 * @example
 * lastWorkingDay('CN', '2024-10-01') // { kind: 'moved', nominal: '2024-10-01', lastDay: '2024-10-08', closed: [7 days] }
 * lastWorkingDay('CN', '2024-09-29').kind // 'working_day': a 调休 Sunday
 */
export function lastWorkingDay(jurisdiction: Jurisdiction, date: LegalDate): LastDayOutcome {
  const calendar = HOLIDAY_CALENDARS[jurisdiction];
  const closed: Array<{ date: LegalDate; why: string }> = [];
  let day = date;
  for (;;) {
    const year = Number(day.slice(0, 4));
    if (year < calendar.firstYear || year > calendar.lastYear) return { kind: 'calendar_unknown', lastDay: date, year };
    const why = closedBecause(calendar, day);
    if (why === undefined) break;
    closed.push({ date: day, why });
    day = addDays(day, 1);
  }
  return closed.length === 0 ? { kind: 'working_day', lastDay: date } : { kind: 'moved', nominal: date, lastDay: day, closed };
}

/** Why the day is not a working day, or undefined when it is one. */
function closedBecause(calendar: HolidayCalendar, date: LegalDate): string | undefined {
  const holiday = calendar.holidays[date];
  if (holiday) return holiday;
  if (calendar.workdays?.[date]) return undefined;
  const day = weekday(date);
  return day === 0 ? 'Sunday' : day === 6 ? 'Saturday' : undefined;
}
