import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf, ONE_PIXEL_PNG } from '../testing/pdfs';

let h: Harness;
let debtId: string;
beforeEach(async () => {
  h = await startHarness();
  debtId = (await h.createDebt()).id;
});
afterEach(async () => h.dispose());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('documents', () => {
  it('stores an upload content-addressed and serves it back, logging the read', async () => {
    // Prepare
    const bytes = await makePdf('Supply contract HT-2023-001', 2);
    // Act
    const created = await h.as('sales-1').upload(debtId, { bytes, filename: '供货合同.pdf' }, { type: 'contract', title: '供货合同', documentDate: '2023-01-10' });
    const document = await created.json();
    const content = await h.as('auditor-1').get(`/v1/debts/${debtId}/documents/${document.id}/content`);
    const body = new Uint8Array(await content.arrayBuffer());
    const events = (await (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit`)).json()).items;
    // Assess
    expect(created.status).toBe(201);
    expect(document).toMatchObject({
      type: 'contract',
      filename: '供货合同.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      pages: 2,
      version: 1,
      uploadedBy: 'sales-1',
      status: 'active',
      extraction: { status: 'not_applicable' },
    });
    expect(content.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    expect(content.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('供货合同.pdf')}`);
    expect(sha256(body)).toBe(sha256(bytes));
    expect(events.map((e: { action: string }) => e.action)).toEqual(['debt.created', 'document.added', 'document.read']);
    expect(events[2]).toMatchObject({ actor: { id: 'auditor-1', role: 'auditor' }, details: { sha256: sha256(bytes) } });
  });

  it('accepts images whose bytes match their declared type', async () => {
    const response = await h.as('collector-1').upload(debtId, { bytes: ONE_PIXEL_PNG, filename: 'visit.png', contentType: 'image/png' }, { type: 'visit_record' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ contentType: 'image/png', pages: 1 });
  });

  it('lets only the roles of DESIGN §5 add each type', async () => {
    const pdf = await makePdf('x');
    const attempt = (user: string, type: string) => h.as(user).upload(debtId, { bytes: pdf, filename: 'x.pdf' }, { type }).then((r) => r.status);
    expect(await attempt('collector-1', 'visa')).toBe(403);
    expect(await attempt('sales-1', 'visa')).toBe(201);
    expect(await attempt('finance-1', 'visit_record')).toBe(403);
    expect(await attempt('collector-1', 'visit_record')).toBe(201);
    expect(await attempt('auditor-1', 'correspondence')).toBe(403);
    expect(await attempt('legal-1', 'court_filing')).toBe(201);
    expect(await attempt('collector-2', 'visit_record')).toBe(404);
  });

  it('keeps a superseded version and links the new one to it', async () => {
    // Prepare
    const v1 = await (await h.as('sales-1').upload(debtId, { bytes: await makePdf('visa v1'), filename: 'visa.pdf' }, { type: 'visa' })).json();
    // Act
    const v2 = await (await h.as('sales-1').upload(debtId, { bytes: await makePdf('visa v2'), filename: 'visa.pdf' }, { type: 'visa', supersedes: v1.id })).json();
    const again = await h.as('sales-1').upload(debtId, { bytes: await makePdf('visa v2b'), filename: 'visa.pdf' }, { type: 'visa', supersedes: v1.id });
    const list = (await (await h.as('sales-1').get(`/v1/debts/${debtId}/documents`)).json()).items;
    // Assess
    expect(v2).toMatchObject({ version: 2, supersedes: v1.id });
    expect(again.status).toBe(422);
    expect(list.map((d: { id: string; supersededBy?: string }) => [d.id, d.supersededBy ?? null])).toEqual([[v1.id, v2.id], [v2.id, null]]);
  });

  it('voids with a reason, never deletes, and only for the uploader role or legal', async () => {
    // Prepare
    const document = await (await h.as('sales-1').upload(debtId, { bytes: await makePdf('wrong'), filename: 'w.pdf' }, { type: 'contract' })).json();
    const path = `/v1/debts/${debtId}/documents/${document.id}`;
    // Act
    const byCollector = await h.as('collector-1').post(`${path}/void`, { reason: 'not mine' });
    const noReason = await h.as('legal-1').post(`${path}/void`, { reason: '' });
    const byLegal = await h.as('legal-1').post(`${path}/void`, { reason: 'uploaded to the wrong debt' });
    const twice = await h.as('legal-1').post(`${path}/void`, { reason: 'again' });
    const deleted = await h.as('admin-1').send('DELETE', path);
    const stillThere = await h.as('legal-1').get(path);
    // Assess
    expect([byCollector.status, noReason.status, byLegal.status, twice.status, deleted.status]).toEqual([403, 400, 200, 409, 404]);
    expect(await stillThere.json()).toMatchObject({ status: 'void', voidReason: 'uploaded to the wrong debt', voidedBy: 'legal-1' });
    expect((await h.as('legal-1').get(`${path}/content`)).status).toBe(200);
  });

  it('takes large files through an upload session with a signed URL', async () => {
    // Prepare
    const bytes = await makePdf('settlement', 3);
    const session = await (
      await h.as('finance-1').post(`/v1/debts/${debtId}/uploads`, { type: 'settlement', filename: 'settlement.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) })
    ).json();
    // Act
    const forged = await h.app.request(session.url.replace(/signature=[0-9a-f]{4}/, 'signature=0000'), { method: 'PUT', body: bytes });
    const early = await h.as('finance-1').post(`/v1/debts/${debtId}/uploads/${session.uploadId}/complete`);
    const put = await h.app.request(session.url, { method: session.method, body: bytes });
    const completed = await h.as('finance-1').post(`/v1/debts/${debtId}/uploads/${session.uploadId}/complete`);
    const twice = await h.as('finance-1').post(`/v1/debts/${debtId}/uploads/${session.uploadId}/complete`);
    // Assess
    expect(forged.status).toBe(403);
    expect(early.status).toBe(409);
    expect(put.status).toBe(200);
    expect(completed.status).toBe(201);
    expect(await completed.json()).toMatchObject({ type: 'settlement', sha256: sha256(bytes), size: bytes.length, pages: 3 });
    expect(twice.status).toBe(409);
  });

  it('refuses to complete a session whose bytes differ from what was declared, storing nothing', async () => {
    // Prepare
    const declared = await makePdf('declared');
    const sent = await makePdf('something else');
    const session = await (
      await h.as('finance-1').post(`/v1/debts/${debtId}/uploads`, { type: 'invoice', filename: 'inv.pdf', contentType: 'application/pdf', size: declared.length, sha256: sha256(declared) })
    ).json();
    await h.app.request(session.url, { method: 'PUT', body: sent.subarray(0, declared.length) });
    // Act
    const completed = await h.as('finance-1').post(`/v1/debts/${debtId}/uploads/${session.uploadId}/complete`);
    // Assess
    expect(completed.status).toBe(422);
    expect((await (await h.as('finance-1').get(`/v1/debts/${debtId}/documents`)).json()).items).toEqual([]);
    expect(await h.blobs.get(sha256(declared))).toBeUndefined();
  });
});
