import type { Jurisdiction } from '../debt';
import type { LegalDate } from '../legal-date';
import type { LimitationEventType } from '../schemas';

/**
 * The rules of each limitation regime (DESIGN §7), with the provisions the explanation cites.
 * The engine is one algorithm; what differs between regimes is data here.
 */
export interface Regime {
  id: Jurisdiction;
  name: string;
  /** The period in years, and where it is laid down. */
  years: number;
  period: string;
  /** What expiry means for the creditor. */
  barred: string;
  /** A long stop no event extends (CN Art. 188(2)); null when the regime has none for debts. */
  longStopYears: number | null;
  longStop?: string;
  /** How the start day and the last day are counted. */
  dateRule: string;
  /** Which day ends a period whose last day is a public holiday. */
  holidayRule: string;
  /**
   * `last`: an instalment debt runs from the last instalment (CN Art. 189). `each`: every
   * instalment is a cause of action of its own, so the earliest unpaid one ends first.
   */
  instalments: 'last' | 'each';
  instalmentRule: string;
  /** Without an agreed due date, time runs from the end of the grace period in a demand. */
  startFromDemand?: string;
  /** Events that restart the period when proved, with their basis. */
  restarts: Partial<Record<LimitationEventType, string>>;
  /** Events that stop the clock for the claim brought. */
  proceedings: Partial<Record<LimitationEventType, string>>;
  /**
   * What the end of those proceedings without a judgment on the merits does: `restart`, a new
   * full period runs from the end (CN Art. 195); `resume`, the original period runs on as if the
   * claim had not been brought.
   */
  proceedingsEnded: { effect: 'restart' | 'resume'; basis: string };
  /** Whether a new performance date the debtor fixes in an acknowledgement starts the new period (CN). */
  promisedDate?: string;
  /**
   * An older, shorter period for claims that arose before a change of law, and the rule of the
   * change (CN: two years under the General Principles of Civil Law until 2017-10-01).
   */
  transition?: { until: LegalDate; years: number; period: string; rule: string };
  /** Events that revive a claim after expiry, with their basis; what else happens after expiry. */
  revives: Partial<Record<LimitationEventType, string>>;
  noRevival: string;
  /** Art. 194-style suspension for an obstacle in the last six months, or why it is not modelled. */
  suspension: { basis: string } | { notModelled: string };
  /** Why an event type means nothing under this regime. */
  ignored: Partial<Record<LimitationEventType, string>>;
}

const CN_AGREEMENT = 'the debtor agreed to perform (Civil Code Art. 195(2); SPC Limitation Provisions Art. 14)';

