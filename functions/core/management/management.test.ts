import { describe, expect, it } from 'vitest';
import type { Debt } from '../debt';
import { completedYears, yearBand } from './age';
import { agingByUnit } from './aging-by-unit';
import { bookProgress } from './books';
import { commissionOn, DEFAULT_COMMISSION_RATES, rateFor } from './commission-rates';
import { type CommissionDebt, commissionStatement, type RecoveredPayment } from './commissions';
import { keyObject } from './key-objects';
import { monthEnd } from './monthly';

const ASOF = new Date('2026-11-29T02:00:00.000Z'); // 2026-11-29 in Asia/Shanghai

function debt(overrides: Partial<Debt>): Debt {
  return {
    id: 'd',
    version: 1,
    status: 'open',
    debtor: { name: '某某建设' },
    currency: 'CNY',
    principal: '1000.00',
    assignees: {},
    jurisdiction: 'CN',
    timeZone: 'Asia/Shanghai',
    paid: '0.00',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'finance-1',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('age of arrears in completed years', () => {
  it.each([
    ['2021-03-15', '2024-03-14', 2],
    ['2021-03-15', '2024-03-15', 3],
    ['2021-03-15', '2021-03-15', 0],
    ['2021-03-15', '2020-01-01', 0],
    // 29 February: the anniversary in a common year is 28 February (Civil Code Art. 202 month-end rule).
    ['2020-02-29', '2023-02-27', 2],
    ['2020-02-29', '2023-02-28', 3],
    ['2020-02-29', '2024-02-28', 3],
    ['2020-02-29', '2024-02-29', 4],
  ])('from %s to %s: %i years', (from, to, years) => {
    expect(completedYears(from, to)).toBe(years);
  });

  it('ends a month on its last day, 29 February in a leap year', () => {
    expect([monthEnd('2028-02'), monthEnd('2026-02'), monthEnd('2026-11'), monthEnd('2026-12')]).toEqual(['2028-02-29', '2026-02-28', '2026-11-30', '2026-12-31']);
  });

  it('puts a debt in the band of its completed years, and a debt not yet due apart', () => {
    expect(yearBand('2025-11-29', '2026-11-29')).toBe('1-2y');
    expect(yearBand('2025-11-30', '2026-11-29')).toBe('0-1y');
    expect(yearBand('2021-11-29', '2026-11-29')).toBe('5y+');
    expect(yearBand('2021-11-30', '2026-11-29')).toBe('4-5y');
    expect(yearBand('2026-12-01', '2026-11-29')).toBe('not_due');
    expect(yearBand(undefined, '2026-11-29')).toBe('no_due_date');
  });
});

describe('commission rates (measures Art. 6) at the band edges, age at the payment date', () => {
  it.each([
    // due 2021-03-15: the 3rd anniversary is 2024-03-15, the 4th 2025-03-15, the 5th 2026-03-15
    ['2021-03-10', 0, '0.01'], // paid before it fell due
    ['2024-03-14', 2, '0.01'], // "0 to 2 years": one day short of three years
    ['2024-03-15', 3, '0.02'], // "3 years" from the anniversary itself
    ['2025-03-14', 3, '0.02'],
    ['2025-03-15', 4, '0.03'], // "4 years"
    ['2026-03-14', 4, '0.03'],
    ['2026-03-15', 5, '0.04'], // "5 years and above"
    ['2036-01-01', 14, '0.04'],
  ])('paid %s: %i years, rate %s', (paidOn, years, rate) => {
    expect(rateFor(DEFAULT_COMMISSION_RATES, '2021-03-15', paidOn, false)).toMatchObject({ ageYears: years, rate });
  });

  it('pays 5‰ on completed-and-pending projects whatever the age', () => {
    expect(rateFor(DEFAULT_COMMISSION_RATES, '2021-03-15', '2026-03-15', true)).toEqual({ ageYears: 5, rate: '0.005', basis: 'completed_pending' });
  });

  it('rounds commissions half up to the cent', () => {
    expect(commissionOn('12345.67', '0.005')).toBe('61.73'); // 61.72835
    expect(commissionOn('333.33', '0.01')).toBe('3.33'); // 3.3333
    expect(commissionOn('0.50', '0.01')).toBe('0.01'); // 0.005
  });
});

describe('responsibility book progress and commission statement', () => {
  const book = { id: 'b1', target: '100000.00', periodStart: '2026-01-01', deadline: '2026-06-30', currency: 'CNY' as const };
  const debts = new Map<string, CommissionDebt>([
    ['d1', { id: 'd1', debtorName: '甲公司', dueDate: '2023-03-15', completedPending: false }],
    ['d2', { id: 'd2', debtorName: '乙公司', dueDate: '2020-01-01', completedPending: true }],
  ]);
  const payments: RecoveredPayment[] = [
    { id: 'p1', debtId: 'd1', date: '2026-03-14', amount: '10000.00', evidenced: true }, // 2 years → 1% = 100.00
    { id: 'p2', debtId: 'd1', date: '2026-03-15', amount: '20000.00', evidenced: true }, // 3 years → 2% = 400.00
    { id: 'p3', debtId: 'd2', date: '2026-04-01', amount: '12345.67', evidenced: true }, // 5‰ = 61.73
    { id: 'p4', debtId: 'd1', date: '2026-05-01', amount: '5000.00', evidenced: false }, // no payment record
    { id: 'p5', debtId: 'd1', date: '2026-07-15', amount: '70000.00', evidenced: true }, // after the deadline
  ];

  it('measures progress within the period and marks a missed deadline with the reason', () => {
    const progress = bookProgress(book, [...payments, { date: '2025-12-31', amount: '9.00' }], '2026-07-01');
    // 10000 + 20000 + 12345.67 + 5000 = 47345.67 of 100000 within the period
    expect(progress).toEqual({
      recovered: '47345.67',
      target: '100000.00',
      percent: '47.34',
      state: 'overdue',
      cancelReason: 'the deadline 2026-06-30 passed with 47345.67 of the target 100000.00 CNY recovered (measures, Art. 7)',
    });
    expect(bookProgress(book, payments, '2026-06-30').state).toBe('in_progress');
    expect(bookProgress(book, [{ date: '2026-06-30', amount: '100000.00' }], '2026-12-31').state).toBe('met');
  });

  it('lists every evidenced payment of the period at its rate, and cancels them all when the book failed', () => {
    const met = { book, progress: { recovered: '100000.00', target: '100000.00', percent: '100.00', state: 'met' as const }, debtIds: new Set(['d1', 'd2']) };
    const statement = commissionStatement('collector-1', '2026-01-01', '2026-12-31', [met], payments, debts, DEFAULT_COMMISSION_RATES);
    expect(statement.lines.map((l) => [l.paymentId, l.ageYears, l.rate, l.commission, l.status])).toEqual([
      ['p1', 2, '0.01', '100.00', 'earned'],
      ['p2', 3, '0.02', '400.00', 'earned'],
      ['p3', 6, '0.005', '61.73', 'earned'],
    ]);
    expect(statement.totals).toEqual({ recovered: '42345.67', earned: '561.73', pending: '0.00', cancelled: '0.00' });
    expect(statement.unevidenced).toEqual([{ paymentId: 'p4', debtId: 'd1', paidOn: '2026-05-01', amount: '5000.00' }]);

    const failed = { ...met, progress: bookProgress(book, payments, '2026-07-01') };
    const cancelled = commissionStatement('collector-1', '2026-01-01', '2026-12-31', [failed], payments, debts, DEFAULT_COMMISSION_RATES);
    expect(cancelled.totals).toEqual({ recovered: '42345.67', earned: '0.00', pending: '0.00', cancelled: '561.73' });
    expect(cancelled.lines.every((l) => l.status === 'cancelled' && l.cancelReason?.startsWith('the deadline 2026-06-30 passed'))).toBe(true);
  });
});

describe('aging by unit and key objects', () => {
  it('adds outstanding amounts per unit and band', () => {
    const debts = [
      debt({ id: 'a', unitId: 'FJ', dueDate: '2025-11-29', principal: '100.10', paid: '0.05' }), // 1-2y
      debt({ id: 'b', unitId: 'FJ', dueDate: '2025-06-01', principal: '200.00' }), // 1-2y
      debt({ id: 'c', unitId: 'XM', dueDate: '2021-11-29', principal: '50.00' }), // 5y+
      debt({ id: 'd', dueDate: '2026-11-01', principal: '7.00' }), // no unit, 0-1y
      debt({ id: 'e', unitId: 'FJ', dueDate: '2020-01-01', principal: '9.00', status: 'closed' }), // closed: left out
    ];
    expect(agingByUnit(debts, ASOF)).toEqual([
      { unitId: '(none)', currency: 'CNY', band: '0-1y', debts: 1, outstanding: '7.00' },
      { unitId: 'FJ', currency: 'CNY', band: '1-2y', debts: 2, outstanding: '300.05' },
      { unitId: 'XM', currency: 'CNY', band: '5y+', debts: 1, outstanding: '50.00' },
    ]);
  });

  it('scores a debt on age, amount, limitation, project kind, risk flags and readiness', () => {
    const entry = keyObject(
      debt({
        principal: '1234567.89',
        dueDate: '2024-06-30',
        project: { name: '某某大厦', kind: 'real_estate' },
        riskFlags: ['financial_difficulty', 'contact_lost'],
        limitationSnapshot: { regime: 'CN', startsOn: '2024-06-30', expiresOn: '2027-06-30', longStopOn: '2044-06-30', endsByLongStop: false, revived: false, openObstacleSince: null, claimBroughtOn: null },
      }),
      ASOF,
      { score: 75, ready: false, failing: ['contract'] },
    );
    // 2 years → 10; ≥ 1,000,000 → 15; 213 days left → 8; real estate → 10; two flags → 10; readiness 75 → 7
    expect(entry?.factors).toEqual({ age: 10, amount: 15, limitation: 8, projectKind: 10, riskFlags: 10, readiness: 7 });
    expect(entry).toMatchObject({ score: 60, ageYears: 2, limitationDaysLeft: 213, handoff: 'nearly_ready' });
  });
});
