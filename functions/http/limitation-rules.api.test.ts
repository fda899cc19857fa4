import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';

/**
 * The limitation rules of issue 10, through the API, on cases worked by hand from the statutes.
 * Today is 2026-11-29 in Shanghai (the harness clock).
 */
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

async function limitationOf(debtId: string) {
  const response = await h.as('legal-1').get(`/v1/debts/${debtId}/limitation`);
  expect(response.status).toBe(200);
  return response.json();
}

async function review(debtId: string, documentId: string, fields: Array<{ name: string; value: string }>) {
  const response = await h.as('legal-1').post(`/v1/debts/${debtId}/documents/${documentId}/extraction/review`, { fields });
  expect(response.status).toBe(200);
}

describe('end of proceedings (Civil Code Art. 195; SPC Limitation Provisions Arts. 10, 11)', () => {
  it('keeps a pending suit in the expiring list as needing attention, then runs a new full period from the withdrawal ruling', async () => {
    // Prepare: due 2023-01-10; suit filed 2025-03-03; withdrawn by a ruling of 2025-09-15.
    const debt = await h.createDebt({ dueDate: '2023-01-10' });
    const filing = await uploadAs('legal-1', debt.id, 'court_filing', { documentDate: '2025-03-03' });
    const ruling = await uploadAs('legal-1', debt.id, 'court_filing', { documentDate: '2025-09-15' });
    await h.as('legal-1').post(`/v1/debts/${debt.id}/events`, { type: 'suit_filed', date: '2025-03-03', documentId: filing });
    const pending = await limitationOf(debt.id);
    const listed = (await (await h.as('legal-1').get('/v1/limitation/expiring')).json()).items;
    // Act
    const ended = await h.as('legal-1').post(`/v1/debts/${debt.id}/events`, { type: 'proceedings_ended', date: '2025-09-15', documentId: ruling });
    const after = await limitationOf(debt.id);
    // Assess: 2025-09-15 + 3 years = 2028-09-15, a year the CN calendar does not cover yet.
    expect(pending).toMatchObject({ status: 'suspended', expiresOn: null, needsAttention: expect.stringMatching(/record proceedings_ended/) });
    expect(listed).toEqual([expect.objectContaining({ debtId: debt.id, expiresOn: null, needsAttention: expect.stringMatching(/claim was brought on 2025-03-03/) })]);
    expect(ended.status).toBe(201);
    expect(after).toMatchObject({ status: 'running', expiresOn: '2028-09-15', needsAttention: null });
    expect(after.events.at(-1)).toMatchObject({ type: 'proceedings_ended', counted: true, effect: 'proceedings_ended', reason: expect.stringMatching(/Art\. 195; SPC Limitation Provisions Arts\. 10, 11.*ends on 2028-09-15/) });
    expect(after.warnings).toEqual([expect.stringMatching(/^calendar unknown: the last day 2028-09-15/)]);
  });
});

describe('transitional rule (GPCL Art. 135; SPC 2018 Interpretation Art. 3)', () => {
  it('keeps barred a debt whose two years ended before 2017-10-01: a later demand does nothing, the debtor\'s letter revives it', async () => {
    // Prepare: due 2015-06-01, two years end 2017-06-01; a demand letter delivered 2018-03-05.
    const debt = await h.createDebt({ dueDate: '2015-06-01' });
    const letter = await uploadAs('collector-1', debt.id, 'demand_letter', { documentDate: '2018-03-01' });
    const proof = await uploadAs('collector-1', debt.id, 'delivery_proof', { documentDate: '2018-03-05' });
    await h.as('collector-1').post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2018-03-01', documentId: letter, deliveryProofId: proof });
    const barred = await limitationOf(debt.id);
    // Act: the debtor's own letter asking for time, 2024-12-02 (SPC Arts. 14, 19).
    await uploadAs('sales-1', debt.id, 'debtor_letter', { documentDate: '2024-12-02' });
    const revived = await limitationOf(debt.id);
    // Assess
    expect(barred).toMatchObject({ status: 'expired', expiresOn: '2017-06-01' });
    expect(barred.explanation.join('\n')).toMatch(/ended on 2017-06-01, before 2017-10-01: the claim stays barred.*Art\. 3/);
    expect(barred.events[0]).toMatchObject({ type: 'demand', counted: true, effect: 'none', reason: expect.stringMatching(/Art\. 8\(2\).*no effect: after the period ended/) });
    expect(revived).toMatchObject({ status: 'revived', expiresOn: '2027-12-02' });
    expect(revived.events.at(-1)).toMatchObject({ source: 'document', type: 'repayment_plan', effect: 'revival', reason: expect.stringMatching(/SPC Limitation Provisions Art\. 14.*Art\. 19/) });
  });

  it('gives three years to a debt whose two years were still running on 2017-10-01', async () => {
    // Act: due 2016-03-01: two years would end 2018-03-01, so it ends 2019-03-01 (a Friday).
    const result = await limitationOf((await h.createDebt({ dueDate: '2016-03-01' })).id);
    // Assess
    expect(result).toMatchObject({ status: 'expired', expiresOn: '2019-03-01' });
    expect(result.explanation.join('\n')).toMatch(/still running: it becomes 3 years from 2016-03-01 and ends on 2019-03-01/);
  });
});

