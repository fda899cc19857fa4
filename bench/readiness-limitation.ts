import { performance } from 'node:perf_hooks';
import type { Jurisdiction } from '../functions/core/debt';
import type { DocumentType } from '../functions/core/document-types';
import type { ExtractedField, ExtractedFieldName } from '../functions/core/extraction';
import { addDays } from '../functions/core/legal-date';
import { type DocumentExtraction, principalBasis, reviewedAmountsOf } from '../functions/core/ledger/basis';
import { computeLimitation } from '../functions/core/limitation/engine';
import type { EvidenceFacts, LimitationFacts, RecordedLimitationEvent, RecordedPayment } from '../functions/core/limitation/types';
import { assessReadiness, type IntegrityFacts, type ReadinessDocument } from '../functions/core/readiness/checks';
import type { Figure } from './measure';

const DEBTS = 100_000;
const WARMUP = 5_000;
const TODAY = '2026-11-29';

/** Everything the two engines read for one debt. */
interface GeneratedDebt {
  limitation: LimitationFacts;
  documents: Array<ReadinessDocument & EvidenceFacts>;
  extractions: DocumentExtraction[];
  principal: string;
  uscc?: string;
  integrity: IntegrityFacts;
}

/**
 * Limitation (DESIGN §7) and readiness (DESIGN §8) for {@link DEBTS} generated debts, in process:
 * the pure functions only, over facts generated on the fly (2–14 documents, 0–6 events, 0–4
 * payments each, three regimes). The baseline is the same loop generating the same facts and
 * nothing else, so the difference is the engines' own cost. Peak heap is sampled every 1,000
 * debts; the process's peak RSS is printed too.
 */
