import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../embedded/config';
import { createEmbeddedApp } from '../embedded/embedded-app';
import { ExtractionService } from '../services/extraction';
import { keys } from '../services/table-layout';
import { makeCjkPdf, SAMPLE_CONTRACT_LINES, scanOf } from '../testing/cjk-pdfs';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf, ONE_PIXEL_PNG } from '../testing/pdfs';

const CONTRACT = SAMPLE_CONTRACT_LINES;

let h: Harness;
let debtId: string;
let contractId: string;
beforeAll(async () => {
  h = await startHarness({ EVIDENCE_EXTRACTION: 'local' });
  debtId = (await h.createDebt()).id;
  const upload = await h.as('sales-1').upload(debtId, { bytes: await makeCjkPdf([{ lines: CONTRACT }]), filename: '施工合同.pdf' }, { type: 'contract' });
  expect(upload.status).toBe(201);
  contractId = (await upload.json()).id;
});
afterAll(async () => h.dispose());

const extractionOf = async (docId: string, user = 'auditor-1') => (await h.as(user).get(`/v1/debts/${debtId}/documents/${docId}/extraction`)).json();
const auditActions = async () => ((await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=500`)).json()).items as Array<{ action: string; details: Record<string, unknown> }>);

describe('extraction after upload', () => {
  it('answers the upload at once with extraction pending, then runs it in the background', async () => {
    // Prepare
    const pdf = await makeCjkPdf([{ lines: ['工程结算书', '审定金额：¥1,250,000.00（大写：壹佰贰拾伍万元整）'] }]);
    // Act
    const response = await h.as('finance-1').upload(debtId, { bytes: pdf, filename: 'settlement.pdf' }, { type: 'settlement' });
    const document = await response.json();
    // Assess
    expect(response.status).toBe(201);
    expect(document.extraction).toEqual({ status: 'pending' });
    await h.extractionQueue?.idle();
    const extraction = await extractionOf(document.id);
    expect(extraction.status).toBe('done');
    expect(extraction.fields.find((f: { name: string }) => f.name === 'settled_amount')).toMatchObject({ value: '1250000.00', currency: 'CNY', page: 1, engine: 'pdf-text', reviewed: false });
  });

  it('reads the contract fields with their provenance and records the steps in the audit chain', async () => {
    // Act
    await h.extractionQueue?.idle();
    const extraction = await extractionOf(contractId, 'collector-1');
    // Assess
    expect(extraction).toMatchObject({ status: 'done', engine: 'pdf-text', warnings: [] });
    const byName = Object.fromEntries(extraction.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.total_amount).toMatchObject({ value: '1234567.89', currency: 'CNY', confidence: 1, page: 1, text: '合同总价：人民币 1,234,567.89 元', engine: 'pdf-text', reviewed: false });
    expect(byName.total_amount.bbox.width).toBeGreaterThan(0);
    expect(byName.signing_date.value).toBe('2026-11-29');
    expect(byName.party_debtor.value).toBe('福州某某建设工程有限公司');
    expect((await (await h.as('sales-1').get(`/v1/debts/${debtId}/documents/${contractId}`)).json()).extraction).toEqual({ status: 'done' });
    const events = (await auditActions()).filter((e) => String((e as { subject?: string }).subject ?? '').endsWith(contractId) || e.action.startsWith('extraction.'));
    const completed = events.find((e) => e.action === 'extraction.completed' && (e as unknown as { subject: string }).subject.endsWith(contractId));
    expect(completed?.details).toMatchObject({ status: 'done', engine: 'pdf-text' });
    expect(completed?.details.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit/verify`)).json()).valid).toBe(true);
  });

  it('fails an image with no legible text with a reason, and keeps the document', async () => {
    // Act
    const response = await h.as('collector-1').upload(debtId, { bytes: ONE_PIXEL_PNG, filename: 'blank.png', contentType: 'image/png' }, { type: 'visit_record' });
    const document = await response.json();
    await h.extractionQueue?.idle();
    // Assess
    expect(response.status).toBe(201);
    const extraction = await extractionOf(document.id);
    expect(extraction.status).toBe('failed');
    expect(extraction.reason).toMatch(/no text|could not be read/u);
    expect((await (await h.as('collector-1').get(`/v1/debts/${debtId}/documents/${document.id}`)).json()).extraction).toEqual({ status: 'failed', reason: extraction.reason });
    expect((await h.as('collector-1').get(`/v1/debts/${debtId}/documents/${document.id}/content`)).status).toBe(200);
    expect((await auditActions()).some((e) => e.action === 'extraction.failed' && e.details.reason === extraction.reason)).toBe(true);
  });

  it('does not extract types DESIGN §6 names no fields for', async () => {
    const response = await h.as('legal-1').upload(debtId, { bytes: await makePdf('Letter'), filename: 'letter.pdf' }, { type: 'correspondence' });
    const document = await response.json();
    expect(document.extraction.status).toBe('not_applicable');
    expect((await extractionOf(document.id)).status).toBe('not_applicable');
  });
});

