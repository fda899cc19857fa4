import { describe, expect, it } from 'vitest';
import type { ExtractedField } from '../extraction';
import { type DocumentExtraction, principalBasis, reviewedAmountsOf } from '../ledger/basis';
import { computeLimitation } from '../limitation/engine';
import { assessReadiness, type CheckId, type ReadinessDocument, type ReadinessFacts } from './checks';

const TODAY = '2026-11-29';
const field = (name: ExtractedField['name'], value: string, reviewed = true, currency?: string): ExtractedField => ({
  name,
  value,
  confidence: 0.95,
  page: 1,
  text: value,
  engine: 'test',
  reviewed,
  ...(currency ? { currency } : {}),
});
const doc = (id: string, type: ReadinessDocument['type'], extra: Partial<ReadinessDocument> = {}): ReadinessDocument => ({ id, type, status: 'active', extraction: { status: 'done' }, ...extra });
const sealed = { signedByDebtor: { method: 'sealed' as const, at: '2026-10-10T04:00:00.000Z' } };

/** A file that passes every check: a signed contract plus a visa, acceptance, a slip-backed payment, a signed acknowledgement. */
function completeFile() {
  const documents = [
    doc('contract-1', 'contract'),
    doc('visa-1', 'visa'),
    doc('acceptance-1', 'completion_acceptance'),
    doc('slip-1', 'payment_record'),
    doc('ack-1', 'acknowledgement', sealed),
    doc('book-1', 'responsibility_book'),
  ];
  const extractions: DocumentExtraction[] = [
    { documentId: 'contract-1', extraction: { status: 'done' as const, warnings: [], fields: [field('total_amount', '1000000.00'), field('signature_present', 'true')] } },
    { documentId: 'visa-1', extraction: { status: 'done' as const, warnings: [], fields: [field('amount_change', '234567.89')] } },
    { documentId: 'slip-1', extraction: { status: 'done' as const, warnings: [], fields: [field('payment_amount', '100000.00')] } },
    { documentId: 'ack-1', extraction: { status: 'done' as const, warnings: [], fields: [field('acknowledged_balance', '1134567.89')] } },
  ];
  const payments = [{ id: 'pay-1', amount: '100000.00', date: '2025-03-01', documentId: 'slip-1' }];
  return { documents, extractions, payments, events: [{ id: 'ev-1', type: 'acknowledgement' as const, date: '2026-10-10', documentId: 'ack-1' }] };
}

type File = ReturnType<typeof completeFile>;

/** The complete file without its acknowledgement: no demand or acknowledgement at all. */
const withoutDemand = (f: File) => {
  f.events = [];
  f.documents = f.documents.filter((d) => d.id !== 'ack-1');
  f.extractions = f.extractions.filter((e) => e.documentId !== 'ack-1');
};

/** Gathers facts the way the service does, from a file and the debt's own fields. */
function factsOf(file: File, overrides: Partial<ReadinessFacts> = {}, debt: { principal?: string | null; dueDate?: string; uscc?: string | undefined; collector?: string } = {}): ReadinessFacts {
  const basis = principalBasis(reviewedAmountsOf(file.documents, file.extractions), 'CNY');
  const principal = debt.principal === undefined ? '1234567.89' : debt.principal;
  const paid = file.payments.reduce((sum, p) => sum + Number(p.amount), 0);
  const slips = new Set(file.documents.filter((d) => d.type === 'payment_record' && d.status === 'active').map((d) => d.id));
  const limitation = computeLimitation(
    { jurisdiction: 'CN', timeZone: 'Asia/Shanghai', dueDate: debt.dueDate ?? '2024-06-30', events: file.events, payments: file.payments, documents: file.documents.map((d) => ({ ...d, uploadedAt: '2026-01-01T00:00:00.000Z' })) },
    TODAY,
  );
  return {
    debtor: { name: '福州某某建设工程有限公司', ...('uscc' in debt ? (debt.uscc ? { uscc: debt.uscc } : {}) : { uscc: '91350100M000100Y43' }) },
    jurisdiction: 'CN',
    currency: 'CNY',
    ...('collector' in debt ? (debt.collector ? { collector: debt.collector } : {}) : { collector: 'collector-1' }),
    claimedPrincipal: principal,
    documents: file.documents,
    extractions: file.extractions,
    basis,
    payments: file.payments.map((p) => ({ ...p, evidenced: slips.has(p.documentId) })),
    // Computed in whole cents from the test's own figures.
    outstandingOnBasis: basis.amount === null ? null : (Math.round(Number(basis.amount) * 100 - paid * 100) / 100).toFixed(2),
    limitation,
    integrity: { chain: { valid: true, length: 12 }, mismatchedDocumentIds: [], blobsChecked: 6, seals: [{ documentId: 'ack-1', valid: true, detail: 'PAdES seal verifies' }] },
    ...overrides,
  };
}

