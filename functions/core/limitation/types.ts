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
}

export type LimitationStatus = 'not_started' | 'running' | 'expiring' | 'expired' | 'revived' | 'suspended';

/**
 * What an event did to the period. `claim_brought`: suit, arbitration or a payment order was
 * filed in time, so the period no longer runs against the claim.
 */
export type EventEffect = 'start' | 'interruption' | 'revival' | 'suspension_start' | 'suspension_end' | 'claim_brought' | 'none';

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
  /** Day a suit, arbitration or payment order was filed in time. */
  claimBroughtOn: LegalDate | null;
}

export interface LimitationTimeline extends LimitationSnapshot {
  events: WeighedEvent[];
  explanation: string[];
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
  /** Public holidays are not known to the service: a last day on one is flagged, never moved. */
  holidayCalendar: 'not_configured';
  warnings: string[];
}
