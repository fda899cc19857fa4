import { describe, expect, it } from 'vitest';
import { claimSheet } from './claim-sheet';
import { courtFee } from './court-fee';

describe('court fee of a property case (《诉讼费用交纳办法》 Art. 13(1), Art. 16)', () => {
  it.each([
    // Hand-worked: 50 up to 10,000; then 2.5%, 2%, 1.5%, 1%, 0.9%, 0.8%, 0.7%, 0.6%, 0.5% on each band.
    ['0.01', '50.00'],
    ['10000.00', '50.00'],
    ['10000.01', '50.00'], // 50 + 0.01 × 2.5% = 50.00025
    ['10040.00', '51.00'], // 50 + 40 × 2.5%
    ['100000.00', '2300.00'], // 50 + 90,000 × 2.5%
    ['200000.00', '4300.00'], // + 100,000 × 2%
    ['500000.00', '8800.00'], // + 300,000 × 1.5%
    ['1000000.00', '13800.00'], // + 500,000 × 1%
    ['2000000.00', '22800.00'], // + 1,000,000 × 0.9%
    ['5000000.00', '46800.00'], // + 3,000,000 × 0.8%
    ['10000000.00', '81800.00'], // + 5,000,000 × 0.7%
    ['20000000.00', '141800.00'], // + 10,000,000 × 0.6%
    ['20000100.00', '141800.50'], // + 100 × 0.5%
    ['1134567.89', '15011.11'], // 13800 + 134,567.89 × 0.9% = 15011.111…
  ])('on %s yuan is %s', (amount, fee) => {
    expect(courtFee(amount, 'ordinary').fee).toBe(fee);
  });

  it('is halved under summary procedure, and cites the articles', () => {
    const summary = courtFee('1000000.00', 'summary');
    expect([summary.fullFee, summary.fee]).toEqual(['13800.00', '6900.00']);
    expect(courtFee('5000.00', 'summary').fee).toBe('25.00');
    expect(summary.basis).toMatch(/第十三条.*第十六条/);
    expect(summary.bands.map((b) => [b.over, b.part, b.fee])).toEqual([
      ['10000', '90000.00', '2250.00'],
      ['100000', '100000.00', '2000.00'],
      ['200000', '300000.00', '4500.00'],
      ['500000', '500000.00', '5000.00'],
    ]);
  });
});

describe('claim calculation sheet (诉讼请求计算表)', () => {
  it('claims the outstanding principal plus interest per segment, with the court fee on the total', () => {
    // Prepare: 100000 due 2018-12-31, 40000 paid 2019-06-30, interest to 2019-12-31 at the reference rate (floating).
    // Act
    const sheet = claimSheet({
      currency: 'CNY',
      tranches: [{ dueDate: '2018-12-31', amount: '100000.00' }],
      payments: [{ date: '2019-06-30', amount: '40000.00' }],
      terms: { asOf: '2019-12-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' },
      procedure: 'ordinary',
    });
    // Assess: 181 days on 100000 at 4.35% = 2157.12; 50 days on 60000 at 4.35% (07-01…08-19) = 357.53;
    // 31 days at 4.25% = 216.58; 61 days at 4.20% = 421.15; 42 days at 4.15% = 286.52.
    expect(sheet.segments.map((s) => [s.from, s.to, s.principal, s.annualRate, s.interest])).toEqual([
      ['2019-01-01', '2019-06-30', '100000.00', '4.35', '2157.12'],
      ['2019-07-01', '2019-08-19', '60000.00', '4.35', '357.53'],
      ['2019-08-20', '2019-09-19', '60000.00', '4.25', '216.58'],
      ['2019-09-20', '2019-11-19', '60000.00', '4.2', '421.15'],
      ['2019-11-20', '2019-12-31', '60000.00', '4.15', '286.52'],
    ]);
    expect(sheet).toMatchObject({ principal: '100000.00', paid: '40000.00', outstandingPrincipal: '60000.00', interest: '3438.90', total: '63438.90' });
    // 50 + 53,438.90 × 2.5% = 1385.9725
    expect(sheet.courtFee).toMatchObject({ claimAmount: '63438.90', fee: '1385.97' });
    expect(sheet.explanation.join('\n')).toMatch(/Art\. 26/);
  });

  it('claims principal only, with the reason, when no rate covers the days; no fee schedule outside CNY', () => {
    const old = claimSheet({ currency: 'CNY', tranches: [{ dueDate: '1999-01-31', amount: '1000.00' }], payments: [], terms: { asOf: '2000-01-31', basis: 'lpr', factor: '1', dayCount: 365, lprFixing: 'daily' }, procedure: 'ordinary' });
    expect(old).toMatchObject({ interest: '0.00', total: '1000.00', interestUnavailable: expect.stringMatching(/no reference rate/) });
    expect(old.warnings).toEqual([expect.stringMatching(/interest is not claimed/)]);
    const usd = claimSheet({ currency: 'USD', tranches: [{ dueDate: '2024-01-31', amount: '1000.00' }], payments: [], terms: { asOf: '2024-12-31', basis: 'contract', rate: '6', factor: '1', dayCount: 365, lprFixing: 'at_breach' }, procedure: 'ordinary' });
    expect(usd.courtFee).toBeUndefined();
  });
});
