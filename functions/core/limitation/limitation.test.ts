import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears } from '../legal-date';
import { computeLimitation, limitationOn, limitationTimeline, snapshotOf } from './engine';
import type { EvidenceFacts, LimitationFacts, LimitationResult, RecordedLimitationEvent, RecordedPayment } from './types';
import { limitationWarningsDue } from './warnings';

/** Today in every case unless a case says otherwise (Shanghai). */
const TODAY = '2026-11-29';

function facts(partial: Partial<LimitationFacts>): LimitationFacts {
  return { jurisdiction: 'CN', timeZone: 'Asia/Shanghai', events: [], payments: [], documents: [], ...partial };
}
const document = (id: string, type: EvidenceFacts['type'], extra: Partial<EvidenceFacts> = {}): EvidenceFacts => ({ id, type, status: 'active', uploadedAt: '2026-01-05T03:00:00.000Z', ...extra });
/** A debtor's sealed e-signature at noon Shanghai time on `date`. */
const sealedOn = (date: string) => ({ signedByDebtor: { method: 'sealed' as const, at: `${date}T04:00:00.000Z` } });
const slip = (id: string) => document(id, 'payment_record');
const paid = (id: string, date: string, documentId?: string): RecordedPayment => ({ id, amount: '100.00', date, ...(documentId ? { documentId } : {}) });
const event = (id: string, type: RecordedLimitationEvent['type'], date: string, extra: Partial<RecordedLimitationEvent> = {}): RecordedLimitationEvent => ({ id, type, date, ...extra });

interface Case {
  name: string;
  facts: LimitationFacts;
  today?: string;
  expect: Partial<Pick<LimitationResult, 'status' | 'startsOn' | 'expiresOn' | 'longStopOn' | 'daysLeft'>>;
  /** Events by source id: [counted, effect], and a pattern the reason must match. */
  events?: Record<string, [boolean, string, RegExp?]>;
  explains?: RegExp[];
}