export const REGIMES: Record<Jurisdiction, Regime> = {
  CN: {
    id: 'CN',
    name: 'PRC Civil Code',
    years: 3,
    period: 'Civil Code Art. 188(1): 3 years from when the creditor knew or should have known of the harm and the obligor',
    barred: 'the debtor may refuse to perform (Civil Code Art. 192(1)); a court does not raise it of its own motion (SPC Limitation Provisions Art. 2)',
    longStopYears: 20,
    longStop: 'Civil Code Art. 188(2); never suspended or interrupted (SPC General Part Interpretation Art. 35), though a court may extend it on the creditor\'s application in special circumstances (Art. 188(2))',
    dateRule: 'the start day is not counted (Art. 201); the period ends on the corresponding day, or the last day of the month when there is none (Art. 202)',
    holidayRule: 'Civil Code Art. 203: a last day on a statutory holiday or rest day moves to the day after it ends, following the State Council\'s holiday arrangement (make-up working days included)',
    instalments: 'last',
    instalmentRule: 'an instalment debt runs from the due date of the last instalment (Civil Code Art. 189)',
    startFromDemand: 'without an agreed due date, time runs from the end of the grace period given in the creditor\'s demand (SPC Limitation Provisions Art. 4)',
    restarts: {
      demand: 'the creditor\'s demand (Civil Code Art. 195(1); a demand for part of the debt interrupts all of it, SPC Limitation Provisions Art. 9)',
      acknowledgement: CN_AGREEMENT,
      partial_payment: CN_AGREEMENT,
      repayment_plan: CN_AGREEMENT,
    },
    proceedings: {
      suit_filed: 'suit filed: interrupts (Civil Code Art. 195(3); SPC Limitation Provisions Art. 10); the new period runs from the end of the proceedings',
      arbitration_filed: 'arbitration applied for: interrupts (Civil Code Art. 195(3)); the new period runs from the end of the proceedings',
      payment_order: 'payment order applied for: interrupts (Civil Code Art. 195(4); SPC Limitation Provisions Art. 11); the new period runs from the end of the proceedings',
    },
    proceedingsEnded: {
      effect: 'restart',
      basis: 'the proceedings ended without a judgment on the merits (withdrawal 撤诉, dismissal of the suit 驳回起诉, or a payment order that lapsed on the debtor\'s objection): a new full period runs from their end (Civil Code Art. 195; SPC Limitation Provisions Arts. 10, 11)',
    },
    promisedDate: 'the debtor fixed a new performance date: the claim is infringed again only when it passes, so the new period runs from that date (Civil Code Arts. 188(1), 195(2))',
    transition: {
      until: '2017-10-01',
      years: 2,
      period: 'General Principles of Civil Law Art. 135: 2 years, until the General Provisions of the Civil Law took effect on 2017-10-01',
      rule: 'SPC Interpretation on the Limitation Period of the General Provisions of the Civil Law (2018) Art. 3: a 2-year period that had ended before 2017-10-01 stays ended; one still running on that day becomes 3 years',
    },
    revives: {
      acknowledgement: 'the debtor agreed to pay after expiry and lost the limitation defence (Civil Code Art. 192(2); SPC Limitation Provisions Art. 19)',
      repayment_plan: 'the debtor agreed to pay after expiry and lost the limitation defence (Civil Code Art. 192(2); SPC Limitation Provisions Art. 19)',
    },
    noRevival:
      'after expiry only the debtor\'s signed agreement to pay revives the claim (Civil Code Art. 192(2); SPC Limitation Provisions Art. 19); a demand or a part payment does not',
    suspension: { basis: 'Civil Code Art. 194' },
    ignored: {},
  },
  'GB-EAW': {
    id: 'GB-EAW',
    name: 'Limitation Act 1980 (England and Wales)',
    years: 6,
    period: 'Limitation Act 1980 s.5: 6 years from the date on which the cause of action accrued',
    barred: 'an action may no longer be brought (Limitation Act 1980 s.5) if the debtor pleads limitation',
    longStopYears: null,
    dateRule: 'the day the cause of action accrued is not counted (Marren v Dawson Bentley [1961] 2 QB 135); the period ends on the corresponding day, or the last day of the month when there is none',
    holidayRule: 'CPR 2.8(5): when the court office is closed on the last day, a claim issued on the next open day is in time',
    instalments: 'each',
    instalmentRule: 'each instalment is a cause of action of its own (s.5), so the date shown is that of the earliest instalment not fully paid',
    restarts: {
      acknowledgement: 'an acknowledgement in writing signed by the debtor (Limitation Act 1980 ss.29(5), 30)',
      repayment_plan: 'a repayment plan in writing signed by the debtor acknowledges the debt (Limitation Act 1980 ss.29(5), 30)',
      partial_payment: 'a part payment (Limitation Act 1980 s.29(5))',
    },
    proceedings: {
      suit_filed: 'claim brought: time stops for the claim when the claim form is issued (CPR 7.2)',
      arbitration_filed: 'arbitration commenced (Arbitration Act 1996 ss.13, 14): time stops for the claim',
    },
    proceedingsEnded: {
      effect: 'resume',
      basis: 'issuing a claim stops time only for that claim (Limitation Act 1980 s.35 aside); once it is discontinued or struck out, a new claim must be brought within the original period',
    },
    revives: {},
    noRevival: 'a right of action once barred is not revived by any later acknowledgement or payment (Limitation Act 1980 s.29(7))',
    suspension: { notModelled: 'suspension for an obstacle is a PRC rule (Civil Code Art. 194); the Limitation Act 1980 extends time only in other cases (ss.28, 32), which are not modelled' },
    ignored: {
      demand: 'under the Limitation Act 1980 a demand does not restart time; only an acknowledgement or a part payment does (s.29(5))',
      payment_order: 'a payment order is a PRC procedure; it has no effect under the Limitation Act 1980',
    },
  },
  'US-NY': {
    id: 'US-NY',
    name: 'New York CPLR',
    years: 6,
    period: 'CPLR 213(2): 6 years for an action upon a contractual obligation',
    barred: 'the claim is time-barred (CPLR 213(2)) if the debtor pleads it',
    longStopYears: null,
    dateRule: 'the day of accrual is not counted; the period ends on the corresponding day, or the last day of the month when there is none (General Construction Law § 20)',
    holidayRule: 'General Construction Law § 25-a: a last day on a Saturday, Sunday or public holiday moves to the next business day',
    instalments: 'each',
    instalmentRule: 'each instalment accrues separately, so the date shown is that of the earliest instalment not fully paid',
    restarts: {
      acknowledgement: 'an acknowledgement in a writing signed by the debtor (General Obligations Law § 17-101)',
      repayment_plan: 'a promise to pay in a writing signed by the debtor (General Obligations Law § 17-101)',
    },
    proceedings: {
      suit_filed: 'claim interposed: the summons is filed (CPLR 203(c)); time stops for the claim',
      arbitration_filed: 'demand for arbitration made (CPLR 7502(b)); time stops for the claim',
    },
    proceedingsEnded: {
      effect: 'resume',
      basis: 'the original period stands; CPLR 205(a) may allow a new action within six months of a termination other than a voluntary discontinuance, lack of personal jurisdiction, neglect to prosecute or a final judgment on the merits, which is not applied here: ask legal',
    },
    revives: {
      acknowledgement: 'a signed written acknowledgement revives a barred debt (General Obligations Law § 17-101)',
      repayment_plan: 'a signed written promise to pay revives a barred debt (General Obligations Law § 17-101)',
    },
    noRevival: 'after expiry only an acknowledgement or promise in a signed writing revives the debt (General Obligations Law § 17-101); a part payment does not',
    suspension: { notModelled: 'suspension for an obstacle is a PRC rule (Civil Code Art. 194); New York tolling (e.g. CPLR 204, 207) is not modelled' },
    ignored: {
      demand: 'in New York a demand does not toll or restart time',
      partial_payment:
        'not counted: in New York only a signed writing restarts time (General Obligations Law § 17-101); a part payment does so only when made in circumstances amounting to an unqualified acknowledgment of more being due (Lew Morris Demolition Co. v Board of Educ., 40 NY2d 516 (1976)), which a bank slip alone does not show; get the debtor\'s signed acknowledgement',
      payment_order: 'a payment order is a PRC procedure; it has no effect in New York',
    },
  },
};