export function benchReadinessAndLimitation(): Figure[] {
  const baseline = run((debt) => debt.documents.length);
  const engines = run((debt) => {
    const result = computeLimitation(debt.limitation, TODAY);
    const basis = principalBasis(reviewedAmountsOf(debt.documents, debt.extractions), 'CNY');
    const paid = debt.limitation.payments.reduce((sum, p) => sum + Number(p.amount), 0);
    const report = assessReadiness({
      debtor: { name: 'Bench Debtor Co.', ...(debt.uscc ? { uscc: debt.uscc } : {}) },
      jurisdiction: debt.limitation.jurisdiction,
      currency: 'CNY',
      collector: 'collector-1',
      claimedPrincipal: debt.principal,
      documents: debt.documents,
      extractions: debt.extractions,
      basis,
      payments: debt.limitation.payments.map((p) => ({ ...p, evidenced: p.documentId !== undefined })),
      outstandingOnBasis: basis.amount === null ? null : (Number(basis.amount) - paid).toFixed(2),
      limitation: result,
      integrity: debt.integrity,
    });
    return report.score + (result.daysLeft ?? 0);
  });
  console.log(`limitation + readiness: ${DEBTS.toLocaleString('en-US')} debts; peak RSS of the process so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  return [
    { name: `limitation + readiness, ${DEBTS / 1000}k debts`, value: engines.perSecond, unit: 'debts/s', baseline: { name: 'fact generation only', value: baseline.perSecond } },
    { name: 'peak heap during that run', value: engines.peakHeapMb, unit: 'MB', baseline: { name: 'fact generation only', value: baseline.peakHeapMb } },
  ];
}

function run(work: (debt: GeneratedDebt) => number): { perSecond: number; peakHeapMb: number } {
  const random = mulberry32(20261129);
  let checksum = 0;
  for (let i = 0; i < WARMUP; i++) checksum += work(generate(random, i));
  globalThis.gc?.();
  let peak = process.memoryUsage().heapUsed;
  const start = performance.now();
  for (let i = 0; i < DEBTS; i++) {
    checksum += work(generate(random, i));
    if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - start) / 1000;
  // The checksum is used, so no work can be optimised away.
  if (!Number.isFinite(checksum)) throw new Error('checksum');
  return { perSecond: DEBTS / seconds, peakHeapMb: peak / 1e6 };
}

const REGIMES: Jurisdiction[] = ['CN', 'CN', 'CN', 'CN', 'GB-EAW', 'US-NY'];
const EVENT_TYPES: RecordedLimitationEvent['type'][] = ['demand', 'acknowledgement', 'partial_payment', 'repayment_plan', 'suspension_start', 'suspension_end'];
const DOCUMENT_TYPES: DocumentType[] = ['contract', 'visa', 'change_negotiation', 'settlement', 'completion_acceptance', 'payment_record', 'visit_record', 'acknowledgement', 'demand_letter', 'delivery_proof', 'responsibility_book', 'invoice'];

function generate(random: () => number, index: number): GeneratedDebt {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const dueDate = addDays('2012-01-01', Math.floor(random() * 5400));
  const documents: GeneratedDebt['documents'] = Array.from({ length: 2 + Math.floor(random() * 13) }, (_, d) => ({
    id: `d${index}-${d}`,
    type: d === 0 ? 'contract' : pick(DOCUMENT_TYPES),
    status: random() < 0.05 ? 'void' : 'active',
    uploadedAt: '2026-01-01T00:00:00.000Z',
    documentDate: addDays(dueDate, Math.floor(random() * 3000)),
    extraction: { status: 'done' },
    ...(random() < 0.4 ? { signedByDebtor: { method: 'sealed' as const, at: `${addDays(dueDate, Math.floor(random() * 3000))}T04:00:00.000Z` } } : {}),
  }));
  const dated = (offset: number) => {
    const date = addDays(dueDate, offset);
    return date > TODAY ? TODAY : date;
  };
  const payments: RecordedPayment[] = Array.from({ length: Math.floor(random() * 5) }, (_, p) => ({
    id: `p${index}-${p}`,
    amount: `${1 + Math.floor(random() * 50000)}.00`,
    date: dated(Math.floor(random() * 3000)),
    ...(random() < 0.7 ? { documentId: pick(documents).id } : {}),
  }));
  const events: RecordedLimitationEvent[] = Array.from({ length: Math.floor(random() * 7) }, (_, e) => ({
    id: `e${index}-${e}`,
    type: pick(EVENT_TYPES),
    date: dated(Math.floor(random() * 3000)),
    ...(random() < 0.8 ? { documentId: pick(documents).id } : {}),
  }));
  const extractions = documents.map((document) => ({
    documentId: document.id,
    extraction: { status: 'done' as const, warnings: random() < 0.05 ? ['figure and uppercase disagree'] : [], fields: fieldsOf(document.type, random) },
  }));
  return {
    limitation: { jurisdiction: pick(REGIMES), timeZone: 'Asia/Shanghai', dueDate, events, payments, documents },
    documents,
    extractions,
    principal: `${100_000 + Math.floor(random() * 9_000_000)}.00`,
    ...(random() < 0.9 ? { uscc: '91350100M000100Y43' } : {}),
    integrity: { chain: { valid: true, length: 20 }, mismatchedDocumentIds: [], blobsChecked: documents.length, seals: 'not_available' },
  };
}

const AMOUNT_FIELD: Partial<Record<DocumentType, ExtractedFieldName>> = {
  contract: 'total_amount',
  visa: 'amount_change',
  change_negotiation: 'amount_change',
  settlement: 'settled_amount',
  payment_record: 'payment_amount',
  invoice: 'invoice_total',
};

function fieldsOf(type: DocumentType, random: () => number): ExtractedField[] {
  const name = AMOUNT_FIELD[type];
  if (!name) return [];
  return [{ name, value: `${Math.floor(random() * 1_000_000)}.00`, confidence: 0.9, page: 1, text: '', engine: 'bench', reviewed: random() < 0.9 }];
}

/** A small seeded generator, so every run generates the same debts. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
