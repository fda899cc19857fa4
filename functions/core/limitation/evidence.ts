import type { DocumentType } from '../document-types';
import { legalDateAt, type LegalDate } from '../legal-date';
import type { LimitationEventType } from '../schemas';
import type { EvidenceFacts, LimitationFacts, RecordedLimitationEvent, WeighedEvent } from './types';

/**
 * The evidence rules of DESIGN §7: an event counts only when it is proved. Each fact becomes a
 * candidate event with whether it is proved and why; the regime then decides what it does.
 *
 * - A demand is proved by a document the debtor signed (visit record, acknowledgement, demand
 *   letter), or by a demand letter together with a `delivery_proof` (SPC Limitation Provisions
 *   Art. 8).
 * - An acknowledgement or repayment plan is proved by a document the debtor signed.
 * - A payment is proved by its `payment_record` (bank slip); an invoice is not proof of payment.
 * - Suit, arbitration and a payment order are proved by a `court_filing`.
 * - The start of an obstacle (suspension) needs a document; its end counts as recorded, because
 *   it can only shorten the period.
 * - "Signed by the debtor" means a sealed e-signature or a reviewer-confirmed scan
 *   (`signedByDebtor`). Void documents never prove anything.
 *
 * An event takes effect on the later of its recorded date and the date of its evidence (the
 * debtor's signature, the delivery): an interruption cannot precede its proof.
 */
export interface Candidate extends Omit<WeighedEvent, 'counted' | 'effect'> {
  graceUntil?: LegalDate;
}

const SIGNED_BY_DEBTOR: Partial<Record<LimitationEventType, readonly DocumentType[]>> = {
  demand: ['visit_record', 'acknowledgement', 'demand_letter'],
  acknowledgement: ['acknowledgement', 'visit_record'],
  repayment_plan: ['acknowledgement', 'visit_record', 'correspondence'],
};

/** Document types that become events of their own once the debtor signed them. */
const SIGNED_DOCUMENT_EVENTS: Partial<Record<DocumentType, LimitationEventType>> = {
  visit_record: 'demand',
  acknowledgement: 'acknowledgement',
};

const PROCEEDINGS: readonly LimitationEventType[] = ['suit_filed', 'arbitration_filed', 'payment_order'];

type Proof = { proved: true; reason: string; date?: LegalDate } | { proved: false; reason: string };

/**
 * Every fact that may bear on the period, proved or not, in date order: recorded events,
 * payments (as part payments) and documents signed by the debtor that no event names yet.
 *
 * @example
 * gatherCandidates({ jurisdiction: 'CN', timeZone: 'Asia/Shanghai', events: [], documents: [],
 *   payments: [{ id: 'p1', amount: '10.00', date: '2024-01-15' }] })[0].proved // false: no bank slip
 */