describe('review', () => {
  it('confirms and corrects fields: reviewed, by whom, the value the engine read, in the audit chain', async () => {
    // Act
    const response = await h.as('legal-1').post(`/v1/debts/${debtId}/documents/${contractId}/extraction/review`, {
      fields: [
        { name: 'total_amount', value: '1234567.8' },
        { name: 'signing_date', value: '2026-11-29' },
      ],
    });
    // Assess
    expect(response.status).toBe(200);
    const byName = Object.fromEntries((await response.json()).fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.total_amount).toMatchObject({ value: '1234567.80', extractedValue: '1234567.89', reviewed: true, reviewedBy: 'legal-1', confidence: 1, page: 1 });
    expect(byName.signing_date).toMatchObject({ value: '2026-11-29', reviewed: true });
    expect(byName.signing_date.extractedValue).toBeUndefined();
    const event = (await auditActions()).findLast((e) => e.action === 'extraction.reviewed');
    expect(event?.details.fields).toEqual([
      { name: 'total_amount', value: '1234567.80', previous: '1234567.89' },
      { name: 'signing_date', value: '2026-11-29', previous: '2026-11-29' },
    ]);
  });

  it.each([
    [{ fields: [{ name: 'total_amount', value: '1,000.00' }] }, 'fields.0.value'],
    [{ fields: [{ name: 'total_amount', value: '-5.00' }] }, 'fields.0.value'],
    [{ fields: [{ name: 'total_amount', value: 1000 }] }, 'fields.0.value'],
    [{ fields: [{ name: 'signing_date', value: '2026-02-30' }] }, 'fields.0.value'],
    [{ fields: [{ name: 'debtor_uscc', value: '91350100M000100Y44' }] }, 'fields.0.value'],
    [{ fields: [{ name: 'signature_present', value: 'yes' }] }, 'fields.0.value'],
    [{ fields: [{ name: 'colour', value: 'red' }] }, 'fields.0.name'],
    [{ fields: [{ name: 'signer', value: 'A', currency: 'CNY' }] }, 'fields.0.currency'],
    [{ fields: [] }, 'fields'],
    [{ fields: [{ name: 'due_date', value: '2026-01-01' }, { name: 'due_date', value: '2026-01-02' }] }, 'fields.1.name'],
  ])('refuses %j with 400 naming %s, and changes nothing', async (body, path) => {
    // Prepare
    const before = await extractionOf(contractId);
    // Act
    const response = await h.as('finance-1').post(`/v1/debts/${debtId}/documents/${contractId}/extraction/review`, body);
    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await response.json()).errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await extractionOf(contractId)).toEqual(before);
  });

  it('keeps reviewed values when the extraction runs again after a restart', async () => {
    // Prepare: a crash left the extraction running; the reviewed total must survive the rerun.
    const item = await h.table.get(keys.extraction(debtId, contractId));
    await h.table.transact([{ put: { ...item!, status: 'running', fields: (item!.fields as Array<{ name: string; reviewed: boolean }>).filter((f) => f.reviewed), gsi4pk: 'EXTRACTION_OPEN', gsi4sk: `0#${debtId}#${contractId}` } }]);
    // Act: a second start on the same data folder queues it again.
    const restarted = await createEmbeddedApp(readConfig({ EVIDENCE_DATA_DIR: h.dataDir, EVIDENCE_EXTRACTION: 'local' }), h.clock);
    await restarted.extractionQueue?.idle();
    await restarted.close();
    // Assess
    const extraction = await extractionOf(contractId);
    expect(extraction.status).toBe('done');
    const byName = Object.fromEntries(extraction.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.total_amount).toMatchObject({ value: '1234567.80', reviewed: true });
    expect(byName.party_debtor).toMatchObject({ value: '福州某某建设工程有限公司', reviewed: false });
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit/verify`)).json()).valid).toBe(true);
  });

  it('lets a reviewer confirm the debtor signature on a scanned visit record, which then counts as signed', async () => {
    // Prepare: a scan (image) of a signed visit record
    const { png } = await scanOf(await makeCjkPdf([{ lines: ['催款走访记录', '走访日期：2026年11月29日', '债务人确认尚欠工程款：¥500,000.00', '签字：张三'], signature: true }]));
    const document = await (await h.as('collector-1').upload(debtId, { bytes: png, filename: 'visit.png', contentType: 'image/png' }, { type: 'visit_record' })).json();
    await h.extractionQueue?.idle();
    const extracted = await extractionOf(document.id);
    // Act
    const response = await h.as('legal-1').post(`/v1/debts/${debtId}/documents/${document.id}/extraction/review`, { fields: [{ name: 'signature_present', value: 'true' }, { name: 'acknowledged_balance', value: '500000.00' }] });
    // Assess
    expect(extracted.status).toBe('done');
    expect(extracted.engine).toBe('tesseract');
    expect(extracted.fields.find((f: { name: string }) => f.name === 'acknowledged_balance')?.value).toBe('500000.00');
    expect(response.status).toBe(200);
    const stored = await (await h.as('collector-1').get(`/v1/debts/${debtId}/documents/${document.id}`)).json();
    expect(stored.signedByDebtor).toEqual({ method: 'confirmed_scan', confirmedBy: 'legal-1', at: h.clock.now().toISOString() });
    const event = (await auditActions()).findLast((e) => e.action === 'extraction.reviewed');
    expect(event?.details).toMatchObject({ signature: 'confirmed', signatureDetectedByEngine: false });
  });

  it('gives the ledger and readiness the reviewed values per document, with what is still unreviewed', async () => {
    // Act
    const documents = await new ExtractionService(h.table, h.blobs, h.clock).reviewedFields(debtId);
    // Assess
    const contract = documents.find((d) => d.documentId === contractId);
    expect(contract?.fields.map((f) => [f.name, f.value])).toEqual([
      ['total_amount', '1234567.80'],
      ['signing_date', '2026-11-29'],
    ]);
    expect(contract?.unreviewed).toEqual([]);
    const settlement = documents.find((d) => d.type === 'settlement');
    expect(settlement?.fields).toEqual([]);
    expect(settlement?.unreviewed).toEqual(['settled_amount']);
    expect(documents.find((d) => d.type === 'visit_record' && d.status === 'done')?.signedByDebtor?.method).toBe('confirmed_scan');
  });

  it('refuses reviews once the file is closed', async () => {
    // Prepare
    const other = await h.createDebt();
    const doc = await (await h.as('finance-1').upload(other.id, { bytes: await makeCjkPdf([{ lines: ['付款金额：¥1.00'] }]), filename: 'pay.pdf' }, { type: 'payment_record' })).json();
    await h.extractionQueue?.idle();
    expect((await h.as('finance-1').patch(`/v1/debts/${other.id}`, { status: 'closed', closeReason: 'settled out of court' }, { 'if-match': `"${other.version}"` })).status).toBe(200);
    // Act
    const response = await h.as('finance-1').post(`/v1/debts/${other.id}/documents/${doc.id}/extraction/review`, { fields: [{ name: 'payment_amount', value: '1.00' }] });
    // Assess
    expect(response.status).toBe(409);
  });
});
