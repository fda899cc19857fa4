import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import type { ExtractedField } from '../extraction';
import { principalBasis, type ReviewedAmount, reviewedAmountsOf } from './basis';
import { type InterestTerms, lateInterest, LPR_1Y } from './interest';

const field = (name: ExtractedField['name'], value: string, reviewed = true, currency?: string): ExtractedField => ({
  name,
  value,
  confidence: 0.9,
  page: 1,
  text: value,
  engine: 'test',
  reviewed,
  ...(currency ? { currency } : {}),
});
const amount = (documentId: string, type: ReviewedAmount['type'], fieldName: ReviewedAmount['field'], value: string, currency?: string): ReviewedAmount => ({
  documentId,
  type,
  field: fieldName,
  value,
  ...(currency ? { currency } : {}),
});

describe('principal basis from reviewed amounts', () => {
  it('takes only reviewed money fields of documents that stand', () => {
    // Prepare
    const documents = [
      { id: 'c1', type: 'contract' as const, status: 'active' as const, supersededBy: 'c2' },
      { id: 'c2', type: 'contract' as const, status: 'active' as const },
      { id: 'v1', type: 'visa' as const, status: 'void' as const },
      { id: 'v2', type: 'visa' as const, status: 'active' as const },
    ];
    const extraction = (fields: ExtractedField[]) => ({ status: 'done' as const, fields, warnings: [] });
    // Act
    const amounts = reviewedAmountsOf(documents, [
      { documentId: 'c1', extraction: extraction([field('total_amount', '900000.00')]) },
      { documentId: 'c2', extraction: extraction([field('total_amount', '1000000.00'), field('signing_date', '2023-03-01'), field('contract_no', 'HT-1')]) },
      { documentId: 'v1', extraction: extraction([field('amount_change', '5000.00')]) },
      { documentId: 'v2', extraction: extraction([field('amount_change', '25000.00'), field('amount_change', '7000.00', false)]) },
    ]);
    // Assess
    expect(amounts).toEqual([amount('c2', 'contract', 'total_amount', '1000000.00'), amount('v2', 'visa', 'amount_change', '25000.00')]);
  });

  it('is the contract total plus visas, plus or minus change negotiations', () => {
    const basis = principalBasis(
      [
        amount('c1', 'contract', 'total_amount', '1000000.00'),
        amount('v1', 'visa', 'amount_change', '25000.50'),
        amount('n1', 'change_negotiation', 'amount_change', '-12000.25'),
        amount('i1', 'invoice', 'invoice_total', '999.00'),
      ],
      'CNY',
    );
    expect(basis).toMatchObject({ kind: 'contract', amount: '1013000.25' });
    expect(basis.lines.map((l) => [l.documentId, l.amount, l.counted])).toEqual([
      ['c1', '1000000.00', true],
      ['v1', '25000.50', true],
      ['n1', '-12000.25', true],
    ]);
  });

  it('is the latest settlement when there is one', () => {
    const basis = principalBasis(
      [amount('c1', 'contract', 'total_amount', '1000000.00'), amount('s1', 'settlement', 'settled_amount', '990000.00'), amount('s2', 'settlement', 'settled_amount', '987654.32')],
      'CNY',
    );
    expect(basis).toMatchObject({ kind: 'settlement', amount: '987654.32' });
    expect(basis.lines.map((l) => [l.documentId, l.counted])).toEqual([
      ['s1', false],
      ['s2', true],
    ]);
  });

  it('leaves out amounts in another currency or not decimal, and has no basis without a contract total', () => {
    const basis = principalBasis([amount('c1', 'contract', 'total_amount', '1000.00', 'USD'), amount('c2', 'contract', 'total_amount', '1,000'), amount('v1', 'visa', 'amount_change', '10.00')], 'CNY');
    expect(basis).toMatchObject({ kind: 'none', amount: null });
    expect(basis.lines.filter((l) => !l.counted).map((l) => l.note)).toEqual([expect.stringMatching(/in USD.*never converted/), 'not a decimal amount']);
  });
});

const CONTRACT_6: InterestTerms = { asOf: '2024-12-31', basis: 'contract', rate: '6', factor: '1', dayCount: 365, lprFixing: 'at_breach' };

