import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import type { ExtractedField } from '../extraction';
import { principalBasis, type ReviewedAmount, reviewedAmountsOf } from './basis';
import { type InterestTerms, lateInterest, LPR_1Y, PBOC_BENCHMARK_1Y } from './interest';

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
    expect(amounts).toEqual([
      { ...amount('c2', 'contract', 'total_amount', '1000000.00'), sourceText: '1000000.00' },
      { ...amount('v2', 'visa', 'amount_change', '25000.00'), sourceText: '25000.00' },
    ]);
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

  it('subtracts a reduction (调减, 核减, 扣减) whether it was reviewed as a negative figure or read from text that calls it one', () => {
    // Prepare: 1000000 + 25000 (核增) − 12000 (调减, reviewed positive) − 3000.50 (扣减, reviewed negative) − 800 (核减, reviewed positive).
    const read = (a: ReviewedAmount, sourceText: string): ReviewedAmount => ({ ...a, sourceText });
    // Act
    const basis = principalBasis(
      [
        amount('c1', 'contract', 'total_amount', '1000000.00'),
        read(amount('v1', 'visa', 'amount_change', '25000.00'), '核增金额：25,000.00元'),
        read(amount('n1', 'change_negotiation', 'amount_change', '12000.00'), '经双方确认，调减工程款 12,000.00 元'),
        read(amount('n2', 'change_negotiation', 'amount_change', '-3000.50'), '扣减：3000.50'),
        read(amount('v2', 'visa', 'amount_change', '800.00'), '核减金额 800.00'),
      ],
      'CNY',
    );
    // Assess: 1000000 + 25000 − 12000 − 3000.50 − 800 = 1009199.50.
    expect(basis.amount).toBe('1009199.50');
    expect(basis.lines.map((l) => [l.documentId, l.amount, l.reduction ?? false])).toEqual([
      ['c1', '1000000.00', false],
      ['v1', '25000.00', false],
      ['v2', '-800.00', true],
      ['n1', '-12000.00', true],
      ['n2', '-3000.50', false],
    ]);
    expect(basis.lines[3]?.note).toMatch(/calls it a reduction.*review it as -12000\.00/);
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
    expect(actual365.segments).toEqual([{ dueDate: '2024-01-31', from: '2024-02-01', to: '2024-12-31', days: 335, principal: '100000.00', annualRate: '6', rateSource: 'contract', interest: '5506.85' }]);
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

  it('takes the PBOC benchmark rate before 2019-08-20 and the LPR from that day, when the rate floats', () => {
    // Prepare: 100000 due 2018-12-31 (breach 2019-01-01), interest to 2019-12-31, 365 days in all.
    const input = { tranches: [{ dueDate: '2018-12-31', amount: '100000.00' }], payments: [] };
    // Act
    const result = lateInterest(input, { asOf: '2019-12-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' });
    // Assess: 2019-01-01…08-19 is 231 days at 4.35: 4350 × 231 / 365 = 2753.013…;
    // 08-20…09-19 31 days at 4.25 = 360.958…; 09-20…11-19 61 days at 4.20 = 701.917…; 11-20…12-31 42 days at 4.15 = 477.534…
    expect(result.segments.map((s) => [s.from, s.to, s.days, s.annualRate, s.rateSource, s.interest])).toEqual([
      ['2019-01-01', '2019-08-19', 231, '4.35', 'pboc_benchmark', '2753.01'],
      ['2019-08-20', '2019-09-19', 31, '4.25', 'lpr', '360.96'],
      ['2019-09-20', '2019-11-19', 61, '4.2', 'lpr', '701.92'],
      ['2019-11-20', '2019-12-31', 42, '4.15', 'lpr', '477.53'],
    ]);
    expect(result.interest).toBe('4293.42');
    expect(result.explanation.join('\n')).toMatch(/benchmark lending rate \(4\.35% since 2015-10-24\).*Announcement \[2019\] No\. 15/);
    expect(result.warnings).toEqual([]);
  });

  it('keeps the benchmark rate at breach until the reform, then the LPR of 2019-08-20, when fixed at breach', () => {
    // 231 days at 4.35 = 2753.01; 2019-08-20…12-31 is 134 days at 4.25: 4250 × 134 / 365 = 1560.273… → 1560.27.
    const result = lateInterest({ tranches: [{ dueDate: '2018-12-31', amount: '100000.00' }], payments: [] }, { asOf: '2019-12-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'at_breach' });
    expect(result.segments.map((s) => [s.from, s.to, s.days, s.annualRate, s.rateFixedOn, s.interest])).toEqual([
      ['2019-01-01', '2019-08-19', 231, '4.35', '2019-01-01', '2753.01'],
      ['2019-08-20', '2019-12-31', 134, '4.25', '2019-08-20', '1560.27'],
    ]);
    expect(result.interest).toBe('4313.28');
  });

  it('follows a benchmark change inside a period, and a payment on the reform boundary', () => {
    // 2015-10-21…10-23: 3 days at 4.60 on 10000 = 3.780… → 3.78; 10-24…10-31: 8 days at 4.35 = 9.534… → 9.53.
    const old = lateInterest({ tranches: [{ dueDate: '2015-10-20', amount: '10000.00' }], payments: [] }, { asOf: '2015-10-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' });
    expect(old.segments.map((s) => [s.days, s.annualRate, s.interest])).toEqual([
      [3, '4.6', '3.78'],
      [8, '4.35', '9.53'],
    ]);
    // 1.5 × 4.35 = 6.525% to 2019-08-19 (19 days on 100000: 6525 × 19 / 365 = 339.657… → 339.66); 50000 paid that day;
    // 1.5 × 4.25 = 6.375% on 50000 for 2019-08-20…08-31, 12 days = 104.79.
    const paid = lateInterest(
      { tranches: [{ dueDate: '2019-07-31', amount: '100000.00' }], payments: [{ date: '2019-08-19', amount: '50000.00' }] },
      { asOf: '2019-08-31', basis: 'lpr', factor: '1.5', dayCount: 365, lprFixing: 'at_breach' },
    );
    expect(paid.segments.map((s) => [s.from, s.to, s.principal, s.annualRate, s.interest])).toEqual([
      ['2019-08-01', '2019-08-19', '100000.00', '6.525', '339.66'],
      ['2019-08-20', '2019-08-31', '50000.00', '6.375', '104.79'],
    ]);
  });

  it('takes the LPR at filing for the whole period', () => {
    // Filed 2024-12-31 (LPR 3.10 since 2024-10-21): 365 days in 2019 on 100000 at 3.10% = 3100.00.
    const result = lateInterest(
      { tranches: [{ dueDate: '2018-12-31', amount: '100000.00' }], payments: [] },
      { asOf: '2019-12-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'at_filing', filedOn: '2024-12-31' },
    );
    expect(result.segments.map((s) => [s.days, s.annualRate, s.rateSource, s.rateFixedOn])).toEqual([[365, '3.1', 'lpr', '2024-12-31']]);
    expect(result.interest).toBe('3100.00');
    expect(result.explanation[0]).toMatch(/day of filing \(2024-12-31\)/);
  });

  it('refuses days before the shipped benchmark history', () => {
    const early = () => lateInterest({ tranches: [{ dueDate: '1999-05-31', amount: '1000.00' }], payments: [] }, { asOf: '2000-01-01', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' });
    expect(early).toThrow(ValidationError);
    expect(early).toThrow(/no reference rate for 1999-06-01/);
  });

  it('warns when it relies on an LPR for a day after the table was last reviewed, and only then', () => {
    // Prepare: a table reviewed through 2024-12-31.
    const rates = { lpr: { ...LPR_1Y, reviewedThrough: '2024-12-31' }, benchmark: PBOC_BENCHMARK_1Y };
    const input = { tranches: [{ dueDate: '2024-06-30', amount: '1000.00' }], payments: [] };
    // Act
    const fixedBefore = lateInterest(input, { asOf: '2025-06-30', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'at_breach' }, rates);
    const floating = lateInterest(input, { asOf: '2025-06-30', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' }, rates);
    const filedAfter = lateInterest(input, { asOf: '2024-12-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'at_filing', filedOn: '2025-01-02' }, rates);
    const contract = lateInterest(input, { asOf: '2025-06-30', basis: 'contract', rate: '6', factor: '1', dayCount: 365, lprFixing: 'at_breach' }, rates);
    // Assess: the rate fixed on 2024-07-01 was checked; the days of 2025 and a 2025 filing day were not.
    expect(fixedBefore.warnings).toEqual([]);
    expect(floating.warnings).toEqual([expect.stringMatching(/last checked .* on 2024-12-31.*lpr-1y\.json \(rates and reviewedThrough\)/)]);
    expect(filedAfter.warnings).toHaveLength(1);
    expect(contract.warnings).toEqual([]);
  });

  it('ships rate tables in date order with decimal rates, the benchmark ending at 4.35% from 2015-10-24', () => {
    for (const table of [LPR_1Y, PBOC_BENCHMARK_1Y]) {
      const dates = table.rates.map((r) => r.from);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      expect(table.rates.every((r) => /^\d{1,2}\.\d{2}$/.test(r.rate))).toBe(true);
    }
    expect(LPR_1Y.rates[0]?.from).toBe('2019-08-20');
    expect(LPR_1Y.reviewedThrough >= (LPR_1Y.rates.at(-1)?.from as string)).toBe(true);
    expect(PBOC_BENCHMARK_1Y.rates.at(-1)).toEqual({ from: '2015-10-24', rate: '4.35' });
    expect(PBOC_BENCHMARK_1Y.until).toBe('2019-08-19');
  });
});