const CASES: Case[] = [
  {
    name: 'due 2021-06-30, no events: expired; the last day 2024-06-30 is a Sunday, so it ends on Monday 2024-07-01 (Arts. 188, 201, 202, 203)',
    facts: facts({ dueDate: '2021-06-30' }),
    expect: { status: 'expired', startsOn: '2021-06-30', expiresOn: '2024-07-01', longStopOn: '2041-06-30', daysLeft: -881 },
    explains: [/Art\. 188/, /Art\. 201/, /Art\. 202/, /2024-06-30 is not a working day \(Sunday\).*2024-07-01.*Art\. 203/, /Expired on 2024-07-01/],
  },
  {
    name: 'a part payment on 2024-01-15 with its bank slip: last day 2027-01-15',
    facts: facts({ dueDate: '2021-06-30', payments: [paid('pay-1', '2024-01-15', 'slip-1')], documents: [slip('slip-1')] }),
    expect: { status: 'expiring', expiresOn: '2027-01-15', daysLeft: 47 },
    events: { 'pay-1': [true, 'interruption', /Art\. 195\(2\).*SPC Limitation Provisions Art\. 14.*ends on 2027-01-15/] },
  },
  {
    name: 'a payment without its record is listed, not counted',
    facts: facts({ dueDate: '2021-06-30', payments: [paid('pay-1', '2024-01-15')] }),
    expect: { status: 'expired', expiresOn: '2024-07-01' },
    events: { 'pay-1': [false, 'none', /no payment record/] },
  },
  {
    name: 'an invoice is no proof of payment',
    facts: facts({ dueDate: '2021-06-30', payments: [paid('pay-1', '2024-01-15', 'inv-1')], documents: [document('inv-1', 'invoice')] }),
    expect: { expiresOn: '2024-07-01' },
    events: { 'pay-1': [false, 'none', /payment record.*an invoice is not/] },
  },
  {
    name: 'a void bank slip never counts',
    facts: facts({ dueDate: '2021-06-30', payments: [paid('pay-1', '2024-01-15', 'slip-1')], documents: [document('slip-1', 'payment_record', { status: 'void', voidReason: 'wrong debtor' })] }),
    expect: { expiresOn: '2024-07-01' },
    events: { 'pay-1': [false, 'none', /void \(wrong debtor\)/] },
  },
  {
    name: 'a demand without proof of delivery is listed, not counted, with the reason',
    facts: facts({ dueDate: '2022-06-30', events: [event('ev-1', 'demand', '2025-01-10', { documentId: 'letter-1' })], documents: [document('letter-1', 'demand_letter')] }),
    expect: { expiresOn: '2025-06-30', status: 'expired' },
    events: { 'ev-1': [false, 'none', /no proof that the demand letter reached the debtor.*delivery_proof.*SPC Limitation Provisions Art\. 8/] },
  },
  {
    name: 'a demand letter with its proof of delivery interrupts from the day it arrived',
    facts: facts({
      dueDate: '2022-06-30',
      events: [event('ev-1', 'demand', '2025-01-10', { documentId: 'letter-1', deliveryProofId: 'ems-1' })],
      documents: [document('letter-1', 'demand_letter'), document('ems-1', 'delivery_proof', { documentDate: '2025-01-13' })],
    }),
    expect: { expiresOn: '2028-01-13', status: 'running' },
    events: { 'ev-1': [true, 'interruption', /reached the debtor \(SPC Limitation Provisions Art\. 8\(2\)\).*Art\. 195\(1\)/] },
  },
  {
    name: 'a visit record signed by the debtor is a demand (SPC Art. 8), dated by its seal',
    facts: facts({ dueDate: '2022-06-30', documents: [document('visit-1', 'visit_record', sealedOn('2025-03-03'))] }),
    expect: { expiresOn: '2028-03-03' },
    events: { 'visit-1': [true, 'interruption', /sealed e-signature/] },
  },
  {
    name: 'an unsigned visit record is listed, not counted',
    facts: facts({ dueDate: '2022-06-30', documents: [document('visit-1', 'visit_record', { documentDate: '2025-03-03' })] }),
    expect: { expiresOn: '2025-06-30' },
    events: { 'visit-1': [false, 'none', /not signed by the debtor/] },
  },
  {
    name: 'a confirmed scan without a date cannot be placed in time',
    facts: facts({ dueDate: '2022-06-30', documents: [document('ack-1', 'acknowledgement', { signedByDebtor: { method: 'confirmed_scan', at: '2025-03-03T04:00:00.000Z', confirmedBy: 'legal-1' } })] }),
    expect: { expiresOn: '2025-06-30' },
    events: { 'ack-1': [false, 'none', /no date: set its documentDate/] },
  },
  {
    name: 'an acknowledgement event takes effect when the debtor signed, not before',
    facts: facts({ dueDate: '2022-06-30', events: [event('ev-1', 'acknowledgement', '2025-03-01', { documentId: 'ack-1' })], documents: [document('ack-1', 'acknowledgement', sealedOn('2025-03-04'))] }),
    expect: { expiresOn: '2028-03-04' },
    events: { 'ev-1': [true, 'interruption'] },
  },
  {
    name: 'an event without any document is listed, not counted',
    facts: facts({ dueDate: '2022-06-30', events: [event('ev-1', 'acknowledgement', '2025-03-01')] }),
    expect: { expiresOn: '2025-06-30' },
    events: { 'ev-1': [false, 'none', /no evidence document/] },
  },
  {
    name: 'payments every two years from 2007 on a debt due 2005-01-10: expired by the 20-year long stop on 2025-01-10',
    facts: facts({
      dueDate: '2005-01-10',
      payments: Array.from({ length: 9 }, (_, i) => paid(`pay-${2007 + 2 * i}`, `${2007 + 2 * i}-01-10`, `slip-${i}`)),
      documents: Array.from({ length: 9 }, (_, i) => slip(`slip-${i}`)),
    }),
    expect: { status: 'expired', expiresOn: '2025-01-10', longStopOn: '2025-01-10' },
    events: { 'pay-2023': [true, 'interruption', /ends on 2025-01-10/] },
    explains: [/Long stop: 20 years from 2005-01-10.*Art\. 188\(2\).*Art\. 35/, /ends by the long stop on 2025-01-10/, /long stop passed/],
  },
  {
    name: 'CN: a signed acknowledgement after expiry revives the claim (Art. 192(2))',
    facts: facts({ dueDate: '2020-03-01', events: [event('ev-1', 'acknowledgement', '2026-10-10', { documentId: 'ack-1' })], documents: [document('ack-1', 'acknowledgement', sealedOn('2026-10-10'))] }),
    expect: { status: 'revived', expiresOn: '2029-10-10' },
    events: { 'ev-1': [true, 'revival', /Art\. 192\(2\).*SPC Limitation Provisions Art\. 19/] },
  },
  {
    name: 'CN: a part payment after expiry does not revive',
    facts: facts({ dueDate: '2020-03-01', payments: [paid('pay-1', '2026-10-10', 'slip-1')], documents: [slip('slip-1')] }),
    expect: { status: 'expired', expiresOn: '2023-03-01' },
    events: { 'pay-1': [true, 'none', /only the debtor's signed agreement to pay revives/] },
  },
  {
    name: 'GB-EAW: the same acknowledgement after expiry does not revive (s.29(7))',
    facts: facts({ jurisdiction: 'GB-EAW', dueDate: '2020-03-01', events: [event('ev-1', 'acknowledgement', '2026-10-10', { documentId: 'ack-1' })], documents: [document('ack-1', 'acknowledgement', sealedOn('2026-10-10'))] }),
    expect: { status: 'expired', expiresOn: '2026-03-02', longStopOn: null },
    events: { 'ev-1': [true, 'none', /s\.29\(7\)/] },
  },
  {
    name: 'GB-EAW: a signed acknowledgement in time restarts six years (ss.29(5), 30)',
    facts: facts({ jurisdiction: 'GB-EAW', dueDate: '2020-03-01', events: [event('ev-1', 'acknowledgement', '2025-10-10', { documentId: 'ack-1' })], documents: [document('ack-1', 'acknowledgement', sealedOn('2025-10-10'))] }),
    expect: { status: 'running', expiresOn: '2031-10-10' },
    events: { 'ev-1': [true, 'interruption', /ss\.29\(5\), 30/] },
  },
  {
    name: 'GB-EAW: a demand does not restart time',
    facts: facts({ jurisdiction: 'GB-EAW', dueDate: '2020-03-01', documents: [document('visit-1', 'visit_record', sealedOn('2025-03-03'))] }),
    expect: { expiresOn: '2026-03-02' },
    events: { 'visit-1': [false, 'none', /a demand does not restart time/] },
  },
  {
    name: 'US-NY: a signed written acknowledgement revives a barred debt (GOL 17-101)',
    facts: facts({ jurisdiction: 'US-NY', dueDate: '2020-03-01', events: [event('ev-1', 'acknowledgement', '2026-10-10', { documentId: 'ack-1' })], documents: [document('ack-1', 'acknowledgement', sealedOn('2026-10-10'))] }),
    expect: { status: 'revived', expiresOn: '2032-10-10' },
    events: { 'ev-1': [true, 'revival', /17-101/] },
  },
  {
    name: 'US-NY: a part payment after expiry does not revive',
    facts: facts({ jurisdiction: 'US-NY', dueDate: '2020-03-01', payments: [paid('pay-1', '2026-10-10', 'slip-1')], documents: [slip('slip-1')] }),
    expect: { status: 'expired', expiresOn: '2026-03-02' },
    events: { 'pay-1': [false, 'none', /GOL|General Obligations Law § 17-101/] },
  },
  {
    name: 'US-NY: a bare part payment in time does not restart either (GOL 17-101; Lew Morris)',
    facts: facts({ jurisdiction: 'US-NY', dueDate: '2021-01-04', payments: [paid('pay-1', '2026-10-10', 'slip-1')], documents: [slip('slip-1')] }),
    expect: { status: 'expiring', expiresOn: '2027-01-04' },
    events: { 'pay-1': [false, 'none', /unqualified acknowledgment.*bank slip alone does not/] },
  },
  {
    name: 'suspension: an obstacle in the last six months ends the period six months after it ends (Art. 194)',
    facts: facts({
      dueDate: '2023-12-31',
      events: [event('s-1', 'suspension_start', '2026-08-01', { documentId: 'notice-1' }), event('s-2', 'suspension_end', '2026-09-15')],
      documents: [document('notice-1', 'correspondence')],
    }),
    expect: { status: 'running', expiresOn: '2027-03-15' },
    events: { 's-1': [true, 'suspension_start', /Art\. 194/], 's-2': [true, 'suspension_end', /2027-03-15/] },
  },
  {
    name: 'suspension: an obstacle that began earlier and lasted into the last six months counts too',
    facts: facts({
      dueDate: '2023-12-31',
      events: [event('s-1', 'suspension_start', '2026-03-01', { documentId: 'notice-1' }), event('s-2', 'suspension_end', '2026-08-01')],
      documents: [document('notice-1', 'correspondence')],
    }),
    expect: { expiresOn: '2027-02-01', status: 'expiring' },
  },
  {
    name: 'suspension: an obstacle over before the last six months changes nothing',
    facts: facts({
      dueDate: '2023-12-31',
      events: [event('s-1', 'suspension_start', '2025-01-01', { documentId: 'notice-1' }), event('s-2', 'suspension_end', '2025-03-01')],
      documents: [document('notice-1', 'correspondence')],
    }),
    expect: { expiresOn: '2026-12-31' },
    events: { 's-2': [true, 'none', /ended before the last six months/] },
  },
  {
    name: 'suspension: an obstacle still open in the last six months suspends the period',
    facts: facts({ dueDate: '2023-12-31', events: [event('s-1', 'suspension_start', '2026-08-01', { documentId: 'notice-1' })], documents: [document('notice-1', 'correspondence')] }),
    expect: { status: 'suspended', expiresOn: null, daysLeft: null },
    explains: [/Suspended since 2026-08-01/],
  },
  {
    name: 'suspension: an open obstacle before the last six months does not suspend yet',
    facts: facts({ dueDate: '2023-12-31', events: [event('s-1', 'suspension_start', '2026-01-10', { documentId: 'notice-1' })], documents: [document('notice-1', 'correspondence')] }),
    today: '2026-06-29',
    expect: { status: 'running', expiresOn: '2026-12-31' },
  },
  {
    name: 'suspension: the same obstacle suspends once the last six months begin',
    facts: facts({ dueDate: '2023-12-31', events: [event('s-1', 'suspension_start', '2026-01-10', { documentId: 'notice-1' })], documents: [document('notice-1', 'correspondence')] }),
    today: '2026-06-30',
    expect: { status: 'suspended', expiresOn: null },
  },
  {
    name: 'suspension: the start of an obstacle needs a document; its end does not',
    facts: facts({ dueDate: '2023-12-31', events: [event('s-1', 'suspension_start', '2026-08-01'), event('s-2', 'suspension_end', '2026-09-15')] }),
    expect: { expiresOn: '2026-12-31' },
    events: { 's-1': [false, 'none', /no evidence document/], 's-2': [false, 'none', /no obstacle is open/] },
  },
  {
    name: 'suspension is not modelled for GB-EAW',
    facts: facts({ jurisdiction: 'GB-EAW', dueDate: '2020-12-31', events: [event('s-1', 'suspension_start', '2026-08-01', { documentId: 'notice-1' })], documents: [document('notice-1', 'correspondence')] }),
    expect: { expiresOn: '2026-12-31', status: 'expiring' },
    events: { 's-1': [false, 'none', /not modelled/] },
  },
  {
    name: 'leap day: due 2024-02-29 ends 2027-02-28 (no 29th: last day of the month)',
    facts: facts({ dueDate: '2024-02-29' }),
    expect: { expiresOn: '2027-02-28', longStopOn: '2044-02-29', status: 'running' },
  },
  {
    name: 'leap day: GB-EAW counts six years from 2024-02-29 to 2030-02-28',
    facts: facts({ jurisdiction: 'GB-EAW', dueDate: '2024-02-29' }),
    expect: { expiresOn: '2030-02-28', longStopOn: null },
  },
  {
    name: 'leap day: an interruption on 2028-02-29 ends 2031-02-28',
    facts: facts({ dueDate: '2025-06-30', payments: [paid('pay-1', '2028-02-29', 'slip-1')], documents: [slip('slip-1')] }),
    today: '2028-03-01',
    expect: { expiresOn: '2031-02-28', status: 'running' },
    events: { 'pay-1': [true, 'interruption', /ends on 2031-02-28/] },
  },
  {
    name: 'instalments (CN): time runs from the last instalment (Art. 189)',
    facts: facts({ installments: [{ dueDate: '2022-05-31', amount: '100.00' }, { dueDate: '2021-01-31', amount: '100.00' }] }),
    expect: { startsOn: '2022-05-31', expiresOn: '2025-06-03' }, // 2025-05-31 to 06-02: 端午 Dragon Boat Festival
    explains: [/Art\. 189/],
  },
  {
    name: 'instalments (GB-EAW): each runs on its own; the earliest not fully paid ends first',
    facts: facts({
      jurisdiction: 'GB-EAW',
      installments: [{ dueDate: '2021-01-31', amount: '100.00' }, { dueDate: '2022-05-31', amount: '100.00' }, { dueDate: '2023-05-31', amount: '100.00' }],
      payments: [paid('pay-1', '2021-02-15')],
    }),
    expect: { startsOn: '2022-05-31', expiresOn: '2028-05-31' },
  },
  {
    name: 'no agreed due date: time runs from the end of the grace period in the demand (SPC Art. 4)',
    facts: facts({ events: [event('ev-1', 'demand', '2025-02-01', { graceUntil: '2025-03-01' })] }),
    expect: { startsOn: '2025-03-01', expiresOn: '2028-03-01', status: 'running' },
    events: { 'ev-1': [false, 'start', /not counted.*earliest possible start/] },
  },
  {
    name: 'no agreed due date and no demand: not started',
    facts: facts({}),
    expect: { status: 'not_started', startsOn: null, expiresOn: null, longStopOn: null, daysLeft: null },
  },
  {
    name: 'not yet due: not started, the last day already known',
    facts: facts({ dueDate: '2026-12-31' }),
    expect: { status: 'not_started', expiresOn: '2029-12-31' },
  },
  {
    name: 'an acknowledgement before time started changes nothing',
    facts: facts({ dueDate: '2026-12-31', events: [event('ev-1', 'acknowledgement', '2026-06-01', { documentId: 'ack-1' })], documents: [document('ack-1', 'acknowledgement', sealedOn('2026-06-01'))] }),
    expect: { expiresOn: '2029-12-31' },
    events: { 'ev-1': [false, 'none', /dated before the debt fell due/] },
  },
  {
    name: 'a suit filed in time stops the clock; later facts change nothing',
    facts: facts({
      dueDate: '2023-12-31',
      events: [event('ev-1', 'suit_filed', '2026-05-06', { documentId: 'filing-1' }), event('ev-2', 'acknowledgement', '2026-07-01', { documentId: 'ack-1' })],
      documents: [document('filing-1', 'court_filing'), document('ack-1', 'acknowledgement', sealedOn('2026-07-01'))],
    }),
    expect: { status: 'suspended', expiresOn: null },
    events: { 'ev-1': [true, 'claim_brought', /Art\. 195\(3\)/], 'ev-2': [true, 'none', /claim was brought/] },
  },
  {
    name: 'a suit needs its court filing to count',
    facts: facts({ dueDate: '2023-12-31', events: [event('ev-1', 'suit_filed', '2026-05-06', { documentId: 'letter-1' })], documents: [document('letter-1', 'correspondence')] }),
    expect: { status: 'expiring', expiresOn: '2026-12-31' },
    events: { 'ev-1': [false, 'none', /court or arbitration filing; a correspondence is not/] },
  },
  {
    name: 'expiring: 90 days left',
    facts: facts({ dueDate: '2024-02-27' }),
    expect: { status: 'expiring', expiresOn: '2027-02-27', daysLeft: 90 },
  },
  {
    name: 'running: 91 days left',
    facts: facts({ dueDate: '2024-02-28' }),
    expect: { status: 'running', expiresOn: '2027-02-28', daysLeft: 91 },
  },
];

describe('limitation engine (DESIGN §7)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Act
    const result = computeLimitation(c.facts, c.today ?? TODAY);
    // Assess
    expect(result).toMatchObject(c.expect);
    for (const [sourceId, [counted, effect, reason]] of Object.entries(c.events ?? {})) {
      const weighed = result.events.find((e) => e.sourceId === sourceId);
      expect(weighed, sourceId).toMatchObject({ counted, effect });
      if (reason) expect(weighed?.reason, sourceId).toMatch(reason);
    }
    for (const pattern of c.explains ?? []) expect(result.explanation.join('\n')).toMatch(pattern);
  });

  it('lists every fact once, with a reason, whatever it did', () => {
    // Prepare: an event naming a signed document must not list that document a second time.
    const input = facts({
      dueDate: '2022-06-30',
      events: [event('ev-1', 'acknowledgement', '2025-03-04', { documentId: 'ack-1' }), event('ev-2', 'demand', '2025-05-01')],
      payments: [paid('pay-1', '2025-04-01', 'slip-1')],
      documents: [document('ack-1', 'acknowledgement', sealedOn('2025-03-04')), slip('slip-1'), document('visit-1', 'visit_record', sealedOn('2025-06-01'))],
    });
    // Act
    const result = computeLimitation(input, TODAY);
    // Assess
    expect(result.events.map((e) => e.sourceId)).toEqual(['ev-1', 'pay-1', 'ev-2', 'visit-1']);
    expect(result.events.every((e) => e.reason.length > 10)).toBe(true);
    expect(result.expiresOn).toBe('2028-06-01');
  });

  it.each([
    // [due date, nominal last day, last day]: hand-worked from the State Council arrangements.
    ['2021-10-01', '2024-10-01', '2024-10-08'], // 国庆 2024-10-01..07
    ['2022-10-01', '2025-10-01', '2025-10-09'], // 国庆/中秋 2025-10-01..08
    ['2023-02-17', '2026-02-17', '2026-02-24'], // 春节 2026-02-15..23
    ['2021-09-29', '2024-09-29', '2024-09-29'], // a Sunday, but a make-up working day (调休): no move
    ['2021-10-12', '2024-10-12', '2024-10-12'], // a Saturday make-up working day
  ])('moves a last day on a holiday or rest day to the next working day (Art. 203): due %s, nominal %s, last day %s', (dueDate, nominal, lastDay) => {
    // Act
    const result = computeLimitation(facts({ dueDate }), TODAY);
    // Assess
    expect(result.expiresOn).toBe(lastDay);
    expect(result.holidayCalendar).toMatchObject({ calendar: 'CN', lastDay: nominal === lastDay ? 'working_day' : 'moved', lastYear: expect.any(Number) });
    expect(result.explanation.some((line) => /Art\. 203/.test(line))).toBe(nominal !== lastDay);
    expect(result.warnings).toEqual([]);
  });

  it('flags a last day in a year the calendar does not cover as calendar unknown, never moving it', () => {
    // Prepare: 2027-10-02 is a Saturday, beyond the CN calendar (through 2026).
    const result = computeLimitation(facts({ dueDate: '2024-10-02' }), TODAY);
    // Assess
    expect(result.expiresOn).toBe('2027-10-02');
    expect(result.holidayCalendar.lastDay).toBe('calendar_unknown');
    expect(result.warnings).toEqual([expect.stringMatching(/^calendar unknown: the last day 2027-10-02 .*not moved/)]);
  });

  it('moves a GB-EAW last day on a bank holiday, and a US-NY one on a public holiday, to the next open day', () => {
    // Act: 2025-12-25/26 are Christmas and Boxing Day (Thu, Fri); 2026-11-26 is Thanksgiving.
    const england = computeLimitation(facts({ jurisdiction: 'GB-EAW', dueDate: '2019-12-25' }), TODAY);
    const newYork = computeLimitation(facts({ jurisdiction: 'US-NY', dueDate: '2020-11-26' }), TODAY);
    // Assess
    expect(england.expiresOn).toBe('2025-12-29');
    expect(england.explanation.join('\n')).toMatch(/CPR 2\.8\(5\)/);
    expect(newYork.expiresOn).toBe('2026-11-27');
    expect(newYork.explanation.join('\n')).toMatch(/General Construction Law § 25-a/);
  });

  it('gives the same status from the stored snapshot as from the facts, on any day', () => {
    // Prepare
    const timeline = limitationTimeline(facts({ dueDate: '2023-12-31', events: [event('s-1', 'suspension_start', '2026-01-10', { documentId: 'n-1' })], documents: [document('n-1', 'correspondence')] }));
    const stored = { ...snapshotOf(timeline), events: [], explanation: [] };
    // Act / Assess: before, at and after the last six months begin, and past the long stop.
    for (const day of ['2024-01-01', '2026-06-29', '2026-06-30', '2027-05-01', '2044-01-01']) {
      const full = limitationOn(timeline, day);
      const fromSnapshot = limitationOn(stored, day);
      expect([fromSnapshot.status, fromSnapshot.expiresOn, fromSnapshot.daysLeft], day).toEqual([full.status, full.expiresOn, full.daysLeft]);
    }
    expect(limitationOn(stored, '2044-01-01').status).toBe('expired');
  });
});

