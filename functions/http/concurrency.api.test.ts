import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.dispose());

describe('concurrent writers', () => {
  it('24 concurrent uploads to one debt leave contiguous sequence numbers and a valid chain', async () => {
    // Prepare
    const debtId = (await h.createDebt()).id;
    const files = await Promise.all(Array.from({ length: 24 }, (_, i) => makePdf(`visit record ${i}`)));
    // Act
    const responses = await Promise.all(
      files.map((bytes, i) => h.as(i % 2 ? 'collector-1' : 'sales-1').upload(debtId, { bytes, filename: `f${i}.pdf` }, { type: i % 2 ? 'visit_record' : 'visa' })),
    );
    // Assess
    expect(responses.map((r) => r.status)).toEqual(Array(24).fill(201));
    const audit = await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=500`)).json();
    expect(audit.items.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(audit.items.map((e: { hash: string }) => e.hash)).size).toBe(25);
    const verification = await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit/verify`)).json();
    expect(verification).toMatchObject({ valid: true, length: 25, blobs: { checked: 24, mismatched: [] } });
  });

  it('concurrent payments never overdraw the balance', async () => {
    // Prepare: 10 payments of 30.00 against 100.00.
    const debtId = (await h.createDebt({ principal: '100.00' })).id;
    // Act
    const statuses = await Promise.all(Array.from({ length: 10 }, () => h.as('finance-1').post(`/v1/debts/${debtId}/payments`, { amount: '30.00', date: '2026-11-01' }).then((r) => r.status)));
    // Assess
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 422)).toHaveLength(7);
    expect((await (await h.as('finance-1').get(`/v1/debts/${debtId}`)).json()).ledger).toMatchObject({ paid: '90.00', outstanding: '10.00' });
  });
});

describe('Idempotency-Key', () => {
  it('a retried create returns the same debt and creates nothing twice', async () => {
    // Prepare
    const body = { debtor: { name: 'Retry Co' }, principal: '10.00' };
    const headers = { 'idempotency-key': 'create-retry-1' };
    // Act
    const first = await h.as('finance-1').post('/v1/debts', body, headers);
    const retry = await h.as('finance-1').post('/v1/debts', body, headers);
    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await retry.json()).id).toBe((await first.json()).id);
    expect((await (await h.as('legal-1').get('/v1/debts')).json()).items).toHaveLength(1);
  });

  it('concurrent duplicates of an upload store one document', async () => {
    // Prepare
    const debtId = (await h.createDebt()).id;
    const bytes = await makePdf('once');
    // Act
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => h.as('sales-1').upload(debtId, { bytes, filename: 'once.pdf' }, { type: 'contract' }, { 'idempotency-key': 'upload-once' })),
    );
    // Assess: one ran; the others were replayed or told it is still running.
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect((await (await h.as('sales-1').get(`/v1/debts/${debtId}/documents`)).json()).items).toHaveLength(1);
  });

  it('refuses a key reused with another body and keys are per user', async () => {
    // Prepare
    const debtId = (await h.createDebt()).id;
    const path = `/v1/debts/${debtId}/events`;
    await h.as('legal-1').post(path, { type: 'demand', date: '2026-11-01', note: 'first' }, { 'idempotency-key': 'k-1' });
    // Act
    const reused = await h.as('legal-1').post(path, { type: 'demand', date: '2026-11-01', note: 'second' }, { 'idempotency-key': 'k-1' });
    const otherUser = await h.as('collector-1').post(path, { type: 'demand', date: '2026-11-01', note: 'second' }, { 'idempotency-key': 'k-1' });
    // Assess
    expect(reused.status).toBe(422);
    expect(otherUser.status).toBe(201);
    expect((await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit`)).json()).head.seq).toBe(3);
  });

  it('keeps a 4xx answer: the same request replayed fails the same way and changes nothing', async () => {
    const debtId = (await h.createDebt({ principal: '10.00' })).id;
    const path = `/v1/debts/${debtId}/payments`;
    const first = await h.as('finance-1').post(path, { amount: '20.00', date: '2026-11-01' }, { 'idempotency-key': 'pay-1' });
    const replay = await h.as('finance-1').post(path, { amount: '20.00', date: '2026-11-01' }, { 'idempotency-key': 'pay-1' });
    expect(first.status).toBe(422);
    expect(replay.status).toBe(422);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
});
