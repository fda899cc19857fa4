import type { Installment, Jurisdiction } from '../debt';
import type { DocumentType } from '../document-types';
import type { DebtorSignature } from '../extraction';
import type { LegalDate } from '../legal-date';
import type { LimitationEventType } from '../schemas';

/**
 * What the limitation engine reads (DESIGN §7): the debt's dates, the limitation-relevant events
 * recorded by collectors and legal, the payments recorded by finance and the documents that may
 * prove them. Structural types, so that stored items can be passed as they are.
 */
export interface LimitationFacts {
  jurisdiction: Jurisdiction;
  /** The debt's legal time zone: a sealed signature's instant becomes a date there. */
  timeZone: string;
  dueDate?: LegalDate;
  installments?: readonly Installment[];
  /** `LIM#` items: POST /v1/debts/{id}/events. */
  events: readonly RecordedLimitationEvent[];
  /** `PAY#` items: POST /v1/debts/{id}/payments. */
  payments: readonly RecordedPayment[];
  /** Every document of the debt, void ones included (they never count, but events may name them). */
  documents: readonly EvidenceFacts[];
}

export interface RecordedLimitationEvent {
  id: string;
  type: LimitationEventType;
  date: LegalDate;
  documentId?: string;
  /** For a demand letter: the `delivery_proof` document showing it reached the debtor. */
  deliveryProofId?: string;
  /** For a demand on a debt without an agreed due date: the last day of the grace period it gave. */
  graceUntil?: LegalDate;
  note?: string;
}

export interface RecordedPayment {
  id: string;
  amount: string;
  date: LegalDate;
  documentId?: string;
}

export interface EvidenceFacts {
  id: string;
  type: DocumentType;
  status: 'active' | 'void';
  voidReason?: string;
  documentDate?: LegalDate;
  /** Instant of upload: where an undated document is listed. */
  uploadedAt: string;
  supersededBy?: string;
  signedByDebtor?: DebtorSignature;
  /**
   * Extracted fields the engine reads (DESIGN §6): `reviewed` holds values a person confirmed,
   * the only ones that change the period; `extracted` what an engine read, for warnings and
   * suggestions only.
   */
  fields?: { reviewed: Partial<Record<LimitationFieldName, string>>; extracted: Partial<Record<LimitationFieldName, string>> };
}

/**
 * Extracted fields that bear on the period: `document_date` (compared with the typed date),
 * `promised_payment_date` (a new performance date in an acknowledgement), `debtor_remarks` and
 * `remarks_confirm_debt` (a reviewer's reading that the remarks on a visit record confirm the debt).
 */
export type LimitationFieldName = 'document_date' | 'promised_payment_date' | 'debtor_remarks' | 'remarks_confirm_debt';

/**
 * `partly_expired`: some instalments are barred and some are not (GB-EAW, US-NY: each instalment
 * accrues separately); `claimable` says how much may still be claimed.
 */
export type LimitationStatus = 'not_started' | 'running' | 'expiring' | 'expired' | 'partly_expired' | 'revived' | 'suspended';

/**
 * What an event did to the period. `claim_brought`: suit, arbitration or a payment order was
 * filed in time, so the period no longer runs against the claim.
 */
export type EventEffect = 'start' | 'interruption' | 'revival' | 'suspension_start' | 'suspension_end' | 'claim_brought' | 'proceedings_ended' | 'none';

/** One fact as the engine weighed it (DESIGN §7 `events[]`). */
export interface WeighedEvent {
  date: LegalDate;
  type: LimitationEventType;
  documentId?: string;
  /** True when the event is proved well enough and the regime gives it a legal meaning. */
  counted: boolean;
  /** True when the evidence rules are met, whatever the regime makes of the event. */
  proved: boolean;
  effect: EventEffect;
  /** Why it counts or not, and what it did, with the article. */
  reason: string;
  /** Where the fact comes from: a recorded event, a payment, or a document signed by the debtor. */
  source: 'event' | 'payment' | 'document';
  sourceId: string;
}

/**
 * The part of the result that does not depend on today: stored with the debt (it keys the
 * "debts by limitation expiry" index) and turned into a status for any day by `limitationOn`.
 */
export interface LimitationSnapshot {
  regime: Jurisdiction;
  startsOn: LegalDate | null;
  /** The last day, unless an open obstacle suspends the period or a claim was brought. */
  expiresOn: LegalDate | null;
  longStopOn: LegalDate | null;
  /** True when `expiresOn` is the long stop (which no suspension can extend). */
  endsByLongStop: boolean;
  /** True when the debtor agreed to pay after expiry (CN Art. 192(2); US-NY GOL 17-101). */
  revived: boolean;
  /** Start of an obstacle (Art. 194) that has not ended yet. */
  openObstacleSince: LegalDate | null;
  /** Day a suit, arbitration or payment order was filed in time (and has not ended since). */
  claimBroughtOn: LegalDate | null;
  /**
   * The last day before the holiday calendar moved it (Art. 203), when it did; `calendarUnknown`
   * when the last day lies in a year the shipped calendar does not cover.
   */
  lastDay?: { nominal: LegalDate; kind: 'moved' | 'calendar_unknown' };
  /** GB-EAW, US-NY instalment debts: each unpaid instalment with its own last day (s.5; CPLR 213(2)). */
  instalments?: InstalmentPeriod[];
}

/** One unpaid instalment of a debt whose instalments accrue separately. */
export interface InstalmentPeriod {
  dueDate: LegalDate;
  amount: string;
  /** What is left of it once payments settle the oldest instalments first. */
  unpaid: string;
  /** Its last day; null while a claim brought in time stops the period. */
  expiresOn: LegalDate | null;
}

export interface LimitationTimeline extends LimitationSnapshot {
  events: WeighedEvent[];
  explanation: string[];
  /** Documents whose typed date differs from the date read from them. */
  documentWarnings?: Array<{ documentId: string; warning: string }>;
}

/** DESIGN §7 result, plus the holiday caveat. */
export interface LimitationResult {
  regime: Jurisdiction;
  status: LimitationStatus;
  startsOn: LegalDate | null;
  expiresOn: LegalDate | null;
  longStopOn: LegalDate | null;
  /** Days from today to `expiresOn`; negative once expired; null when there is no last day. */
  daysLeft: number | null;
  events: WeighedEvent[];
  explanation: string[];
  /** The shipped calendar that moved (or could not place) the last day (Art. 203; CPR 2.8(5); GCL § 25-a). */
  holidayCalendar: HolidayCalendarUse;
  warnings: string[];
  /** A debt without a computable last day: why, and what to record (listed by the expiring list and the scan). */
  needsAttention: string | null;
  /** Instalment debts in GB-EAW and US-NY: each unpaid instalment, barred or not, on today. */
  instalments?: Array<InstalmentPeriod & { status: 'expired' | 'running' | 'suspended' }>;
  /** Instalment debts in GB-EAW and US-NY: what may still be claimed and what is barred, as decimal strings. */
  claimable?: { amount: string; barred: string };
  /** Documents whose typed date differs from the date read from them. */
  documentWarnings: Array<{ documentId: string; warning: string }>;
}

export interface HolidayCalendarUse {
  calendar: Jurisdiction;
  source: string;
  firstYear: number;
  lastYear: number;
  /** `moved`: the last day fell on a holiday or rest day; `calendar_unknown`: its year is not covered; `none`: no last day. */
  lastDay: 'working_day' | 'moved' | 'calendar_unknown' | 'none';
}