describe('instalments accruing separately (Limitation Act 1980 s.5)', () => {
  it('reports a GB-EAW debt as partly expired, with the claimable part, and readiness uses it', async () => {
    // Prepare: 1000.00 due 2020-01-15 (barred 2026-01-15), 2021-01-15 (2027-01-15), 2021-06-15 (2027-06-15).
    const debt = await h.createDebt({
      jurisdiction: 'GB-EAW',
      principal: '3000.00',
      dueDate: undefined,
      installments: [
        { dueDate: '2020-01-15', amount: '1000.00' },
        { dueDate: '2021-01-15', amount: '1000.00' },
        { dueDate: '2021-06-15', amount: '1000.00' },
      ],
    });
    // Act
    const result = await limitationOf(debt.id);
    const readiness = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/readiness`)).json();
    // Assess
    expect(result).toMatchObject({ status: 'partly_expired', expiresOn: '2027-01-15', daysLeft: 47, claimable: { amount: '2000.00', barred: '1000.00' } });
    expect(result.instalments.map((i: { dueDate: string; status: string; expiresOn: string }) => [i.dueDate, i.status, i.expiresOn])).toEqual([
      ['2020-01-15', 'expired', '2026-01-15'],
      ['2021-01-15', 'running', '2027-01-15'],
      ['2021-06-15', 'running', '2027-06-15'],
    ]);
    expect(readiness.checks.find((c: { id: string }) => c.id === 'limitation')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/1000\.00 is barred; claim only the claimable part, 2000\.00/) });
  });
});

describe('dates that cannot count', () => {
  it('refuses a document date in the future on uploads and on upload sessions (422)', async () => {
    // Prepare
    const debt = await h.createDebt();
    const bytes = await makePdf('tomorrow');
    // Act
    const inline = await h.as('collector-1').upload(debt.id, { bytes, filename: 'a.pdf' }, { type: 'visit_record', documentDate: '2026-11-30' });
    const session = await h.as('collector-1').post(`/v1/debts/${debt.id}/uploads`, { type: 'visit_record', documentDate: '2026-11-30', filename: 'a.pdf', contentType: 'application/pdf', size: bytes.length, sha256: 'a'.repeat(64) });
    // Assess
    for (const response of [inline, session]) {
      expect(response.status).toBe(422);
      expect((await response.json()).errors).toEqual([{ path: 'documentDate', message: 'in the future' }]);
    }
    expect((await (await h.as('collector-1').get(`/v1/debts/${debt.id}/documents`)).json()).items).toEqual([]);
  });

  it('does not count an acknowledgement dated after its evidence document, nor one before the debt fell due', async () => {
    // Prepare: due 2024-06-30; the debtor's letter is dated 2026-03-01.
    const debt = await h.createDebt({ dueDate: '2024-06-30' });
    const letter = await uploadAs('collector-1', debt.id, 'debtor_letter', { documentDate: '2026-03-01' });
    const early = await uploadAs('collector-1', debt.id, 'debtor_letter', { documentDate: '2024-05-01' });
    // Act
    await h.as('collector-1').post(`/v1/debts/${debt.id}/events`, { type: 'acknowledgement', date: '2026-05-01', documentId: letter });
    await h.as('collector-1').post(`/v1/debts/${debt.id}/events`, { type: 'acknowledgement', date: '2024-05-01', documentId: early });
    const result = await limitationOf(debt.id);
    // Assess: 2024-06-30 + 3 years = 2027-06-30 (a year the calendar does not cover).
    expect(result.expiresOn).toBe('2027-06-30');
    expect(result.events.map((e: { date: string; counted: boolean; reason: string }) => [e.date, e.counted])).toEqual([
      ['2024-05-01', false],
      ['2026-05-01', false],
    ]);
    expect(result.events[0].reason).toMatch(/dated before the debt fell due on 2024-06-30/);
    expect(result.events[1].reason).toMatch(/after its evidence document's own date 2026-03-01/);
  });

  it('warns when the typed date differs from the reviewed document date, and uses the earlier one', async () => {
    // Prepare: due 2021-06-30 (expired 2024-07-01); the debtor's letter typed as 2024-06-20, read as 2024-06-10.
    const debt = await h.createDebt({ dueDate: '2021-06-30' });
    const letter = await uploadAs('collector-1', debt.id, 'debtor_letter', { documentDate: '2024-06-20' });
    // Act
    await review(debt.id, letter, [{ name: 'document_date', value: '2024-06-10' }]);
    const result = await limitationOf(debt.id);
    const readiness = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/readiness`)).json();
    // Assess: 2024-06-10 + 3 years = 2027-06-10.
    expect(result.expiresOn).toBe('2027-06-10');
    expect(result.documentWarnings).toEqual([{ documentId: letter, warning: expect.stringMatching(/typed date 2024-06-20 differs .* 2024-06-10 \(reviewed\); the earlier, 2024-06-10, is used/) }]);
    expect(readiness.checks.find((c: { id: string }) => c.id === 'limitation').detail).toMatch(/typed date 2024-06-20 differs/);
  });
});

