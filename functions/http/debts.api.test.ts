import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.dispose());

describe('health and sign-in', () => {
  it('reports status, version and mode', async () => {
    const response = await h.app.request('/health');
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0', mode: 'embedded' });
  });

  it('issues tokens for demo users only and refuses requests without a valid token', async () => {
    // Prepare
    const unknown = await h.app.request('/v1/auth/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"mallory"}' });
    // Act
    const noToken = await h.app.request('/v1/debts');
    const badToken = await h.app.request('/v1/debts', { headers: { authorization: 'Bearer not.a.jwt' } });
    const me = await h.as('legal-1').get('/v1/me');
    // Assess
    expect(unknown.status).toBe(404);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer');
    expect(badToken.status).toBe(401);
    expect(await me.json()).toMatchObject({ id: 'legal-1', roles: ['legal'] });
  });
});

describe('debts', () => {
  it('creates a debt with its ledger, limitation summary and a first audit event', async () => {
    // Act
    const debt = await h.createDebt();
    const audit = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/audit`)).json();
    // Assess
    expect(debt).toMatchObject({
      version: 1,
      status: 'open',
      currency: 'CNY',
      principal: '1234567.89',
      ledger: { principal: '1234567.89', paid: '0.00', outstanding: '1234567.89', currency: 'CNY' },
      limitation: { regime: 'CN', status: 'running', startsOn: '2024-06-30', expiresOn: '2027-06-30', longStopOn: '2044-06-30', daysLeft: 213 },
    });
    expect(debt.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(debt).not.toHaveProperty('limitationSnapshot');
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ seq: 1, action: 'debt.created', actor: { id: 'finance-1', role: 'finance' } });
    expect(audit.head).toEqual({ seq: 1, hash: audit.items[0].hash });
  });

  it('refuses assignees who do not hold the role', async () => {
    const response = await h.as('finance-1').post('/v1/debts', { debtor: { name: 'A' }, principal: '1.00', assignees: { collector: 'sales-1' } });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toEqual([{ path: 'assignees.collector', message: 'sales-1 is not a user with the collector role' }]);
  });

  it('scopes reads: collectors and sales see their own debts, others get 404', async () => {
    // Prepare
    const mine = await h.createDebt();
    const theirs = await h.createDebt({ assignees: { collector: 'collector-2' } });
    // Act
    const collectorList = await (await h.as('collector-1').get('/v1/debts')).json();
    const salesList = await (await h.as('sales-1').get('/v1/debts')).json();
    const auditorList = await (await h.as('auditor-1').get('/v1/debts')).json();
    const outOfScope = await h.as('collector-1').get(`/v1/debts/${theirs.id}`);
    const missing = await h.as('collector-1').get('/v1/debts/01900000-0000-7000-8000-000000000000');
    // Assess
    expect(collectorList.items.map((d: { id: string }) => d.id)).toEqual([mine.id]);
    expect(salesList.items.map((d: { id: string }) => d.id)).toEqual([mine.id]);
    expect(auditorList.items.map((d: { id: string }) => d.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(outOfScope.status).toBe(404);
    expect(await outOfScope.json()).toEqual(await missing.json());
  });

  it('paginates with a cursor, visiting every debt once', async () => {
    // Prepare
    const created = [];
    for (let i = 0; i < 7; i++) created.push((await h.createDebt()).id);
    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await (await h.as('legal-1').get(`/v1/debts?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    // Assess
    expect(pages).toBe(3);
    expect(seen).toEqual(created);
    expect((await h.as('legal-1').get('/v1/debts?limit=501')).status).toBe(400);
    expect((await h.as('legal-1').get('/v1/debts?cursor=bogus')).status).toBe(400);
  });

  it('filters by assignee, status and limitation expiry', async () => {
    // Prepare: today is 2026-11-29 in Shanghai.
    const soon = await h.createDebt({ dueDate: '2024-01-31' }); // expires 2027-01-31: 63 days
    const later = await h.createDebt({ dueDate: '2025-06-30', assignees: { collector: 'collector-2' } }); // 2028-06-30
    await h.createDebt({ dueDate: '2023-01-31' }); // expired 2026-01-31
    // Act
    const expiring = await (await h.as('legal-1').get('/v1/debts?expiringWithinDays=90')).json();
    const byAssignee = await (await h.as('legal-1').get('/v1/debts?assignee=collector-2')).json();
    const collectorExpiring = await (await h.as('collector-2').get('/v1/debts?expiringWithinDays=90')).json();
    const closed = await (await h.as('legal-1').get('/v1/debts?status=closed')).json();
    // Assess
    expect(expiring.items.map((d: { id: string }) => d.id)).toEqual([soon.id]);
    expect(expiring.items[0].limitation.daysLeft).toBe(63);
    expect(byAssignee.items.map((d: { id: string }) => d.id)).toEqual([later.id]);
    expect(collectorExpiring.items).toEqual([]);
    expect(closed.items).toEqual([]);
  });

  it('patches with If-Match and refuses stale or missing versions', async () => {
    // Prepare
    const debt = await h.createDebt();
    const legal = h.as('legal-1');
    // Act
    const missing = await legal.patch(`/v1/debts/${debt.id}`, { contractNo: 'HT-2' });
    const stale = await legal.patch(`/v1/debts/${debt.id}`, { contractNo: 'HT-2' }, { 'if-match': '"7"' });
    const ok = await legal.patch(`/v1/debts/${debt.id}`, { contractNo: 'HT-2', assignees: { sales: null } }, { 'if-match': '"1"' });
    const again = await legal.patch(`/v1/debts/${debt.id}`, { contractNo: 'HT-3' }, { 'if-match': '"1"' });
    // Assess
    expect(missing.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(await ok.json()).toMatchObject({ version: 2, contractNo: 'HT-2', assignees: { collector: 'collector-1' } });
    expect(again.status).toBe(412);
    expect((await h.as('sales-1').get(`/v1/debts/${debt.id}`)).status).toBe(404);
    const events = (await (await legal.get(`/v1/debts/${debt.id}/audit`)).json()).items;
    expect(events.at(-1)).toMatchObject({ action: 'debt.updated', details: { changes: { contractNo: { from: 'HT-2023-001', to: 'HT-2' } } } });
  });

  it('records payments and keeps the ledger exact, refusing more than is outstanding', async () => {
    // Prepare
    const debt = await h.createDebt({ principal: '1000.00' });
    const finance = h.as('finance-1');
    // Act
    const first = await finance.post(`/v1/debts/${debt.id}/payments`, { amount: '0.10', date: '2026-11-01' });
    const second = await finance.post(`/v1/debts/${debt.id}/payments`, { amount: '0.20', date: '2026-11-02', reference: 'BANK-1' });
    const tooMuch = await finance.post(`/v1/debts/${debt.id}/payments`, { amount: '999.71', date: '2026-11-03' });
    const future = await finance.post(`/v1/debts/${debt.id}/payments`, { amount: '1.00', date: '2026-11-30' });
    const ledger = (await (await finance.get(`/v1/debts/${debt.id}`)).json()).ledger;
    // Assess
    expect([first.status, second.status, tooMuch.status, future.status]).toEqual([201, 201, 422, 422]);
    expect((await tooMuch.json()).detail).toMatch(/exceeds the outstanding balance 999.70/);
    expect(ledger).toEqual({ principal: '1000.00', paid: '0.30', outstanding: '999.70', currency: 'CNY' });
  });

  it('records limitation events from the assigned collector and legal', async () => {
    // Prepare
    const debt = await h.createDebt();
    // Act
    const demand = await h.as('collector-1').post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2026-11-20', note: '上门催收' });
    const unknownType = await h.as('legal-1').post(`/v1/debts/${debt.id}/events`, { type: 'prayer', date: '2026-11-20' });
    const notOwn = await h.as('collector-2').post(`/v1/debts/${debt.id}/events`, { type: 'demand', date: '2026-11-20' });
    // Assess
    expect(demand.status).toBe(201);
    expect(await demand.json()).toMatchObject({ type: 'demand', date: '2026-11-20', recordedBy: 'collector-1' });
    expect(unknownType.status).toBe(400);
    expect(notOwn.status).toBe(404);
  });

  it('reports outstanding amounts by age, exact to the cent', async () => {
    // Prepare: today is 2026-11-29.
    await h.createDebt({ principal: '100.10', dueDate: '2026-10-01' }); // 59 days past due
    await h.createDebt({ principal: '0.20', dueDate: '2026-09-01' }); // 89 days
    await h.createDebt({ principal: '5.00', dueDate: '2027-01-01' }); // not due
    const paid = await h.createDebt({ principal: '7.00', dueDate: '2020-01-01' });
    await h.as('finance-1').post(`/v1/debts/${paid.id}/payments`, { amount: '7.00', date: '2026-11-01' });
    // Act
    const report = await (await h.as('finance-1').get('/v1/reports/aging')).json();
    // Assess
    expect(report).toEqual({
      asOf: '2026-11-29T02:00:00.000Z',
      rows: [
        { bucket: 'not_due', currency: 'CNY', debts: 1, outstanding: '5.00' },
        { bucket: '1-90', currency: 'CNY', debts: 2, outstanding: '100.30' },
      ],
    });
    expect((await h.as('collector-1').get('/v1/reports/aging')).status).toBe(403);
  });

  it('lists the demo users one can sign in as', async () => {
    const users = (await (await h.app.request('/v1/auth/dev-users')).json()).items;
    expect(users.map((u: { id: string }) => u.id)).toEqual(['admin-1', 'finance-1', 'legal-1', 'collector-1', 'collector-2', 'sales-1', 'auditor-1']);
  });

  it('publishes OpenAPI from the same schemas that validate requests', async () => {
    const document = await (await h.app.request('/v1/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/debts', '/v1/debts/{id}/documents', '/v1/debts/{id}/audit/verify']));
    const createBody = document.paths['/v1/debts'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(createBody)).toContain('debtor');
  });
});
