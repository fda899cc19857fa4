import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Debt } from '../core/debt';
import type { ExtractedField } from '../core/extraction';
import type { EvidenceDocument } from '../services/documents';
import { TableExtractionFacts } from '../services/extraction-facts';
import { ReadinessService } from '../services/readiness';
import { keys, withoutKeys } from '../services/table-layout';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';
import { signThroughLinks } from '../testing/signing';

/** Today is 2026-11-29 in Shanghai (the harness clock). */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.dispose());

async function upload(user: string, debtId: string, type: string, extra: Record<string, string> = {}): Promise<EvidenceDocument> {
  const response = await h.as(user).upload(debtId, { bytes: await makePdf(`${type} ${Math.random()}`), filename: `${type}.pdf` }, { type, ...extra });
  expect(response.status).toBe(201);
  return response.json();
}

const reviewed = (name: ExtractedField['name'], value: string): ExtractedField => ({ name, value, confidence: 0.97, page: 1, text: value, engine: 'pdf-text', reviewed: true, reviewedBy: 'legal-1', reviewedAt: '2026-11-20T02:00:00.000Z' });

/** What the extraction service stores under the agreed key `EXT#<documentId>`. */
async function storeExtraction(debtId: string, documentId: string, fields: ExtractedField[], warnings: string[] = []): Promise<void> {
  await h.table.transact([{ put: { ...keys.extraction(debtId, documentId), documentId, status: 'done', engine: 'pdf-text', fields, warnings } }]);
}

/** A file that is ready: signed contract + visa = principal, acceptance, a payment with its slip, a sealed acknowledgement, a responsibility book. */
async function readyFile() {
  const debt = await h.createDebt({ principal: '1234567.89', dueDate: '2024-06-30' });
  const contract = await upload('sales-1', debt.id, 'contract');
  const visa = await upload('sales-1', debt.id, 'visa');
  await upload('sales-1', debt.id, 'completion_acceptance');
  const slip = await upload('finance-1', debt.id, 'payment_record');
  await upload('finance-1', debt.id, 'responsibility_book');
  // The debtor signs an acknowledgement through its link; the service seals it and records the event.
  const { documentId } = await signThroughLinks(h, debt.id, 'acknowledgement.zh-CN');
  const acknowledgement = (await (await h.as('legal-1').get(`/v1/debts/${debt.id}/documents/${documentId}`)).json()) as EvidenceDocument;
  await storeExtraction(debt.id, contract.id, [reviewed('total_amount', '1000000.00'), reviewed('signature_present', 'true')]);
  await storeExtraction(debt.id, visa.id, [reviewed('amount_change', '234567.89')]);
  await storeExtraction(debt.id, slip.id, [reviewed('payment_amount', '100000.00')]);
  await storeExtraction(debt.id, acknowledgement.id, [reviewed('acknowledged_balance', '1134567.89')]);
  expect((await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '100000.00', date: '2025-03-01', documentId: slip.id })).status).toBe(201);
  return { debt, contract, visa, slip, acknowledgement };
}

const statuses = (report: { checks: Array<{ id: string; status: string }> }) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