/** The complete file with the limitation result's status changed (the engine is tested on its own). */
function withLimitation(status: Pick<ReadinessFacts['limitation'], 'status' | 'expiresOn' | 'daysLeft'>): ReadinessFacts {
  const facts = factsOf(completeFile());
  return { ...facts, limitation: { ...facts.limitation, ...status } };
}

function change(mutate: (file: File) => void): File {
  const file = completeFile();
  mutate(file);
  return file;
}

type Status = 'pass' | 'warn' | 'fail';
/** Name, facts, the check that changes, its status and detail, and any other check that follows from the same gap. */
const CASES: Array<[string, () => ReadinessFacts, CheckId, Status, RegExp, Partial<Record<CheckId, Status>>?]> = [
  ['PRC debtor without a USCC', () => factsOf(completeFile(), {}, { uscc: undefined }), 'parties', 'fail', /USCC/],
  ['USCC with a wrong check character', () => factsOf(completeFile(), {}, { uscc: '91350100M000100Y44' }), 'parties', 'fail', /not valid/],
  ['no contract', () => factsOf(change((f) => (f.documents = f.documents.filter((d) => d.type !== 'contract')))), 'contract', 'fail', /no contract/, { amount_basis: 'fail', payments: 'warn' }],
  [
    'contract total not reviewed',
    () => factsOf(change((f) => (f.extractions[0]!.extraction.fields = [field('total_amount', '1000000.00', false)]))),
    'contract',
    'fail',
    /not been reviewed/,
    { amount_basis: 'fail', payments: 'warn', extraction_reviewed: 'fail' },
  ],
  ['contract signature not confirmed', () => factsOf(change((f) => (f.extractions[0]!.extraction.fields = [field('total_amount', '1000000.00')]))), 'contract', 'warn', /no signature/],
  ['claim 0.5% above the basis (CNY 6,172.84 more)', () => factsOf(completeFile(), {}, { principal: '1240740.73' }), 'amount_basis', 'fail', /beyond 0\.5% or CNY 1,000/],
  ['claim CNY 1,000.01 above the basis (0.08%)', () => factsOf(completeFile(), {}, { principal: '1235567.90' }), 'amount_basis', 'fail', /differ by 1000\.01/],
  ['claim CNY 1,000.00 above the basis: within', () => factsOf(completeFile(), {}, { principal: '1235567.89' }), 'amount_basis', 'warn', /within the tolerance/],
  ['figure and uppercase amounts disagree', () => factsOf(change((f) => (f.extractions[1]!.extraction.warnings = ['figure 234567.89 and uppercase 贰拾叁万肆仟伍佰陆拾柒元 disagree']))), 'amount_basis', 'warn', /uppercase/],
  [
    'a contract total in another currency: no principal basis',
    () => factsOf(change((f) => (f.extractions[0]!.extraction.fields = [field('total_amount', '150000.00', true, 'USD'), field('signature_present', 'true')]))),
    'amount_basis',
    'fail',
    /no reviewed settlement or contract total/,
    { payments: 'warn' },
  ],
  ['no acceptance and no signed settlement', () => factsOf(change((f) => (f.documents = f.documents.filter((d) => d.type !== 'completion_acceptance')))), 'performance', 'fail', /no completion acceptance/],
  [
    'settlement without the debtor\'s signature',
    () =>
      factsOf(
        change((f) => {
          f.documents = [...f.documents.filter((d) => d.type !== 'completion_acceptance'), doc('settle-1', 'settlement')];
          f.extractions.push({ documentId: 'settle-1', extraction: { status: 'done', warnings: [], fields: [field('settled_amount', '1234567.89')] } });
        }),
      ),
    'performance',
    'warn',
    /not confirmed/,
  ],
  ['a payment without its slip', () => factsOf(change((f) => f.payments.push({ id: 'pay-2', amount: '1.00', date: '2025-04-01', documentId: undefined as unknown as string }))), 'payments', 'warn', /1 payment\(s\) without a payment record/],
  ['nothing outstanding', () => factsOf(completeFile(), { outstandingOnBasis: '0.00' }), 'payments', 'fail', /nothing is outstanding/],
  ['an acknowledgement the debtor never signed', () => factsOf(change((f) => (f.documents = f.documents.map((d) => (d.id === 'ack-1' ? doc('ack-1', 'acknowledgement') : d))))), 'demand', 'warn', /not signed by the debtor/],
  [
    'only a demand that set the start (SPC Art. 4), without proof',
    () => ({
      ...factsOf(completeFile()),
      limitation: computeLimitation({ jurisdiction: 'CN', timeZone: 'Asia/Shanghai', events: [{ id: 'ev-1', type: 'demand', date: '2025-02-01', graceUntil: '2025-03-01' }], payments: [], documents: [] }, TODAY),
    }),
    'demand',
    'warn',
    /none proved: demand of 2025-02-01/,
  ],
  ['expired', () => withLimitation({ status: 'expired', expiresOn: '2024-06-30', daysLeft: -882 }), 'limitation', 'fail', /expired on 2024-06-30.*Art\. 192/],
  ['expiring within 90 days', () => withLimitation({ status: 'expiring', expiresOn: '2027-01-31', daysLeft: 63 }), 'limitation', 'warn', /63 days left/],
  ['suspended', () => withLimitation({ status: 'suspended', expiresOn: null, daysLeft: null }), 'limitation', 'warn', /suspended/],
  ['a blob that no longer matches', () => factsOf(completeFile(), { integrity: { chain: { valid: true, length: 12 }, mismatchedDocumentIds: ['visa-1'], blobsChecked: 6, seals: [] } }), 'integrity', 'fail', /no longer match/],
  ['a broken audit chain', () => factsOf(completeFile(), { integrity: { chain: { valid: false, length: 12, firstInvalidSeq: 4 }, mismatchedDocumentIds: [], blobsChecked: 6, seals: [] } }), 'integrity', 'fail', /from event 4/],
  ['a seal that does not verify', () => factsOf(completeFile(), { integrity: { chain: { valid: true, length: 12 }, mismatchedDocumentIds: [], blobsChecked: 6, seals: [{ documentId: 'ack-1', valid: false, detail: 'digest mismatch' }] } }), 'integrity', 'fail', /digest mismatch/],
  ['sealed documents and no seal verifier', () => factsOf(completeFile(), { integrity: { chain: { valid: true, length: 12 }, mismatchedDocumentIds: [], blobsChecked: 6, seals: 'not_available' } }), 'integrity', 'warn', /seal verification not available/],
  ['an amount nobody reviewed', () => factsOf(change((f) => f.extractions[2]!.extraction.fields.push(field('payment_amount', '5.00', false)))), 'extraction_reviewed', 'fail', /nobody has reviewed/],
  ['an amount document not extracted yet', () => factsOf(change((f) => f.documents.push(doc('inv-1', 'invoice', { extraction: { status: 'pending' } })))), 'extraction_reviewed', 'warn', /inv-1 \(invoice\): extraction pending/],
  ['no collector', () => factsOf(completeFile(), {}, { collector: undefined }), 'responsibility', 'warn', /no collector.*not a filing prerequisite/],
  ['no demand at all: a warning, not a bar to filing', () => factsOf(change(withoutDemand)), 'demand', 'warn', /no demand or acknowledgement is recorded/],
  [
    'an acknowledged balance that differs from the ledger',
    () => factsOf(change((f) => (f.extractions[3]!.extraction.fields = [field('acknowledged_balance', '1100000.00')]))),
    'payments',
    'warn',
    /acknowledges 1100000\.00, but the ledger's outstanding is 1134567\.89/,
  ],
  [
    'a reviewed amount that differs from the extracted one',
    () => factsOf(change((f) => (f.extractions[1]!.extraction.fields = [{ ...field('amount_change', '234567.89'), extractedValue: '243567.89' }]))),
    'extraction_reviewed',
    'warn',
    /visa-1 \(visa\) amount_change: reviewed 234567\.89, extracted 243567\.89/,
  ],
  [
    'a reduction (调减) reviewed as a positive figure: subtracted, and flagged',
    () =>
      factsOf(
        change((f) => {
          f.documents.push(doc('neg-1', 'change_negotiation'));
          f.extractions.push({ documentId: 'neg-1', extraction: { status: 'done', warnings: [], fields: [{ ...field('amount_change', '12000.00'), text: '经双方确认，调减工程款 12,000.00 元' }] } });
          f.extractions[3]!.extraction.fields = [field('acknowledged_balance', '1122567.89')];
        }),
        {},
        { principal: '1222567.89' },
      ),
    'amount_basis',
    'warn',
    /claimed 1222567\.89, contract basis 1222567\.89 CNY.*neg-1: reviewed as an addition, but the document calls it a reduction/,
  ],
  ['no responsibility book', () => factsOf(change((f) => (f.documents = f.documents.filter((d) => d.type !== 'responsibility_book')))), 'responsibility', 'warn', /no responsibility book/],
];