describe('late-payment interest', () => {
  it('charges simple interest from the day after the due date, actual/365 and actual/360', () => {
    // 2024-02-01 … 2024-12-31 is 335 days: 100000 × 6% × 335 / 365 = 5506.849…, / 360 = 5583.333…
    const input = { tranches: [{ dueDate: '2024-01-31', amount: '100000.00' }], payments: [] };
    const actual365 = lateInterest(input, CONTRACT_6);
    const actual360 = lateInterest(input, { ...CONTRACT_6, dayCount: 360 });
    expect(actual365.segments).toEqual([{ dueDate: '2024-01-31', from: '2024-02-01', to: '2024-12-31', days: 335, principal: '100000.00', annualRate: '6', interest: '5506.85' }]);
    expect([actual365.interest, actual365.total]).toEqual(['5506.85', '105506.85']);
    expect(actual360.interest).toBe('5583.33');
  });

  it('reduces the principal from the day after each payment', () => {
    // 151 days on 100000 (to 2024-06-30, the payment day) = 2482.19; 184 days on 60000 = 1814.79.
    const result = lateInterest({ tranches: [{ dueDate: '2024-01-31', amount: '100000.00' }], payments: [{ date: '2024-06-30', amount: '40000.00' }] }, CONTRACT_6);
    expect(result.segments.map((s) => [s.from, s.to, s.days, s.principal, s.interest])).toEqual([
      ['2024-02-01', '2024-06-30', 151, '100000.00', '2482.19'],
      ['2024-07-01', '2024-12-31', 184, '60000.00', '1814.79'],
    ]);
    expect([result.interest, result.paidByAsOf, result.outstandingPrincipal, result.total]).toEqual(['4296.98', '40000.00', '60000.00', '64296.98']);
  });

  it('applies payments to the oldest instalment first; a later instalment accrues from its own due date', () => {
    // Instalment A (due 2024-03-31) is paid in full on 2024-05-31: 61 days on 50000 = 501.37.
    // Instalment B (due 2024-09-30) keeps 50000 less the 10000 left over: 92 days on 40000 = 604.93.
    const result = lateInterest(
      {
        tranches: [
          { dueDate: '2024-09-30', amount: '50000.00' },
          { dueDate: '2024-03-31', amount: '50000.00' },
        ],
        payments: [{ date: '2024-05-31', amount: '60000.00' }],
      },
      CONTRACT_6,
    );
    expect(result.segments.map((s) => [s.dueDate, s.from, s.to, s.principal, s.interest])).toEqual([
      ['2024-03-31', '2024-04-01', '2024-05-31', '50000.00', '501.37'],
      ['2024-09-30', '2024-10-01', '2024-12-31', '40000.00', '604.93'],
    ]);
  });

  it('takes the LPR in force on the day of breach, times the factor', () => {
    // Breach on 2024-07-21: LPR 3.45 → 5.175%; breach on 2024-07-22: LPR 3.35 → 5.025%.
    const terms: InterestTerms = { asOf: '2024-12-31', basis: 'lpr', factor: '1.5', dayCount: 365, lprFixing: 'at_breach' };
    const before = lateInterest({ tranches: [{ dueDate: '2024-07-20', amount: '100000.00' }], payments: [] }, terms);
    const after = lateInterest({ tranches: [{ dueDate: '2024-07-21', amount: '100000.00' }], payments: [] }, terms);
    expect(before.segments.map((s) => [s.days, s.annualRate])).toEqual([[164, '5.175']]);
    expect(after.segments.map((s) => [s.days, s.annualRate])).toEqual([[163, '5.025']]);
    // 100000 × 5.175% × 164 / 365 = 2325.205…
    expect(before.interest).toBe('2325.21');
    expect(before.explanation.join('\n')).toMatch(/Art\. 18\(4\)/);
  });

  it('follows each LPR change when the rate floats', () => {
    const result = lateInterest({ tranches: [{ dueDate: '2024-06-30', amount: '100000.00' }], payments: [] }, { asOf: '2024-12-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' });
    expect(result.segments.map((s) => [s.from, s.to, s.days, s.annualRate])).toEqual([
      ['2024-07-01', '2024-07-21', 21, '3.45'],
      ['2024-07-22', '2024-10-20', 91, '3.35'],
      ['2024-10-21', '2024-12-31', 72, '3.1'],
    ]);
  });

  it('refuses the LPR before it existed, and warns when the table is out of date', () => {
    const early = () => lateInterest({ tranches: [{ dueDate: '2019-06-30', amount: '1000.00' }], payments: [] }, { asOf: '2020-01-01', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' });
    expect(early).toThrow(ValidationError);
    expect(early).toThrow(/no 1-year LPR for 2019-07-01/);
    const late = lateInterest({ tranches: [{ dueDate: '2025-06-30', amount: '1000.00' }], payments: [] }, { asOf: '2026-11-29', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'at_breach' });
    expect(late.warnings).toEqual([expect.stringMatching(/lpr-1y\.json/)]);
  });

  it('ships an LPR table in date order with decimal rates', () => {
    const dates = LPR_1Y.rates.map((r) => r.from);
    expect(dates[0]).toBe('2019-08-20');
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    expect(LPR_1Y.rates.every((r) => /^\d\.\d{2}$/.test(r.rate))).toBe(true);
    expect(LPR_1Y.knownThrough >= (dates.at(-1) as string)).toBe(true);
  });
});
