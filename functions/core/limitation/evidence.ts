import type { DocumentType } from '../document-types';
import { legalDateAt, type LegalDate } from '../legal-date';
import type { LimitationEventType } from '../schemas';
import type { EvidenceFacts, LimitationFacts, RecordedLimitationEvent, WeighedEvent } from './types';

/**
 * The evidence rules of DESIGN §7: an event counts only when it is proved. Each fact becomes a
 * candidate event with whether it is proved and why; the regime then decides what it does.
 *
 * - A demand is proved by a document the debtor signed (visit record, acknowledgement, demand
 *   letter: SPC Limitation Provisions Art. 8(1)), or by a demand letter together with a
 *   `delivery_proof` (a letter that reached the debtor: Art. 8(2)).
 * - An acknowledgement or repayment plan is proved by an acknowledgement signed by the debtor, by
 *   the debtor's own letter (`debtor_letter`: a repayment plan or a request for time, SPC Art. 14),
 *   or by a signed visit record whose debtor's remarks a reviewer confirmed as confirming the debt
 *   or promising to pay (reviewed field `remarks_confirm_debt` = `true`). A signed visit record
 *   without that confirmation proves a demand only.
 * - A payment is proved by its `payment_record` (bank slip); an invoice is not proof of payment.
 * - Suit, arbitration, a payment order and the end of those proceedings (the ruling) are proved
 *   by a `court_filing`.
 * - The start of an obstacle (suspension) needs a document; its end counts as recorded, because
 *   it can only shorten the period.
 * - "Signed by the debtor" means a sealed e-signature or a reviewer-confirmed scan
 *   (`signedByDebtor`). Void documents never prove anything.
 *
 * An event takes effect on the later of its recorded date and the date of its evidence (the
 * debtor's signature, the delivery): an interruption cannot precede its proof. An event dated
 * after its evidence document's own date is not counted: a document cannot prove a later event.
 * Where the typed document date and the reviewed `document_date` differ, the earlier one is used.
 */
export interface Candidate extends Omit<WeighedEvent, 'counted' | 'effect'> {
  graceUntil?: LegalDate;
  /** A new performance date the debtor fixed in the acknowledgement (reviewed `promised_payment_date`). */
  promisedDate?: LegalDate;
}

const SIGNED_BY_DEBTOR: Partial<Record<LimitationEventType, readonly DocumentType[]>> = {
  demand: ['visit_record', 'acknowledgement', 'demand_letter'],
  acknowledgement: ['acknowledgement', 'visit_record'],
  repayment_plan: ['acknowledgement', 'visit_record', 'correspondence'],
};

/** Event types that are the debtor's agreement to perform (SPC Art. 14). */
const AGREEMENTS: readonly LimitationEventType[] = ['acknowledgement', 'repayment_plan'];

/** Document types that become events of their own once they count. */
const DOCUMENT_EVENTS: Partial<Record<DocumentType, LimitationEventType>> = {
  visit_record: 'demand',
  acknowledgement: 'acknowledgement',
  debtor_letter: 'repayment_plan',
};

const PROCEEDINGS: readonly LimitationEventType[] = ['suit_filed', 'arbitration_filed', 'payment_order', 'proceedings_ended'];

type Proof = { proved: true; reason: string; date?: LegalDate } | { proved: false; reason: string };

/**
 * Every fact that may bear on the period, proved or not, in date order: recorded events,
 * payments (as part payments) and documents of the debtor that no event names yet.
 *
 * @example
 * gatherCandidates({ jurisdiction: 'CN', timeZone: 'Asia/Shanghai', events: [], documents: [],
 *   payments: [{ id: 'p1', amount: '10.00', date: '2024-01-15' }] })[0].proved // false: no bank slip
 */