export function gatherCandidates(facts: LimitationFacts): Candidate[] {
  const documents = new Map(facts.documents.map((document) => [document.id, document]));
  const candidates: Candidate[] = [];

  for (const event of facts.events) {
    const proof = proveEvent(event, documents, facts.timeZone);
    candidates.push({
      date: proof.proved && proof.date && proof.date > event.date ? proof.date : event.date,
      type: event.type,
      ...(event.documentId ? { documentId: event.documentId } : {}),
      source: 'event',
      sourceId: event.id,
      proved: proof.proved,
      reason: proof.reason,
      ...(event.graceUntil ? { graceUntil: event.graceUntil } : {}),
    });
  }

  for (const payment of facts.payments) {
    const document = payment.documentId ? documents.get(payment.documentId) : undefined;
    const proof = payment.documentId ? proveByType(document, ['payment_record'], 'a payment is proved by its payment record (bank slip)') : noEvidence('no payment record (bank slip) is attached to the payment');
    candidates.push({
      date: payment.date,
      type: 'partial_payment',
      ...(payment.documentId ? { documentId: payment.documentId } : {}),
      source: 'payment',
      sourceId: payment.id,
      proved: proof.proved,
      reason: proof.proved ? `payment of ${payment.amount} ${proof.reason}` : `payment of ${payment.amount}: ${proof.reason}`,
    });
  }

  const named = new Set(facts.events.flatMap((event) => [event.documentId, event.deliveryProofId]).filter(Boolean));
  for (const document of facts.documents) {
    const type = SIGNED_DOCUMENT_EVENTS[document.type];
    // Only the newest version of a document stands for it; withdrawn ones are not evidence.
    if (!type || named.has(document.id) || document.status === 'void' || document.supersededBy) continue;
    const date = document.signedByDebtor ? signatureDate(document, facts.timeZone) : document.documentDate;
    const proof: Proof = !document.signedByDebtor
      ? { proved: false, reason: `this ${document.type} is not signed by the debtor yet (a sealed e-signature or a scan with a confirmed signature)` }
      : date
        ? { proved: true, reason: `${document.type} ${signatureText(document)}` }
        : { proved: false, reason: `the ${document.type} has no date: set its documentDate to the day the debtor signed (listed under its upload date)` };
    candidates.push({
      // An undated document is listed under the day it was uploaded, and never counted.
      date: date ?? legalDateAt(new Date(document.uploadedAt), facts.timeZone),
      type,
      documentId: document.id,
      source: 'document',
      sourceId: document.id,
      ...proof,
    });
  }

  return candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function proveEvent(event: RecordedLimitationEvent, documents: ReadonlyMap<string, EvidenceFacts>, timeZone: string): Proof {
  if (event.type === 'suspension_end') return { proved: true, reason: 'the end of an obstacle counts as recorded, since it can only shorten the period' };
  if (!event.documentId) return noEvidence(`no evidence document is attached to this ${event.type}`);
  const document = documents.get(event.documentId);
  if (event.type === 'partial_payment') return proveByType(document, ['payment_record'], 'a payment is proved by its payment record (bank slip)');
  if (PROCEEDINGS.includes(event.type)) return proveByType(document, ['court_filing'], 'a filing is proved by the court or arbitration filing');
  if (event.type === 'suspension_start') return proveByType(document, undefined, 'the obstacle must be shown by a document');

  const signedTypes = SIGNED_BY_DEBTOR[event.type] ?? [];
  if (!document) return noEvidence('the evidence document is not on this debt');
  if (document.status === 'void') return voided(document);
  if (document.signedByDebtor && signedTypes.includes(document.type)) {
    const date = signatureDate(document, timeZone);
    return { proved: true, reason: `${document.type} ${signatureText(document)}`, ...(date ? { date } : {}) };
  }
  if (event.type === 'demand' && document.type === 'demand_letter') {
    if (!event.deliveryProofId) return noEvidence('no proof that the demand letter reached the debtor: add a delivery_proof and name it as deliveryProofId (SPC Limitation Provisions Art. 8)');
    const proof = documents.get(event.deliveryProofId);
    if (!proof || proof.type !== 'delivery_proof') return noEvidence('deliveryProofId does not name a delivery_proof of this debt');
    if (proof.status === 'void') return voided(proof);
    return { proved: true, reason: 'demand letter with proof of delivery (SPC Limitation Provisions Art. 8(1))', ...(proof.documentDate ? { date: proof.documentDate } : {}) };
  }
  if (signedTypes.includes(document.type)) return noEvidence(`the ${document.type} is not signed by the debtor (a sealed e-signature or a scan with a confirmed signature)`);
  return noEvidence(`${withArticle(document.type)} does not prove ${withArticle(event.type)}; ${event.type === 'demand' ? 'a demand letter with proof of delivery, or a document' : 'a document'} signed by the debtor does`);
}

function proveByType(document: EvidenceFacts | undefined, types: readonly DocumentType[] | undefined, rule: string): Proof {
  if (!document) return noEvidence('the evidence document is not on this debt');
  if (document.status === 'void') return voided(document);
  if (types && !types.includes(document.type)) return noEvidence(`${rule}; ${withArticle(document.type)} is not`);
  return { proved: true, reason: `proved by ${document.type} ${document.id}` };
}

function noEvidence(reason: string): Proof {
  return { proved: false, reason };
}

function voided(document: EvidenceFacts): Proof {
  return { proved: false, reason: `the ${document.type} ${document.id} is void${document.voidReason ? ` (${document.voidReason})` : ''}; void documents never count` };
}

/** The day the debtor signed: the seal's instant in the debt's zone, or the date on a confirmed scan. */
function signatureDate(document: EvidenceFacts, timeZone: string): LegalDate | undefined {
  const signature = document.signedByDebtor;
  if (signature?.method === 'sealed') return legalDateAt(new Date(signature.at), timeZone);
  return document.documentDate;
}

function signatureText(document: EvidenceFacts): string {
  const signature = document.signedByDebtor;
  if (signature?.method === 'sealed') return 'signed by the debtor with a sealed e-signature';
  return `signed by the debtor (scan, signature confirmed${signature?.confirmedBy ? ` by ${signature.confirmedBy}` : ''})`;
}

function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