describe('litigation readiness (DESIGN §8)', () => {
  it('passes every check on a complete file, with the documents behind each and its legal basis', () => {
    // Act
    const report = assessReadiness(factsOf(completeFile()));
    // Assess
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['parties', 'pass'],
      ['contract', 'pass'],
      ['amount_basis', 'pass'],
      ['performance', 'pass'],
      ['payments', 'pass'],
      ['demand', 'pass'],
      ['limitation', 'pass'],
      ['integrity', 'pass'],
      ['extraction_reviewed', 'pass'],
      ['responsibility', 'pass'],
    ]);
    expect(report).toMatchObject({ ready: true, score: 100 });
    expect(report.checks.find((c) => c.id === 'amount_basis')?.documentIds).toEqual(['contract-1', 'visa-1']);
    expect(report.checks.find((c) => c.id === 'demand')?.documentIds).toEqual(['ack-1']);
    expect(report.checks.find((c) => c.id === 'limitation')?.basis).toMatch(/Art\. 188/);
  });

  it.each(CASES)('%s → %s %s', (_name, facts, id, status, detail, also = {}) => {
    // Act
    const report = assessReadiness(facts());
    // Assess: that check, and only the checks that follow from the same gap, change.
    const check = report.checks.find((c) => c.id === id);
    expect(check?.status).toBe(status);
    expect(check?.detail).toMatch(detail);
    expect(Object.fromEntries(report.checks.filter((c) => c.id !== id && c.status !== 'pass').map((c) => [c.id, c.status]))).toEqual(also);
    expect(report.ready).toBe(status !== 'fail' && !Object.values(also).includes('fail'));
  });

  it('compares an acknowledged balance with the outstanding on its own balance date', () => {
    // Prepare: 1234567.89 acknowledged as of 2025-02-01, before the payment of 2025-03-01.
    const file = change((f) => (f.extractions[3]!.extraction.fields = [field('acknowledged_balance', '1234567.89'), field('balance_date', '2025-02-01')]));
    // Act
    const agreeing = assessReadiness(factsOf(file));
    const late = assessReadiness(factsOf(change((f) => (f.extractions[3]!.extraction.fields = [field('acknowledged_balance', '1234567.89'), field('balance_date', '2025-03-01')]))));
    // Assess: on 2025-03-01 the payment of that day is made, leaving 1134567.89.
    expect(agreeing.checks.find((c) => c.id === 'payments')?.status).toBe('pass');
    expect(late.checks.find((c) => c.id === 'payments')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/as of 2025-03-01, but the ledger's outstanding on that day is 1134567\.89/) });
  });

  it('never fails on demand or responsibility: a file without either is still ready', () => {
    // Prepare: no limitation events and no collector (limitation still running from the due date).
    const report = assessReadiness(factsOf(change(withoutDemand), {}, { collector: undefined }));
    // Assess
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([
      ['demand', 'warn'],
      ['responsibility', 'warn'],
    ]);
    expect(report.ready).toBe(true);
  });

  it('scores pass 1, warn 0.5, fail 0 out of 100; ready means no check fails', () => {
    const oneWarning = assessReadiness(factsOf(change((f) => (f.documents = f.documents.filter((d) => d.type !== 'responsibility_book')))));
    const failAndWarn = assessReadiness(factsOf(change((f) => (f.extractions[0]!.extraction.fields = [field('total_amount', '150000.00', true, 'USD'), field('signature_present', 'true')]))));
    expect([oneWarning.score, oneWarning.ready]).toEqual([95, true]);
    expect([failAndWarn.score, failAndWarn.ready]).toEqual([85, false]);
  });
});
