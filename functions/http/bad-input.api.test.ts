import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { encryptPdf, makePdf, ONE_PIXEL_PNG } from '../testing/pdfs';

/**
 * DESIGN §11: every bad input gets a clear 4xx as problem+json and changes nothing — no event, no
 * document, no stored blob.
 */
const MAX_UPLOAD = 20_000;
let h: Harness;
let debtId: string;
let pdf: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  h = await startHarness({ EVIDENCE_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
  debtId = (await h.createDebt()).id;
  pdf = await makePdf('a real contract', 2);
});
afterAll(async () => h.dispose());

async function blobFiles(): Promise<number> {
  const root = join(h.dataDir, 'blobs', 'sha256');
  const files = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return files.filter((entry) => entry.isFile()).length;
}

async function state() {
  const audit = await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit`)).json();
  const documents = await (await h.as('legal-1').get(`/v1/debts/${debtId}/documents`)).json();
  const debts = await (await h.as('legal-1').get('/v1/debts')).json();
  return { head: audit.head, documents: documents.items.length, debts: debts.items.length, blobs: await blobFiles() };
}

type Bytes = Uint8Array | (() => Uint8Array | Promise<Uint8Array>);

/** A JSON request; `path` may name the debt as `{debt}`. */
const json = (user: string, method: string, path: string, body: string, headers: Record<string, string> = {}) => async () =>
  h.as(user).send(method, path.replace('{debt}', debtId), { body, headers: { 'content-type': 'application/json', ...headers } });

/** A multipart upload; `bytes` may be computed when the case runs. */
const upload = (bytes: Bytes, filename: string, fields: Record<string, string> = { type: 'contract' }, contentType?: string) => async () =>
  h.as('sales-1').upload(debtId, { bytes: typeof bytes === 'function' ? await bytes() : bytes, filename, ...(contentType ? { contentType } : {}) }, fields);

const CASES: Array<[string, number, () => Promise<Response>, RegExp?]> = [
  ['malformed JSON', 400, json('finance-1', 'POST', '/v1/debts', '{"debtor": {')],
  ['money as a JSON number', 400, json('finance-1', 'POST', '/v1/debts', '{"debtor":{"name":"A"},"principal":100.5}'), /never a number/],
  ['money with three decimals', 400, json('finance-1', 'POST', '/v1/debts', '{"debtor":{"name":"A"},"principal":"1.005"}')],
  ['an impossible date', 400, json('finance-1', 'POST', '/v1/debts', '{"debtor":{"name":"A"},"dueDate":"2026-02-30"}'), /calendar date/],
  ['a USCC with a wrong check character', 400, json('finance-1', 'POST', '/v1/debts', '{"debtor":{"name":"A","uscc":"91350100M000100Y4Z"}}'), /check character/],
  ['an unknown field', 400, json('finance-1', 'POST', '/v1/debts', '{"debtor":{"name":"A"},"secret":1}')],
  ['a body that is not JSON', 415, json('finance-1', 'POST', '/v1/debts', 'debtor=A', { 'content-type': 'text/plain' })],
  ['an oversize JSON body', 413, json('finance-1', 'POST', '/v1/debts', JSON.stringify({ debtor: { name: 'A', address: 'x'.repeat(1_100_000) } }))],
  ['the wrong role', 403, json('sales-1', 'POST', '/v1/debts', '{"debtor":{"name":"A"}}')],
  ['an empty expiringWithinDays', 400, async () => h.as('legal-1').get('/v1/debts?expiringWithinDays=')],
  ['a stale If-Match', 412, json('legal-1', 'PATCH', '/v1/debts/{debt}', '{"contractNo":"X"}', { 'if-match': '"9"' })],
  ['a payment above the outstanding amount', 422, json('finance-1', 'POST', '/v1/debts/{debt}/payments', '{"amount":"99999999.00","date":"2026-11-01"}'), /exceeds/],
  ['a limitation event in the future', 422, json('legal-1', 'POST', '/v1/debts/{debt}/events', '{"type":"demand","date":"2027-01-01"}'), /in the future/],
  ['an unknown document type', 400, upload(() => pdf, 'x.pdf', { type: 'diary' })],
  ['a missing file', 400, async () => h.as('sales-1').send('POST', `/v1/debts/${debtId}/documents`, { body: new FormData() })],
  ['an empty file', 422, upload(new Uint8Array(0), 'empty.pdf'), /empty/],
  ['bytes of no accepted type', 415, upload(new TextEncoder().encode('just some text, not a PDF'), 'notes.pdf'), /no recognised type/],
  ['a PNG declared as a PDF', 415, upload(ONE_PIXEL_PNG, 'scan.pdf', { type: 'contract' }, 'application/pdf'), /declared as application\/pdf but its bytes are image\/png/],
  ['a PDF named .png', 415, upload(() => pdf, 'scan.png', { type: 'contract' }, 'application/octet-stream'), /ends in .png/],
  ['a truncated PDF', 422, upload(() => pdf.subarray(0, Math.floor(pdf.length * 0.6)), 'cut.pdf'), /truncated/],
  ['an encrypted PDF', 422, upload(() => encryptPdf(pdf), 'locked.pdf'), /encrypted/],
  ['an unparseable PDF', 422, upload(new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >>\nnonsense\n%%EOF\n'), 'broken.pdf')],
  ['a path-like file name', 422, upload(() => pdf, '../../etc/passwd.pdf'), /looks like a path/],
  ['an upload over the inline limit', 413, upload(() => makePdf('big '.repeat(20), 300), 'big.pdf')],
  ['a multipart body far over the limit', 413, upload(() => makePdf('big '.repeat(20), 1500), 'huge.pdf')],
  ['a missing If-Match', 428, json('legal-1', 'PATCH', '/v1/debts/{debt}', '{"contractNo":"X"}')],
  ['an invalid withinDays', 400, async () => h.as('legal-1').get('/v1/limitation/expiring?withinDays=-1'), /withinDays/],
  ['a grace period on an acknowledgement', 400, json('legal-1', 'POST', '/v1/debts/{debt}/events', '{"type":"acknowledgement","date":"2026-11-01","graceUntil":"2026-12-01"}'), /belong to a demand/],
  ['a delivery proof that is no document of the debt', 422, json('legal-1', 'POST', '/v1/debts/{debt}/events', '{"type":"demand","date":"2026-11-01","deliveryProofId":"01900000-0000-7000-8000-000000000009"}'), /no such document/],
  ['interest at a contract rate without the rate', 400, async () => h.as('legal-1').get(`/v1/debts/${debtId}/interest?basis=contract`), /rate/],
];

describe('bad input (DESIGN §11)', () => {
  it.each(CASES)('%s → %i, problem+json, nothing changed', async (_name, status, send, detail) => {
    // Prepare
    const before = await state();
    // Act
    const response = await send();
    // Assess
    const body = await response.json();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ type: expect.stringMatching(/^urn:evidence-file:problem:/), status, title: expect.any(String), detail: expect.any(String) });
    if (detail) expect(body.detail).toMatch(detail);
    expect(await state()).toEqual(before);
  });

  it('names each bad field in errors[]', async () => {
    const response = await h.as('finance-1').post('/v1/debts', { debtor: { name: '' }, principal: 5, installments: [{ dueDate: 'soon', amount: '1.00' }] });
    const body = await response.json();
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['debtor.name', 'installments.0.dueDate', 'principal']);
  });
});
