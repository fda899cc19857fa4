import { describe, expect, it } from 'vitest';
import { HOLIDAY_CALENDARS } from './calendar';

describe('shipped holiday calendars (README, Limitation: update them yearly)', () => {
  it.each(Object.values(HOLIDAY_CALENDARS).map((calendar) => [calendar.calendar, calendar] as const))('%s covers next year, relative to the clock', (_id, calendar) => {
    // Prepare: the real clock, on purpose: this test fails when the yearly update is due.
    const today = new Date().toISOString().slice(0, 10);
    const nextYear = Number(today.slice(0, 4)) + 1;
    // Act: a missing next year is accepted only while the source is known not to have it yet, until a stated day.
    const waived = calendar.awaitingYear !== undefined && calendar.awaitingYear.year === nextYear && today <= calendar.awaitingYear.until;
    // Assess
    expect(calendar.lastYear >= nextYear || waived, `the ${calendar.calendar} holiday calendar ends in ${calendar.lastYear}: add ${nextYear} (README, Limitation)`).toBe(true);
    expect(calendar.source.length).toBeGreaterThan(20);
    expect(Object.keys(calendar.holidays).every((date) => Number(date.slice(0, 4)) >= calendar.firstYear && Number(date.slice(0, 4)) <= calendar.lastYear)).toBe(true);
  });
});
