import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';

/**
 * Debt-clearing management through the API, on a hand-worked portfolio. The clock stands at
 * 2026-11-29 (Asia/Shanghai).
 *
 *   D1  unit FJ-XM  due 2023-03-15  principal 100000.00  collector-1
 *       paid 2026-03-14 10000.00 (slip), 2026-03-15 20000.00 (slip), 2026-11-10 5000.00 (no slip)
 *       → outstanding 65000.00, 3 completed years on 2026-11-29 (band 3-4y)
 *   D2  unit FJ     due 2021-11-29  principal  50000.00  completed, pending settlement
 *       paid 2026-11-02 1000.00 (slip) → outstanding 49000.00, exactly 5 years (band 5y+)
 *   D3  no unit at first, then PATCHed to FJ; due 2024-06-30 principal 1234567.89 → band 2-3y
 */
let h: Harness;
const ids = { d1: '', d2: '', d3: '', metBook: '', missedBook: '' };

async function pay(debtId: string, date: string, amount: string, slip: boolean): Promise<void> {
  let documentId: string | undefined;
  if (slip) {
    const upload = await h.as('finance-1').upload(debtId, { bytes: await makePdf(`slip ${date} ${amount}`), filename: 'slip.pdf' }, { type: 'payment_record' });
    documentId = (await upload.json()).id;
  }
  const response = await h.as('finance-1').post(`/v1/debts/${debtId}/payments`, { amount, date, ...(documentId ? { documentId } : {}) });
  expect(response.status, await response.clone().text()).toBe(201);
}

beforeAll(async () => {
  h = await startHarness();
  expect((await h.as('finance-1').post('/v1/units', { id: 'FJ', name: '福建某某建材有限公司', kind: 'company' })).status).toBe(201);
  expect((await h.as('finance-1').post('/v1/units', { id: 'FJ-XM', name: '厦门分公司', kind: 'subsidiary', parentId: 'FJ' })).status).toBe(201);
  ids.d1 = (await h.createDebt({ unitId: 'FJ-XM', principal: '100000.00', dueDate: '2023-03-15', expectedRecoveryDate: '2027-03-31' })).id;
  ids.d2 = (await h.createDebt({ unitId: 'FJ', debtor: { name: '厦门某某置业有限公司' }, principal: '50000.00', dueDate: '2021-11-29', projectStage: 'completed_pending_settlement' })).id;
  ids.d3 = (await h.createDebt()).id;
  await pay(ids.d1, '2026-03-14', '10000.00', true);
  await pay(ids.d1, '2026-03-15', '20000.00', true);
  await pay(ids.d1, '2026-11-10', '5000.00', false);
  await pay(ids.d2, '2026-11-02', '1000.00', true);
}, 60_000);
afterAll(async () => h.dispose());

describe('organisation units', () => {
  it('refuses duplicates, unknown parents and debts naming unknown units; a debt\'s unit is PATCH-able', async () => {
    // Act
    const duplicate = await h.as('admin-1').post('/v1/units', { id: 'FJ', name: 'again', kind: 'company' });
    const orphan = await h.as('finance-1').post('/v1/units', { id: 'NB', name: '宁波项目部', kind: 'project_department', parentId: 'ZZ' });
    const unknownUnit = await h.as('finance-1').post('/v1/debts', { debtor: { name: 'A' }, principal: '1.00', unitId: 'ZZ' });
    const before = await (await h.as('finance-1').get(`/v1/debts/${ids.d3}`)).json();
    const patched = await h.as('finance-1').patch(`/v1/debts/${ids.d3}`, { unitId: 'FJ' }, { 'if-match': `"${before.version}"` });
    const units = await (await h.as('collector-1').get('/v1/units')).json();
    // Assess
    expect(duplicate.status).toBe(409);
    expect(orphan.status).toBe(422);
    expect(unknownUnit.status).toBe(422);
    expect((await unknownUnit.json()).errors).toEqual([{ path: 'unitId', message: 'unknown unit' }]);
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect((await patched.json()).unitId).toBe('FJ');
    expect(units.items.map((u: { id: string }) => u.id)).toEqual(['FJ', 'FJ-XM']);
  });
});

describe('aging by arrears unit (Art. 5)', () => {
  it('adds outstanding amounts per unit and year band and lists the debts behind a cell', async () => {
    // Act
    const aging = await (await h.as('auditor-1').get('/v1/management/aging')).json();
    const cell = await (await h.as('finance-1').get('/v1/management/aging/details?unitId=FJ-XM&band=3-4y')).json();
    // Assess
    expect(aging.cells).toEqual([
      { unitId: 'FJ', currency: 'CNY', band: '2-3y', debts: 1, outstanding: '1234567.89' },
      { unitId: 'FJ', currency: 'CNY', band: '5y+', debts: 1, outstanding: '49000.00' },
      { unitId: 'FJ-XM', currency: 'CNY', band: '3-4y', debts: 1, outstanding: '65000.00' },
    ]);
    expect(cell.items).toEqual([
      expect.objectContaining({ debtId: ids.d1, unitId: 'FJ-XM', dueDate: '2023-03-15', ageYears: 3, band: '3-4y', outstanding: '65000.00', expectedRecoveryDate: '2027-03-31', collector: 'collector-1' }),
    ]);
  });
});