describe('date arithmetic (Arts. 200–204)', () => {
  it('adds months with the month-end rule and goes back across years', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2027-06-30', -6)).toBe('2026-12-30');
    expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
    expect(addYears('2028-02-29', 3)).toBe('2031-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
});

describe('limitation warnings', () => {
  const result = { expiresOn: '2027-01-31' };

  it('is due at each threshold once per last day, most urgent first', () => {
    // 63 days left: both 180 and 90 are crossed.
    expect(limitationWarningsDue(result, TODAY, [])).toEqual([
      { threshold: 90, expiresOn: '2027-01-31', daysLeft: 63 },
      { threshold: 180, expiresOn: '2027-01-31', daysLeft: 63 },
    ]);
    expect(limitationWarningsDue(result, TODAY, [{ expiresOn: '2027-01-31', threshold: 180 }]).map((w) => w.threshold)).toEqual([90]);
    expect(limitationWarningsDue(result, TODAY, [{ expiresOn: '2027-01-31', threshold: 180 }, { expiresOn: '2027-01-31', threshold: 90 }])).toEqual([]);
    expect(limitationWarningsDue(result, addDays('2027-01-31', -30), [{ expiresOn: '2027-01-31', threshold: 180 }, { expiresOn: '2027-01-31', threshold: 90 }])).toEqual([
      { threshold: 30, expiresOn: '2027-01-31', daysLeft: 30 },
    ]);
  });

  it('arms again for a new last day, and is silent when far off, over or without a last day', () => {
    expect(limitationWarningsDue({ expiresOn: '2027-03-31' }, TODAY, [{ expiresOn: '2027-01-31', threshold: 180 }]).map((w) => w.threshold)).toEqual([180]);
    expect(limitationWarningsDue({ expiresOn: '2027-06-01' }, TODAY, [])).toEqual([]);
    expect(limitationWarningsDue({ expiresOn: '2026-11-28' }, TODAY, [])).toEqual([]);
    expect(limitationWarningsDue({ expiresOn: null }, TODAY, [])).toEqual([]);
  });
});
