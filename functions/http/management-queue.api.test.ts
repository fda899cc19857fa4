import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedField } from '../core/extraction';
import { keys } from '../services/table-layout';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';
import { signThroughLinks } from '../testing/signing';

/**
 * Legal's queue (work plan (4)): a complete file (every readiness check passes) is `ready`; a bare
 * debt fails most checks and stays out. Today is 2026-11-29 in Shanghai (the harness clock).
 */
let h: Harness;
let ready: string;
let bare: string;

async function upload(user: string, debtId: string, type: string): Promise<string> {
  const response = await h.as(user).upload(debtId, { bytes: await makePdf(`${type} ${Math.random()}`), filename: `${type}.pdf` }, { type });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}
const reviewed = (name: ExtractedField['name'], value: string): ExtractedField => ({ name, value, confidence: 0.97, page: 1, text: value, engine: 'pdf-text', reviewed: true, reviewedBy: 'legal-1', reviewedAt: '2026-11-20T02:00:00.000Z' });
async function storeExtraction(debtId: string, documentId: string, fields: ExtractedField[]): Promise<void> {
  await h.table.transact([{ put: { ...keys.extraction(debtId, documentId), documentId, status: 'done', engine: 'pdf-text', fields, warnings: [] } }]);
}

beforeAll(async () => {
  h = await startHarness();
  // The complete file of the readiness tests: contract + visa = principal, acceptance, a paid slip, a sealed acknowledgement, a book.
  const debt = await h.createDebt({ principal: '1234567.89', dueDate: '2024-06-30' });
  ready = debt.id;
  const contract = await upload('sales-1', ready, 'contract');
  const visa = await upload('sales-1', ready, 'visa');
  await upload('sales-1', ready, 'completion_acceptance');
  const slip = await upload('finance-1', ready, 'payment_record');
  await upload('finance-1', ready, 'responsibility_book');
  const { documentId: acknowledgement } = await signThroughLinks(h, ready, 'acknowledgement.zh-CN');
  await storeExtraction(ready, contract, [reviewed('total_amount', '1000000.00'), reviewed('signature_present', 'true')]);
  await storeExtraction(ready, visa, [reviewed('amount_change', '234567.89')]);
  await storeExtraction(ready, slip, [reviewed('payment_amount', '100000.00')]);
  await storeExtraction(ready, acknowledgement, [reviewed('acknowledged_balance', '1134567.89')]);
  expect((await h.as('finance-1').post(`/v1/debts/${ready}/payments`, { amount: '100000.00', date: '2025-03-01', documentId: slip })).status).toBe(201);
  bare = (await h.createDebt({ debtor: { name: '某某置业' }, principal: '9000.00' })).id;
}, 120_000);
afterAll(async () => h.dispose());

describe('GET /v1/management/legal-queue', () => {
  it('lists the complete file as ready and leaves the bare debt out', async () => {
    // Act
    const queue = await (await h.as('legal-1').get('/v1/management/legal-queue')).json();
    const all = await (await h.as('legal-1').get('/v1/management/key-objects')).json();
    const byCollector = await h.as('collector-1').get('/v1/management/legal-queue');
    // Assess: 1134567.89 outstanding (≥ 1,000,000 → 15), 2 years (10), real estate (10), readiness 100 (10);
    // the acknowledgement sealed today restarts the period: last day 2029-11-29, 1096 days away (0)
    expect(queue.items.map((i: any) => [i.debtId, i.handoff, i.readiness.score])).toEqual([[ready, 'ready', 100]]);
    expect(queue.items[0]).toMatchObject({ score: 45, limitationDaysLeft: 1096, factors: { age: 10, amount: 15, limitation: 0, projectKind: 10, riskFlags: 0, readiness: 10 } });
    expect(all.items.map((i: any) => i.debtId).sort()).toEqual([ready, bare].sort());
    expect(all.items.find((i: any) => i.debtId === bare).handoff).toBe('not_ready');
    expect(byCollector.status).toBe(403);
  });
});
