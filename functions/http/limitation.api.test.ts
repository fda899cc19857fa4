import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordChange } from '../services/audit-trail';
import { withLimitationRefresh } from '../services/limitation';
import { keys } from '../services/table-layout';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';

/** Today is 2026-11-29 in Shanghai (the harness clock). */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.dispose());

async function uploadAs(user: string, debtId: string, type: string, extra: Record<string, string> = {}): Promise<string> {
  const response = await h.as(user).upload(debtId, { bytes: await makePdf(`${type} ${Math.random()}`), filename: `${type}.pdf` }, { type, ...extra });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

/** The byExpiry key stored on the debt item. */
async function expiryKey(debtId: string): Promise<unknown> {
  return (await h.table.get(keys.debt(debtId)))?.gsi2sk;
}

async function limitationOf(debtId: string) {
  const response = await h.as('legal-1').get(`/v1/debts/${debtId}/limitation`);
  expect(response.status).toBe(200);
  return response.json();
}

describe('GET /v1/debts/{id}/limitation', () => {
  it('restarts the period on a payment with its bank slip and keeps the expiry index and the debt summary in step', async () => {
    // Prepare
    const debt = await h.createDebt({ dueDate: '2021-06-30' });
    const before = await limitationOf(debt.id);
    const slipId = await uploadAs('finance-1', debt.id, 'payment_record', { documentDate: '2024-01-15' });
    // Act
    const payment = await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '1000.00', date: '2024-01-15', documentId: slipId });
    const after = await limitationOf(debt.id);
    const view = await (await h.as('collector-1').get(`/v1/debts/${debt.id}`)).json();
    // Assess
    expect(before).toMatchObject({ regime: 'CN', status: 'expired', expiresOn: '2024-07-01', holidayCalendar: { calendar: 'CN', lastDay: 'moved' } });
    expect(payment.status).toBe(201);
    expect(after).toMatchObject({ status: 'expiring', startsOn: '2021-06-30', expiresOn: '2027-01-15', daysLeft: 47 });
    expect(after.events).toEqual([expect.objectContaining({ date: '2024-01-15', type: 'partial_payment', documentId: slipId, counted: true, effect: 'interruption', source: 'payment' })]);
    expect(after.explanation.join('\n')).toMatch(/Art\. 195/);
    expect(view.limitation).toEqual({ regime: 'CN', status: 'expiring', startsOn: '2021-06-30', expiresOn: '2027-01-15', longStopOn: '2041-06-30', daysLeft: 47 });
    expect(await expiryKey(debt.id)).toBe(`2027-01-15#${debt.id}`);
  });

  it('lists a demand without proof of delivery as not counted, and counts it with the proof', async () => {
    // Prepare
    const debt = await h.createDebt({ dueDate: '2023-12-31' });
    const letterId = await uploadAs('collector-1', debt.id, 'demand_letter');
    const proofId = await uploadAs('collector-1', debt.id, 'delivery_proof', { documentDate: '2026-11-12' });
    const collector = h.as('collector-1');
    // Act
    const unproved = await collector.post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2026-11-10', documentId: letterId });
    const wrongProof = await collector.post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2026-11-10', documentId: letterId, deliveryProofId: letterId });
    const afterUnproved = await limitationOf(debt.id);
    const proved = await collector.post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2026-11-10', documentId: letterId, deliveryProofId: proofId });
    const afterProved = await limitationOf(debt.id);
    // Assess
    expect([unproved.status, wrongProof.status, proved.status]).toEqual([201, 422, 201]);
    expect((await wrongProof.json()).errors).toEqual([{ path: 'deliveryProofId', message: 'the document must be of type delivery_proof' }]);
    expect(afterUnproved.expiresOn).toBe('2026-12-31');
    expect(afterUnproved.events[0]).toMatchObject({ counted: false, effect: 'none', reason: expect.stringMatching(/no proof that the demand letter reached the debtor/) });
    expect(afterProved.expiresOn).toBe('2029-11-12');
    expect(afterProved.events.map((e: { counted: boolean }) => e.counted)).toEqual([false, true]);
    expect(await expiryKey(debt.id)).toBe(`2029-11-12#${debt.id}`);
  });

  it('moves the index back when the evidence is voided, and off it when the debt is closed', async () => {
    // Prepare
    const debt = await h.createDebt({ dueDate: '2021-06-30', principal: '5000.00' });
    const slipId = await uploadAs('finance-1', debt.id, 'payment_record');
    await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '100.00', date: '2024-01-15', documentId: slipId });
    const whileCounted = await expiryKey(debt.id);
    // Act
    await h.as('finance-1').post(`/v1/debts/${debt.id}/documents/${slipId}/void`, { reason: 'slip of another customer' });
    const afterVoid = await expiryKey(debt.id);
    const voidedView = await limitationOf(debt.id);
    const version = (await (await h.as('finance-1').get(`/v1/debts/${debt.id}`)).json()).version;
    await h.as('finance-1').patch(`/v1/debts/${debt.id}`, { status: 'closed', closeReason: 'written off' }, { 'if-match': `"${version}"` });
    // Assess
    expect(whileCounted).toBe(`2027-01-15#${debt.id}`);
    expect(afterVoid).toBe(`2024-07-01#${debt.id}`);
    expect(voidedView.events[0]).toMatchObject({ counted: false, reason: expect.stringMatching(/void \(slip of another customer\)/) });
    expect(await expiryKey(debt.id)).toBeUndefined();
  });

  it('recomputes when a patch changes the due date or the regime', async () => {
    // Prepare
    const debt = await h.createDebt({ dueDate: '2021-06-30' });
    // Act
    const patched = await (await h.as('legal-1').patch(`/v1/debts/${debt.id}`, { dueDate: '2024-03-31', jurisdiction: 'GB-EAW' }, { 'if-match': '"1"' })).json();
    // Assess
    expect(patched.limitation).toMatchObject({ regime: 'GB-EAW', expiresOn: '2030-03-31', longStopOn: null, status: 'running' });
    expect(await expiryKey(debt.id)).toBe(`2030-03-31#${debt.id}`);
    const audit = (await (await h.as('legal-1').get(`/v1/debts/${debt.id}/audit`)).json()).items;
    expect(Object.keys(audit.at(-1).details.changes).sort()).toEqual(['dueDate', 'jurisdiction']);
  });

  it('refreshes the index in the same transaction as a document signature recorded by another service', async () => {
    // Prepare: the signing service marks a visit record as signed by the debtor (sealed).
    const debt = await h.createDebt({ dueDate: '2023-12-31' });
    const visitId = await uploadAs('collector-1', debt.id, 'visit_record');
    const stored = await h.table.get(keys.document(debt.id, visitId));
    // Act
    await recordChange(h.table, h.clock, debt.id, { id: 'system', role: 'system' }, async () => ({
      action: 'document.signed',
      subject: `debt/${debt.id}/document/${visitId}`,
      details: {},
      writes: (await withLimitationRefresh(h.table, debt.id, [{ put: { ...stored!, signedByDebtor: { method: 'sealed', at: '2026-11-20T03:00:00.000Z' } } }])).writes,
      result: undefined,
    }));
    // Assess
    expect(await expiryKey(debt.id)).toBe(`2029-11-20#${debt.id}`);
    expect((await limitationOf(debt.id)).events[0]).toMatchObject({ source: 'document', type: 'demand', counted: true, effect: 'interruption' });
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debt.id}/audit/verify`)).json()).valid).toBe(true);
  });
});

describe('GET /v1/limitation/expiring', () => {
  it('answers from the expiry index, soonest first, only debts ending within the window', async () => {
    // Prepare: last days 2027-01-31 (63 days), 2027-01-15 after a payment (47), 2027-06-30 (213), expired, no due date.
    const january = await h.createDebt({ dueDate: '2024-01-31', assignees: { collector: 'collector-2' } });
    const paidDebt = await h.createDebt({ dueDate: '2021-06-30' });
    const slipId = await uploadAs('finance-1', paidDebt.id, 'payment_record');
    await h.as('finance-1').post(`/v1/debts/${paidDebt.id}/payments`, { amount: '10.00', date: '2024-01-15', documentId: slipId });
    const june = await h.createDebt({ dueDate: '2024-06-30' });
    await h.createDebt({ dueDate: '2023-01-31' });
    await h.createDebt({ dueDate: undefined });
    // Act
    const within90 = await (await h.as('finance-1').get('/v1/limitation/expiring')).json();
    const noDueDate = within90.items.pop();
    const within365 = await (await h.as('legal-1').get('/v1/limitation/expiring?withinDays=365&limit=2')).json();
    const next = await (await h.as('legal-1').get(`/v1/limitation/expiring?withinDays=365&limit=2&cursor=${within365.nextCursor}`)).json();
    // Assess
    expect(within90.items).toEqual([
      { debtId: paidDebt.id, debtor: '福州某某建设工程有限公司', regime: 'CN', status: 'expiring', expiresOn: '2027-01-15', daysLeft: 47, assignees: { collector: 'collector-1', sales: 'sales-1' } },
      expect.objectContaining({ debtId: january.id, expiresOn: '2027-01-31', daysLeft: 63 }),
    ]);
    expect(noDueDate).toMatchObject({ status: 'not_started', expiresOn: null, daysLeft: null, needsAttention: expect.stringMatching(/no computable last day.*due date/) });
    expect([...within365.items, ...next.items].map((i: { debtId: string }) => i.debtId)).toEqual([paidDebt.id, january.id, june.id, noDueDate.debtId]);
  });

  it('refuses an invalid withinDays and roles other than legal, finance and admin', async () => {
    for (const bad of ['abc', '-1', '1.5', '', '3651']) {
      const response = await h.as('legal-1').get(`/v1/limitation/expiring?withinDays=${bad}`);
      expect(response.status, bad).toBe(400);
      expect((await response.json()).errors[0].path, bad).toBe('query.withinDays');
    }
    expect((await h.as('collector-1').get('/v1/limitation/expiring')).status).toBe(403);
    expect((await h.as('auditor-1').get('/v1/limitation/expiring')).status).toBe(403);
  });
});