export function gatherCandidates(facts: LimitationFacts): Candidate[] {
  const documents = new Map(facts.documents.map((document) => [document.id, document]));
  const candidates: Candidate[] = [];

  for (const event of facts.events) {
    const proof = laterThanProof(event.date, proveEvent(event, documents, facts.timeZone));
    const document = event.documentId ? documents.get(event.documentId) : undefined;
    const promisedDate = AGREEMENTS.includes(event.type) ? promisedDateOf(document) : undefined;
    candidates.push({
      date: proof.proved && proof.date && proof.date > event.date ? proof.date : event.date,
      type: event.type,
      ...(event.documentId ? { documentId: event.documentId } : {}),
      source: 'event',
      sourceId: event.id,
      proved: proof.proved,
      reason: proof.reason,
      ...(event.graceUntil ? { graceUntil: event.graceUntil } : {}),
      ...(proof.proved && promisedDate ? { promisedDate } : {}),
    });
  }

  for (const payment of facts.payments) {
    const document = payment.documentId ? documents.get(payment.documentId) : undefined;
    const proof = laterThanProof(
      payment.date,
      payment.documentId ? proveByType(document, ['payment_record'], 'a payment is proved by its payment record (bank slip)') : noEvidence('no payment record (bank slip) is attached to the payment'),
    );
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
    const ownType = DOCUMENT_EVENTS[document.type];
    // Only the newest version of a document stands for it; withdrawn ones are not evidence.
    if (!ownType || named.has(document.id) || document.status === 'void' || document.supersededBy) continue;
    const confirmsDebt = document.type === 'visit_record' && remarksConfirmDebt(document);
    const type: LimitationEventType = confirmsDebt ? 'acknowledgement' : ownType;
    const proof = proveDocument(document, facts.timeZone);
    const promisedDate = type !== 'demand' ? promisedDateOf(document) : undefined;
    candidates.push({
      // An undated document is listed under the day it was uploaded, and never counted.
      date: (proof.proved && proof.date) || datedOn(document) || legalDateAt(new Date(document.uploadedAt), facts.timeZone),
      type,
      documentId: document.id,
      source: 'document',
      sourceId: document.id,
      proved: proof.proved,
      reason: proof.proved && document.type === 'visit_record' ? `${proof.reason}${visitRecordReading(document)}` : proof.reason,
      ...(proof.proved && promisedDate ? { promisedDate } : {}),
    });
  }

  return candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Documents whose typed date (`documentDate`) differs from the date read from them (the reviewed
 * `document_date`, else the extracted one): a warning on the document and in readiness.
 *
 * @example
 * documentDateWarnings([{ id: 'd1', documentDate: '2026-03-01', fields: { reviewed: {}, extracted: { document_date: '2026-03-10' } }, … }])
 * // [{ documentId: 'd1', warning: 'the typed date 2026-03-01 differs from the date read from the document, 2026-03-10 (extracted, not yet reviewed); …' }]
 */
export function documentDateWarnings(documents: readonly EvidenceFacts[]): Array<{ documentId: string; warning: string }> {
  return documents.flatMap((document) => {
    if (document.status === 'void' || document.supersededBy || !document.documentDate) return [];
    const reviewed = document.fields?.reviewed.document_date;
    const read = reviewed ?? document.fields?.extracted.document_date;
    if (!read || read === document.documentDate) return [];
    return [
      {
        documentId: document.id,
        warning: `${document.type} ${document.id}: the typed date ${document.documentDate} differs from the date read from the document, ${read} (${reviewed ? 'reviewed' : 'extracted, not yet reviewed'}); ${reviewed ? `the earlier, ${earlier(read, document.documentDate)}, is used for the limitation period` : 'review document_date or correct the typed date'}`,
      },
    ];
  });
}

function proveEvent(event: RecordedLimitationEvent, documents: ReadonlyMap<string, EvidenceFacts>, timeZone: string): Proof {
  if (event.type === 'suspension_end') return { proved: true, reason: 'the end of an obstacle counts as recorded, since it can only shorten the period' };
  if (!event.documentId) return noEvidence(`no evidence document is attached to this ${event.type}`);
  const document = documents.get(event.documentId);
  if (event.type === 'partial_payment') return proveByType(document, ['payment_record'], 'a payment is proved by its payment record (bank slip)');
  if (event.type === 'proceedings_ended') return proveByType(document, ['court_filing'], 'the end of the proceedings is proved by the ruling or notice, filed as a court_filing');
  if (PROCEEDINGS.includes(event.type)) return proveByType(document, ['court_filing'], 'a filing is proved by the court or arbitration filing');
  if (event.type === 'suspension_start') return proveByType(document, undefined, 'the obstacle must be shown by a document');

  const signedTypes = SIGNED_BY_DEBTOR[event.type] ?? [];
  if (!document) return noEvidence('the evidence document is not on this debt');
  if (document.status === 'void') return voided(document);
  if (AGREEMENTS.includes(event.type) && document.type === 'debtor_letter') return proveDocument(document, timeZone);
  if (AGREEMENTS.includes(event.type) && document.type === 'visit_record' && !remarksConfirmDebt(document)) {
    return noEvidence(`a visit record proves a demand; it counts as the debtor's agreement to perform only once a reviewer confirms that the debtor's remarks confirm the debt or promise to pay (review remarks_confirm_debt: "true")${suggestion(document)}`);
  }
  if (document.signedByDebtor && signedTypes.includes(document.type)) {
    const date = signatureDate(document, timeZone);
    const basis = event.type === 'demand' ? ' (SPC Limitation Provisions Art. 8(1))' : '';
    return { proved: true, reason: `${document.type} ${signatureText(document)}${basis}`, ...(date ? { date } : {}) };
  }
  if (event.type === 'demand' && document.type === 'demand_letter') {
    if (!event.deliveryProofId) return noEvidence('no proof that the demand letter reached the debtor: add a delivery_proof and name it as deliveryProofId (SPC Limitation Provisions Art. 8(2))');
    const proof = documents.get(event.deliveryProofId);
    if (!proof || proof.type !== 'delivery_proof') return noEvidence('deliveryProofId does not name a delivery_proof of this debt');
    if (proof.status === 'void') return voided(proof);
    const date = datedOn(proof);
    return { proved: true, reason: 'demand letter sent, with proof that it reached the debtor (SPC Limitation Provisions Art. 8(2))', ...(date ? { date } : {}) };
  }
  if (signedTypes.includes(document.type)) return noEvidence(`the ${document.type} is not signed by the debtor (a sealed e-signature or a scan with a confirmed signature)`);
  return noEvidence(`${withArticle(document.type)} does not prove ${withArticle(event.type)}; ${event.type === 'demand' ? 'a demand letter with proof of delivery, or a document' : 'a document'} signed by the debtor does`);
}

/** Whether a document standing on its own (no event names it) counts, and from when. */
function proveDocument(document: EvidenceFacts, timeZone: string): Proof {
  if (document.status === 'void') return voided(document);
  if (document.type === 'debtor_letter') {
    const date = datedOn(document);
    return date
      ? { proved: true, reason: `the debtor's own letter (a repayment plan or a request for time) is its agreement to perform (SPC Limitation Provisions Art. 14)`, date }
      : noEvidence('the debtor_letter has no date: set its documentDate to the date of the letter (listed under its upload date)');
  }
  if (!document.signedByDebtor) return noEvidence(`this ${document.type} is not signed by the debtor yet (a sealed e-signature or a scan with a confirmed signature)`);
  const date = signatureDate(document, timeZone);
  if (!date) return noEvidence(`the ${document.type} has no date: set its documentDate to the day the debtor signed (listed under its upload date)`);
  return { proved: true, reason: `${document.type} ${signatureText(document)}`, date };
}

/** An event dated after the date of the document that proves it is not proved by it. */
function laterThanProof(date: LegalDate, proof: Proof): Proof {
  if (!proof.proved || !proof.date || date <= proof.date) return proof;
  return noEvidence(`dated ${date}, after its evidence document's own date ${proof.date}: a document cannot prove a later event; correct the date`);
}

function proveByType(document: EvidenceFacts | undefined, types: readonly DocumentType[] | undefined, rule: string): Proof {
  if (!document) return noEvidence('the evidence document is not on this debt');
  if (document.status === 'void') return voided(document);
  if (types && !types.includes(document.type)) return noEvidence(`${rule}; ${withArticle(document.type)} is not`);
  const date = datedOn(document);
  return { proved: true, reason: `proved by ${document.type} ${document.id}`, ...(date ? { date } : {}) };
}

function noEvidence(reason: string): Proof {
  return { proved: false, reason };
}

function voided(document: EvidenceFacts): Proof {
  return { proved: false, reason: `the ${document.type} ${document.id} is void${document.voidReason ? ` (${document.voidReason})` : ''}; void documents never count` };
}

/** A reviewer's reading of the debtor's remarks on a visit record (DESIGN §7; README, Limitation). */
function remarksConfirmDebt(document: EvidenceFacts): boolean {
  return document.fields?.reviewed.remarks_confirm_debt === 'true';
}

function visitRecordReading(document: EvidenceFacts): string {
  if (remarksConfirmDebt(document)) {
    const remarks = document.fields?.reviewed.debtor_remarks ?? document.fields?.extracted.debtor_remarks;
    return `; a reviewer confirmed that the debtor's remarks${remarks ? ` ("${remarks}")` : ''} confirm the debt: the debtor's agreement to perform (SPC Limitation Provisions Arts. 14, 19)`;
  }
  return suggestion(document);
}

/** The extraction's suggestion, while no reviewer has read the remarks. */
function suggestion(document: EvidenceFacts): string {
  const remarks = document.fields?.reviewed.debtor_remarks ?? document.fields?.extracted.debtor_remarks;
  if (!remarks || document.fields?.reviewed.remarks_confirm_debt !== undefined) return '';
  return `; the debtor's remarks read "${remarks}": if they confirm the debt or promise to pay, a reviewer sets remarks_confirm_debt to "true" and the record counts as the debtor's agreement to perform`;
}

function promisedDateOf(document: EvidenceFacts | undefined): LegalDate | undefined {
  return document && document.status === 'active' ? document.fields?.reviewed.promised_payment_date : undefined;
}

/** The document's own date: the earlier of the typed one and the reviewed `document_date`. */
function datedOn(document: EvidenceFacts): LegalDate | undefined {
  const reviewed = document.fields?.reviewed.document_date;
  if (reviewed && document.documentDate) return earlier(reviewed, document.documentDate);
  return document.documentDate ?? reviewed;
}

/** The day the debtor signed: the seal's instant in the debt's zone, or the date on a confirmed scan. */
function signatureDate(document: EvidenceFacts, timeZone: string): LegalDate | undefined {
  const signature = document.signedByDebtor;
  if (signature?.method === 'sealed') return legalDateAt(new Date(signature.at), timeZone);
  return datedOn(document);
}

function signatureText(document: EvidenceFacts): string {
  const signature = document.signedByDebtor;
  if (signature?.method === 'sealed') return 'signed by the debtor with a sealed e-signature';
  return `signed by the debtor (scan, signature confirmed${signature?.confirmedBy ? ` by ${signature.confirmedBy}` : ''})`;
}

function earlier(a: LegalDate, b: LegalDate): LegalDate {
  return a < b ? a : b;
}

function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