describe('responsibility books and commissions (Art. 6–7)', () => {
  beforeAll(async () => {
    const met = await h.as('finance-1').post('/v1/responsibility-books', {
      responsibleId: 'collector-1',
      coverage: { debtIds: [ids.d1, ids.d2] },
      target: '30000.00',
      periodStart: '2026-01-01',
      deadline: '2026-06-30',
      rewardTerms: '按回收金额分账龄提成',
    });
    expect(met.status, await met.clone().text()).toBe(201);
    ids.metBook = (await met.json()).id;
    const missed = await h.as('admin-1').post('/v1/responsibility-books', { responsibleId: 'collector-1', coverage: { unitId: 'FJ' }, target: '10000.00', periodStart: '2026-07-01', deadline: '2026-11-15' });
    expect(missed.status).toBe(201);
    ids.missedBook = (await missed.json()).id;
  });

  it('measures progress within the period against the target and lists overdue books', async () => {
    // Act
    const met = await (await h.as('collector-1').get(`/v1/responsibility-books/${ids.metBook}`)).json();
    const overdue = await (await h.as('legal-1').get('/v1/responsibility-books?overdue=true')).json();
    const othersBook = await h.as('collector-2').get(`/v1/responsibility-books/${ids.metBook}`);
    const othersList = await (await h.as('collector-2').get('/v1/responsibility-books')).json();
    // Assess: 10000 + 20000 within 2026-01-01..06-30; the missed book (unit FJ: D2, D3) got 1000 of 10000
    expect(met).toMatchObject({ signingStatus: 'draft', debtIds: [ids.d1, ids.d2], progress: { recovered: '30000.00', target: '30000.00', percent: '100.00', state: 'met' } });
    expect(overdue.items.map((b: { id: string }) => b.id)).toEqual([ids.missedBook]);
    expect(overdue.items[0].progress).toMatchObject({ recovered: '1000.00', percent: '10.00', state: 'overdue' });
    expect(othersBook.status).toBe(404);
    expect(othersList.items).toEqual([]);
  });

  it('states commissions per payment by age at the payment date, cancelled where the deadline passed unmet', async () => {
    // Act
    const statement = await (await h.as('collector-1').get('/v1/management/commissions?person=collector-1&from=2026-01-01&to=2026-12-31')).json();
    const foreign = await h.as('collector-1').get('/v1/management/commissions?person=collector-2&from=2026-01-01&to=2026-12-31');
    // Assess
    // D1 due 2023-03-15: 2026-03-14 is 2 years → 1% of 10000.00 = 100.00; 2026-03-15 is 3 years → 2% of 20000.00 = 400.00.
    // D2 (completed, pending settlement) 2026-11-02 under the missed book: 5‰ of 1000.00 = 5.00, cancelled.
    // D1's 2026-11-10 payment has no payment record and no book covers D1 then: not listed.
    expect(statement.lines.map((l: any) => [l.paidOn, l.amount, l.ageYears, l.rate, l.commission, l.status])).toEqual([
      ['2026-03-14', '10000.00', 2, '0.01', '100.00', 'earned'],
      ['2026-03-15', '20000.00', 3, '0.02', '400.00', 'earned'],
      ['2026-11-02', '1000.00', 4, '0.005', '5.00', 'cancelled'],
    ]);
    expect(statement.lines[2].cancelReason).toBe('the deadline 2026-11-15 passed with 1000.00 of the target 10000.00 CNY recovered (measures, Art. 7)');
    expect(statement.totals).toEqual({ recovered: '31000.00', earned: '500.00', pending: '0.00', cancelled: '5.00' });
    expect(foreign.status).toBe(403);
  });

  it('takes rates from configuration that finance and admin set', async () => {
    // Prepare
    const rates = { bands: [{ fromYears: 0, rate: '0.01' }, { fromYears: 3, rate: '0.025' }, { fromYears: 4, rate: '0.03' }, { fromYears: 5, rate: '0.04' }], completedPendingRate: '0.005' };
    // Act
    const byCollector = await h.as('collector-1').send('PUT', '/v1/management/commission-rates', { json: rates });
    const bad = await h.as('finance-1').send('PUT', '/v1/management/commission-rates', { json: { ...rates, bands: [{ fromYears: 1, rate: '0.01' }] } });
    const set = await h.as('finance-1').send('PUT', '/v1/management/commission-rates', { json: rates });
    const statement = await (await h.as('finance-1').get('/v1/management/commissions?person=collector-1&from=2026-03-15&to=2026-03-15')).json();
    await h.as('admin-1').send('PUT', '/v1/management/commission-rates', { json: { bands: [{ fromYears: 0, rate: '0.01' }, { fromYears: 3, rate: '0.02' }, { fromYears: 4, rate: '0.03' }, { fromYears: 5, rate: '0.04' }], completedPendingRate: '0.005' } });
    // Assess: 2.5% of 20000.00 = 500.00
    expect(byCollector.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(set.status).toBe(200);
    expect(statement.lines.map((l: any) => l.commission)).toEqual(['500.00']);
  });

  it('has legal send the book for signature through the responsibility-book template', async () => {
    // Act
    const response = await h.as('legal-1').post(`/v1/responsibility-books/${ids.metBook}/signing-requests`, {
      company: { name: '福建某某建材有限公司' },
      mode: 'remote',
      signers: [{ name: 'Collector One 清欠员', phone: '+86 138 0000 0009' }],
    });
    const byFinance = await h.as('finance-1').post(`/v1/responsibility-books/${ids.metBook}/signing-requests`, { company: { name: 'x' }, mode: 'remote', signers: [{ name: 'x', phone: '+86 138 0000 0009' }] });
    // Assess
    expect(response.status, await response.clone().text()).toBe(201);
    const created = await response.json();
    expect(created.signingRequest).toMatchObject({ debtId: ids.d1, templateId: 'responsibility-book.zh-CN', status: 'pending' });
    // The target 30000.00 spread over the covered debts in order: D1 (65000.00 outstanding) takes it all.
    const request = await (await h.as('legal-1').get(`/v1/debts/${ids.d1}/signing-requests/${created.signingRequest.id}`)).json();
    expect(request.data.debts.map((d: any) => [d.outstanding, d.target])).toEqual([
      ['65000.00', '30000.00'],
      ['49000.00', '0.00'],
    ]);
    expect(created.book).toMatchObject({ signingStatus: 'pending', signing: { debtId: ids.d1, requestId: created.signingRequest.id } });
    expect(byFinance.status).toBe(403);

    // Act: the responsible person signs through the link with the one-time code
    const path = `/v1${new URL(created.signingRequest.signers[0].link).pathname}`;
    const signer = (method: string, suffix: string, json?: unknown) =>
      h.app.request(`${path}${suffix}`, { method, headers: json === undefined ? {} : { 'content-type': 'application/json' }, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
    await signer('GET', '');
    await signer('POST', '/otp');
    const outbox = await (await h.as('admin-1').get('/v1/dev/outbox?limit=50')).json();
    const otp = /(\d{6})/.exec(outbox.items.find((m: any) => m.kind === 'signing.otp' && m.to.phone === '+86 138 0000 0009').text)![1];
    expect((await signer('POST', '', { otp, consent: true, signature: { kind: 'typed', text: 'Collector One' } })).status).toBe(200);
    const signed = await (await h.as('collector-1').get(`/v1/responsibility-books/${ids.metBook}`)).json();
    const evidence = await (await h.as('legal-1').get(`/v1/debts/${ids.d1}/documents/${signed.evidenceDocumentId}`)).json();
    const readiness = await (await h.as('legal-1').get(`/v1/debts/${ids.d1}/readiness`)).json();
    // Assess: the sealed PDF is filed on D1 as the book's evidence, and readiness check 10 sees it
    expect(signed.signingStatus).toBe('completed');
    expect(evidence).toMatchObject({ type: 'responsibility_book', status: 'active', contentType: 'application/pdf' });
    expect(readiness.checks.find((c: any) => c.id === 'responsibility')).toMatchObject({ status: 'pass', documentIds: [signed.evidenceDocumentId] });
  });
});

describe('task indicators and monthly statistics', () => {
  beforeAll(async () => {
    const set = await h.as('finance-1').send('PUT', '/v1/management/indicators/2026/FJ-XM', { json: { target: '100000.00', persons: [{ userId: 'collector-1', target: '60000.00' }] } });
    expect(set.status, await set.clone().text()).toBe(200);
  });

  it('refuses a decomposition above the unit target', async () => {
    const response = await h.as('finance-1').send('PUT', '/v1/management/indicators/2026/FJ', { json: { target: '100.00', persons: [{ userId: 'collector-1', target: '100.01' }] } });
    expect(response.status).toBe(400);
  });

  it('counts debtors, debts, outstanding and recoveries per unit and person against the indicators', async () => {
    // Act
    const november = await (await h.as('finance-1').get('/v1/management/monthly?month=2026-11')).json();
    const october = await (await h.as('finance-1').get('/v1/management/monthly?month=2026-10')).json();
    // Assess
    expect(november.units).toEqual([
      // D2 + D3: 49000.00 + 1234567.89; D2's 1000.00 in November
      { key: 'FJ', currency: 'CNY', debtors: 2, debts: 2, outstanding: '1283567.89', paymentsInMonth: 1, recoveredInMonth: '1000.00', recoveredYearToDate: '1000.00', target: null, completionPercent: null },
      // D1: 5000.00 in November, 35000.00 this year against 100000.00
      { key: 'FJ-XM', currency: 'CNY', debtors: 1, debts: 1, outstanding: '65000.00', paymentsInMonth: 1, recoveredInMonth: '5000.00', recoveredYearToDate: '35000.00', target: '100000.00', completionPercent: '35.00' },
    ]);
    expect(november.persons).toEqual([
      { key: 'collector-1', currency: 'CNY', debtors: 2, debts: 3, outstanding: '1348567.89', paymentsInMonth: 2, recoveredInMonth: '6000.00', recoveredYearToDate: '36000.00', target: '60000.00', completionPercent: '60.00' },
    ]);
    // At the end of October the November payments were still owed.
    expect(october.units[1]).toMatchObject({ key: 'FJ-XM', outstanding: '70000.00', paymentsInMonth: 0, recoveredYearToDate: '30000.00', completionPercent: '30.00' });
  });

  it('exports CSV and an XLSX workbook that LibreOffice opens', async () => {
    // Act
    const csv = await h.as('finance-1').get('/v1/management/monthly?month=2026-11&format=csv&lang=en');
    const xlsx = await h.as('finance-1').get('/v1/management/monthly?month=2026-11&format=xlsx');
    // Assess
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('level,key,Currency,Debtors,Debts,Outstanding at month end,Payments this month,Recovered this month,Recovered year to date,Annual indicator,Completion (%)');
    expect(lines[2]).toBe('unit,FJ-XM,CNY,1,1,65000.00,1,5000.00,35000.00,100000.00,35.00');
    const dir = await mkdtemp(join(tmpdir(), 'monthly-'));
    try {
      await writeFile(join(dir, 'monthly.xlsx'), new Uint8Array(await xlsx.arrayBuffer()));
      execFileSync('libreoffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'monthly.xlsx')], { stdio: 'pipe', timeout: 120_000 });
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'monthly.pdf'), '-']).toString();
      expect(text).toContain('清欠工作月度统计 2026-11');
      expect(text).toMatch(/FJ-XM\s+CNY\s+1\s+1\s+65,000\.00\s+1\s+5,000\.00\s+35,000\.00\s+100,000\.00\s+35\.00/);
      expect((await readFile(join(dir, 'monthly.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('key collection objects (work plan (4))', () => {
  it('ranks open debts and filters by age, unit and project kind', async () => {
    // Act
    const all = await (await h.as('legal-1').get('/v1/management/key-objects')).json();
    const old = await (await h.as('legal-1').get('/v1/management/key-objects?minAgeYears=5')).json();
    const xm = await (await h.as('legal-1').get('/v1/management/key-objects?unitId=FJ-XM')).json();
    const queue = await (await h.as('legal-1').get('/v1/management/legal-queue')).json();
    // Assess
    expect(all.items).toHaveLength(3);
    expect(all.items.map((i: any) => i.score)).toEqual([...all.items.map((i: any) => i.score)].sort((a: number, b: number) => b - a));
    expect(old.items.map((i: any) => [i.debtId, i.ageYears, i.factors.age])).toEqual([[ids.d2, 5, 25]]);
    expect(xm.items.map((i: any) => [i.debtId, i.factors.amount])).toEqual([[ids.d1, 2]]);
    expect(queue.items.every((i: any) => i.handoff === 'ready' || i.handoff === 'nearly_ready')).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('publishes the management routes with their request and response schemas', async () => {
    // Act
    const document = await (await h.app.request('/v1/openapi.json')).json();
    // Assess
    const statement = document.paths['/v1/management/commissions'].get;
    expect(statement.parameters.map((p: any) => p.name).sort()).toEqual(['from', 'person', 'to']);
    expect(Object.keys(statement.responses['200'].content['application/json'].schema.properties)).toEqual(['person', 'from', 'to', 'lines', 'totals', 'unevidenced', 'rates']);
    expect(document.paths['/v1/responsibility-books'].post.requestBody.content['application/json'].schema.required).toEqual(['responsibleId', 'coverage', 'target', 'periodStart', 'deadline']);
    expect(document.paths['/v1/management/monthly'].get.parameters.find((p: any) => p.name === 'format').schema.enum).toEqual(['json', 'xlsx', 'csv']);
  });
});