describe('GET /v1/debts/{id}/readiness', () => {
  it('passes a complete file, its sealed acknowledgement verified', async () => {
    // Prepare
    const { debt, acknowledgement } = await readyFile();
    // Act
    const response = await h.as('sales-1').get(`/v1/debts/${debt.id}/readiness`);
    // Assess
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(statuses(report)).toEqual({
      parties: 'pass',
      contract: 'pass',
      amount_basis: 'pass',
      performance: 'pass',
      payments: 'pass',
      demand: 'pass',
      limitation: 'pass',
      integrity: 'pass',
      extraction_reviewed: 'pass',
      responsibility: 'pass',
    });
    expect(report).toMatchObject({ ready: true, score: 100 });
    expect(acknowledgement.signedByDebtor).toMatchObject({ method: 'sealed' });
  });

  it('fails integrity when a stored file was changed, and when a seal does not verify', async () => {
    // Prepare
    const { debt, visa, acknowledgement } = await readyFile();
    const path = join(h.dataDir, 'blobs', 'sha256', visa.sha256.slice(0, 2), visa.sha256.slice(2, 4), visa.sha256);
    await chmod(path, 0o644);
    await writeFile(path, await makePdf('a forged visa'));
    const withVerifier = new ReadinessService(h.table, h.blobs, h.clock, new TableExtractionFacts(h.table), async (pdf, document) =>
      // A verifier that rejects what it is given: the check must report it, with the document.
      ({ valid: false, detail: `no signature dictionary in ${pdf.length} bytes of ${document.id}` }),
    );
    // Act
    const report = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/readiness`)).json();
    const verified = await withVerifier.assess(withoutKeys<Debt>((await h.table.get(keys.debt(debt.id)))!));
    // Assess
    expect(report.ready).toBe(false);
    expect(report.checks.find((c: { id: string }) => c.id === 'integrity')).toMatchObject({ status: 'fail', documentIds: [visa.id] });
    const integrity = verified.checks.find((c) => c.id === 'integrity');
    expect(integrity?.status).toBe('fail');
    expect(integrity?.documentIds.sort()).toEqual([visa.id, acknowledgement.id].sort());
    expect(integrity?.detail).toMatch(new RegExp(`seal of ${acknowledgement.id} does not verify`));
  });

  it('fails an empty file on the checks that need documents, and changes nothing', async () => {
    // Prepare
    const debt = await h.createDebt({ assignees: {} });
    const before = (await (await h.as('legal-1').get(`/v1/debts/${debt.id}/audit`)).json()).head;
    // Act
    const report = await (await h.as('auditor-1').get(`/v1/debts/${debt.id}/readiness`)).json();
    // Assess
    expect(statuses(report)).toEqual({
      parties: 'pass',
      contract: 'fail',
      amount_basis: 'fail',
      performance: 'fail',
      payments: 'warn',
      demand: 'warn',
      limitation: 'pass',
      integrity: 'pass',
      extraction_reviewed: 'pass',
      responsibility: 'warn',
    });
    expect(report).toMatchObject({ ready: false, score: 55 });
    expect((await (await h.as('legal-1').get(`/v1/debts/${debt.id}/audit`)).json()).head).toEqual(before);
  });
});

describe('GET /v1/debts/{id}/ledger', () => {
  it('shows the basis from reviewed amounts, the payments with their evidence, and what is outstanding', async () => {
    // Prepare
    const { debt, contract, visa, slip } = await readyFile();
    await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '0.11', date: '2025-04-01' });
    // Act
    const ledger = await (await h.as('collector-1').get(`/v1/debts/${debt.id}/ledger`)).json();
    // Assess
    expect(ledger).toMatchObject({
      currency: 'CNY',
      claimedPrincipal: '1234567.89',
      basis: { kind: 'contract', amount: '1234567.89' },
      difference: '0.00',
      paid: '100000.11',
      outstanding: '1134567.78',
      outstandingOnBasis: '1134567.78',
    });
    expect(ledger.basis.lines.map((l: { documentId: string }) => l.documentId)).toEqual([contract.id, visa.id]);
    expect(ledger.payments.map((p: { amount: string; documentId?: string; evidenced: boolean }) => [p.amount, p.documentId ?? null, p.evidenced])).toEqual([
      ['100000.00', slip.id, true],
      ['0.11', null, false],
    ]);
  });
});

describe('GET /v1/debts/{id}/interest', () => {
  it('computes late-payment interest at the contract rate or the LPR, less payments', async () => {
    // Prepare: 100000 due 2024-01-31; 40000 paid on 2024-06-30.
    const debt = await h.createDebt({ principal: '100000.00', dueDate: '2024-01-31' });
    await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '40000.00', date: '2024-06-30' });
    // Act
    const contract = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/interest?asOf=2024-12-31&basis=contract&rate=6`)).json();
    const lpr = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/interest?asOf=2024-12-31&basis=lpr&factor=1.5`)).json();
    // Assess: 151 days on 100000 and 184 days on 60000.
    expect(contract).toMatchObject({ currency: 'CNY', interest: '4296.98', outstandingPrincipal: '60000.00', total: '64296.98' });
    // LPR in force on 2024-02-01 (the day of breach) is 3.45%: × 1.5 = 5.175%.
    expect(lpr.segments.map((s: { annualRate: string; days: number }) => [s.annualRate, s.days])).toEqual([
      ['5.175', 151],
      ['5.175', 184],
    ]);
    expect(lpr.terms).toEqual({ asOf: '2024-12-31', basis: 'lpr', factor: '1.5', dayCount: 365, lprFixing: 'at_breach' });
  });

  it('charges a debt due before the LPR reform at the PBOC benchmark rate, then the LPR; or the LPR at filing', async () => {
    // Prepare: 100000 due 2018-12-31; interest to 2019-12-31 (hand-worked in ledger.test.ts).
    const debt = await h.createDebt({ principal: '100000.00', dueDate: '2018-12-31' });
    // Act
    const floating = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/interest?asOf=2019-12-31&lprFixing=daily`)).json();
    const atFiling = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/interest?asOf=2019-12-31&lprFixing=at_filing&filedOn=2024-12-31`)).json();
    // Assess: 231 days at 4.35% (2753.01), then 31 days at 4.25, 61 at 4.20, 42 at 4.15; at filing, 365 days at 3.10%.
    expect(floating.segments.map((s: { days: number; annualRate: string; rateSource: string }) => [s.days, s.annualRate, s.rateSource])).toEqual([
      [231, '4.35', 'pboc_benchmark'],
      [31, '4.25', 'lpr'],
      [61, '4.2', 'lpr'],
      [42, '4.15', 'lpr'],
    ]);
    expect(floating.interest).toBe('4293.42');
    expect(atFiling).toMatchObject({ interest: '3100.00', terms: { lprFixing: 'at_filing', filedOn: '2024-12-31' } });
  });

  it('refuses terms that do not fit, and debts it cannot compute', async () => {
    // Prepare
    const debt = await h.createDebt({ principal: '100.00', dueDate: '2019-06-30' });
    const undated = await h.createDebt({ principal: '100.00', dueDate: undefined });
    const get = (id: string, query: string) => h.as('legal-1').get(`/v1/debts/${id}/interest?${query}`);
    // Act / Assess
    for (const query of ['basis=contract', 'basis=lpr&rate=5', 'basis=contract&rate=6&factor=1.5', 'factor=abc', 'factor=0', 'dayCount=366', 'asOf=2024-02-30', 'rate=150&basis=contract', 'bogus=1']) {
      expect((await get(debt.id, query)).status, query).toBe(400);
    }
    const old = await h.createDebt({ principal: '100.00', dueDate: '1999-05-31' });
    const beforeBenchmark = await get(old.id, 'asOf=2000-01-01');
    expect(beforeBenchmark.status).toBe(422);
    expect((await beforeBenchmark.json()).detail).toMatch(/no reference rate for 1999-06-01/);
    expect((await get(debt.id, 'filedOn=2024-12-31')).status).toBe(400);
    expect((await get(undated.id, 'basis=contract&rate=6')).status).toBe(422);
    expect((await (await get(undated.id, 'basis=contract&rate=6&from=2026-01-31&asOf=2026-03-02')).json()).interest).toBe('0.49');
  });
});

describe('GET /v1/debts/{id}/claim-sheet', () => {
  it('gives the claim calculation sheet with the court fee, ordinary or summary (hand-worked in claim-sheet.test.ts)', async () => {
    // Prepare: 100000 due 2018-12-31; 40000 paid on 2019-06-30.
    const debt = await h.createDebt({ principal: '100000.00', dueDate: '2018-12-31' });
    await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '40000.00', date: '2019-06-30' });
    // Act
    const ordinary = await (await h.as('collector-1').get(`/v1/debts/${debt.id}/claim-sheet?asOf=2019-12-31&lprFixing=daily`)).json();
    const summary = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/claim-sheet?asOf=2019-12-31&lprFixing=daily&procedure=summary`)).json();
    const bad = await h.as('legal-1').get(`/v1/debts/${debt.id}/claim-sheet?procedure=fast`);
    // Assess: 3438.90 interest on five segments; fee 50 + 53438.90 × 2.5% = 1385.97, half 692.99.
    expect(ordinary).toMatchObject({ currency: 'CNY', outstandingPrincipal: '60000.00', interest: '3438.90', total: '63438.90', courtFee: { fee: '1385.97', procedure: 'ordinary' } });
    expect(ordinary.segments).toHaveLength(5);
    expect(summary.courtFee).toMatchObject({ fullFee: '1385.97', fee: '692.99' });
    expect(bad.status).toBe(400);
  });
});