describe('evidence that counts', () => {
  it('counts a signed visit record as the debtor\'s agreement, reviving the claim, once a reviewer confirms its remarks (SPC Arts. 14, 19)', async () => {
    // Prepare: due 2020-03-02, expired 2023-03-02; a visit record signed 2025-02-10.
    const debt = await h.createDebt({ dueDate: '2020-03-02' });
    const visit = await uploadAs('collector-1', debt.id, 'visit_record', { documentDate: '2025-02-10' });
    await review(debt.id, visit, [{ name: 'signature_present', value: 'true' }]);
    const demandOnly = await limitationOf(debt.id);
    // Act
    await review(debt.id, visit, [
      { name: 'debtor_remarks', value: '情况属实，尽快安排付款' },
      { name: 'remarks_confirm_debt', value: 'true' },
    ]);
    const agreed = await limitationOf(debt.id);
    // Assess: 2025-02-10 + 3 years = 2028-02-10.
    expect(demandOnly).toMatchObject({ status: 'expired', expiresOn: '2023-03-02' });
    expect(demandOnly.events[0]).toMatchObject({ type: 'demand', effect: 'none' });
    expect(agreed).toMatchObject({ status: 'revived', expiresOn: '2028-02-10' });
    expect(agreed.events[0]).toMatchObject({ type: 'acknowledgement', effect: 'revival', reason: expect.stringMatching(/情况属实.*Arts\. 14, 19/) });
  });

  it('runs the new period from the payment date the debtor promised in its acknowledgement', async () => {
    // Prepare: due 2024-06-30; an acknowledgement signed 2026-03-10 promising payment by 2027-06-30.
    const debt = await h.createDebt({ dueDate: '2024-06-30' });
    const acknowledgement = await uploadAs('collector-1', debt.id, 'acknowledgement', { documentDate: '2026-03-10' });
    // Act
    await review(debt.id, acknowledgement, [{ name: 'signature_present', value: 'true' }]);
    const plain = await limitationOf(debt.id);
    await review(debt.id, acknowledgement, [{ name: 'promised_payment_date', value: '2027-06-30' }]);
    const promised = await limitationOf(debt.id);
    // Assess: 2026-03-10 + 3 = 2029-03-10; 2027-06-30 + 3 = 2030-06-30.
    expect(plain.expiresOn).toBe('2029-03-10');
    expect(promised.expiresOn).toBe('2030-06-30');
    expect(promised.events[0].reason).toMatch(/new performance date.*Arts\. 188\(1\), 195\(2\)\) \(2027-06-30\).*ends on 2030-06-30/);
  });

  it('never shows an unproved demand as counted, though it sets the earliest start; the long stop says a court may extend it', async () => {
    // Prepare: no agreed due date; a demand letter of 2025-02-01 without proof of delivery.
    const debt = await h.createDebt({ dueDate: undefined });
    const letter = await uploadAs('collector-1', debt.id, 'demand_letter', { documentDate: '2025-02-01' });
    // Act
    await h.as('collector-1').post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2025-02-01', documentId: letter });
    const result = await limitationOf(debt.id);
    // Assess: 2025-02-01 + 3 years = 2028-02-01.
    expect(result).toMatchObject({ startsOn: '2025-02-01', expiresOn: '2028-02-01' });
    expect(result.events[0]).toMatchObject({ counted: false, effect: 'start', reason: expect.stringMatching(/not counted.*Art\. 8\(2\).*earliest possible start/) });
    expect(result.explanation.join('\n')).toMatch(/court may extend it on the creditor's application.*Art\. 188\(2\)/);
  });
});
