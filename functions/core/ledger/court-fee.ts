import Decimal from 'decimal.js';
import { formatMoney, parseMoney } from '../money';

/**
 * The case acceptance fee (案件受理费) of a property case, 《诉讼费用交纳办法》 (State Council
 * Decree No. 481) Art. 13(1): 50 yuan up to 10,000, then a rate on each further band of the
 * claimed amount; half under summary procedure (Art. 16).
 */
export type Procedure = 'ordinary' | 'summary';

/** The bands of Art. 13(1): the rate applies to the part of the amount between `over` and `upTo`. */
export const PROPERTY_CASE_BANDS: ReadonlyArray<{ over: string; upTo: string | null; rate: string }> = [
  { over: '10000', upTo: '100000', rate: '0.025' },
  { over: '100000', upTo: '200000', rate: '0.02' },
  { over: '200000', upTo: '500000', rate: '0.015' },
  { over: '500000', upTo: '1000000', rate: '0.01' },
  { over: '1000000', upTo: '2000000', rate: '0.009' },
  { over: '2000000', upTo: '5000000', rate: '0.008' },
  { over: '5000000', upTo: '10000000', rate: '0.007' },
  { over: '10000000', upTo: '20000000', rate: '0.006' },
  { over: '20000000', upTo: null, rate: '0.005' },
];

/** The flat fee for the first 10,000 yuan. */
const BASE_FEE = new Decimal(50);

export interface CourtFee {
  /** The claimed amount the fee is on (诉讼请求金额), yuan. */
  claimAmount: string;
  procedure: Procedure;
  /** The flat fee and each band's share, in order. */
  bands: Array<{ over: string; upTo: string | null; rate: string; part: string; fee: string }>;
  /** The fee under ordinary procedure. */
  fullFee: string;
  /** What is payable: the full fee, or half of it under summary procedure. */
  fee: string;
  basis: string;
}

/**
 * The case acceptance fee of a property case on a claimed amount in yuan, exactly: each band's
 * share is kept unrounded, the total is rounded to the cent at the end.
 *
 * @example
 * courtFee('1000000.00', 'ordinary').fee // '13800.00' (50 + 2250 + 2000 + 4500 + 5000)
 * courtFee('1000000.00', 'summary').fee  // '6900.00'
 */
export function courtFee(claimAmount: string, procedure: Procedure): CourtFee {
  const amount = parseMoney(claimAmount);
  const bands = PROPERTY_CASE_BANDS.flatMap((band) => {
    const over = new Decimal(band.over);
    if (amount.lte(over)) return [];
    const top = band.upTo === null ? amount : Decimal.min(amount, band.upTo);
    const part = top.minus(over);
    return [{ ...band, part: formatMoney(part), fee: part.times(band.rate).toString() }];
  });
  const full = bands.reduce((sum, band) => sum.plus(band.fee), BASE_FEE);
  const payable = procedure === 'summary' ? full.dividedBy(2) : full;
  return {
    claimAmount: formatMoney(amount),
    procedure,
    bands: bands.map((band) => ({ ...band, fee: formatMoney(new Decimal(band.fee)) })),
    fullFee: formatMoney(full),
    fee: formatMoney(payable),
    basis:
      '《诉讼费用交纳办法》第十三条第（一）项：财产案件不超过1万元的每件交纳50元，超过部分按2.5%至0.5%分段累计交纳' +
      (procedure === 'summary' ? '；第十六条：适用简易程序审理的案件减半交纳' : '') +
      ' (Measures on the Payment of Litigation Costs Art. 13(1), progressive bands' + (procedure === 'summary' ? '; Art. 16: half under summary procedure)' : ')'),
  };
}
