import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf } from '../testing/pdfs';

/**
 * A short fuzz of the JSON and multipart routes (issue 12): whatever is sent, the answer is never
 * a 5xx, a 4xx is problem+json and changes nothing (audit head, documents, payments, debts, stored
 * blobs), and the service still answers afterwards. Bounded in runs, and cut short by fast-check's
 * own time limit, so it stays a few seconds on a busy machine.
 */
let h: Harness;
let debtId: string;
let pdf: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  h = await startHarness();
  debtId = (await h.createDebt({ principal: '1000.00' })).id;
  pdf = await makePdf('fuzz seed');
});
afterAll(async () => h.dispose());

async function state() {
  const [audit, documents, ledger, debts, blobs] = await Promise.all([
    h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=500`).then((r) => r.json()),
    h.as('legal-1').get(`/v1/debts/${debtId}/documents`).then((r) => r.json()),
    h.as('legal-1').get(`/v1/debts/${debtId}/ledger`).then((r) => r.json()),
    h.as('legal-1').get('/v1/debts').then((r) => r.json()),
    readdir(join(h.dataDir, 'blobs', 'sha256'), { recursive: true, withFileTypes: true }).catch(() => []),
  ]);
  return { head: audit.head, documents: documents.items.length, paid: ledger.paid, debts: debts.items.length, blobs: blobs.filter((e) => e.isFile()).length };
}

/** Sends, then checks the answer and that a refusal left everything as it was. */
async function checked(send: () => Promise<Response>): Promise<void> {
  const before = await state();
  const response = await send();
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ status: response.status, type: expect.any(String), detail: expect.any(String) });
    expect(await state()).toEqual(before);
  }
}

const LIMITS = { numRuns: 60, interruptAfterTimeLimit: 5_000, markInterruptAsFailure: false } as const;

/** Strings with the characters that break parsers and names: bidi controls, NUL, quotes, surrogates. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', '1.005', '99999999999999999999.99', '2026-02-30', '\u202Efdp.exe', '\u0000', '"', '\\', '../..', '__proto__', '{{', '\uD800'),
);
const value = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));

/** A JSON route, who may call it, and the fields its body has, so the fuzz reaches past "unknown field". */
const JSON_ROUTES: Array<{ user: string; method: string; path: () => string; fields: string[]; headers?: Record<string, string> }> = [
  { user: 'finance-1', method: 'POST', path: () => '/v1/debts', fields: ['debtor', 'principal', 'dueDate', 'installments', 'currency', 'assignees', 'timeZone', 'jurisdiction'] },
  { user: 'finance-1', method: 'POST', path: () => `/v1/debts/${debtId}/payments`, fields: ['amount', 'date', 'reference', 'documentId'] },
  { user: 'legal-1', method: 'POST', path: () => `/v1/debts/${debtId}/events`, fields: ['type', 'date', 'documentId', 'deliveryProofId', 'graceUntil'] },
  { user: 'collector-1', method: 'POST', path: () => `/v1/debts/${debtId}/signing-requests`, fields: ['template', 'data', 'signers', 'mode', 'expiresAt'] },
  { user: 'finance-1', method: 'PATCH', path: () => `/v1/debts/${debtId}`, fields: ['contractNo', 'principal', 'status', 'assignees'], headers: { 'if-match': '"1"' } },
  { user: 'sales-1', method: 'POST', path: () => `/v1/debts/${debtId}/uploads`, fields: ['type', 'filename', 'contentType', 'size', 'sha256'] },
  { user: 'legal-1', method: 'POST', path: () => '/v1/verify', fields: ['pdf', 'sha256'] },
];

describe('fuzzed requests', () => {
  it('JSON routes: no 5xx, a refusal changes nothing', async () => {
    const body = (fields: string[]) =>
      fc.oneof(
        fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length }).map((object) => JSON.stringify(object)),
        fc.jsonValue({ maxDepth: 4 }).map((json) => JSON.stringify(json)),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.integer({ min: 60, max: 5_000 }).map((depth) => '['.repeat(depth)),
      );
    const request = fc.constantFrom(...JSON_ROUTES).chain((route) => fc.tuple(fc.constant(route), body(route.fields)));
    await fc.assert(
      fc.asyncProperty(request, async ([route, text]) => {
        await checked(() => h.as(route.user).send(route.method, route.path(), { body: text, headers: { 'content-type': 'application/json', ...route.headers } }));
      }),
      LIMITS,
    );
    expect((await h.app.request('/health')).status).toBe(200);
  });

  it('multipart uploads: no 5xx, a refusal stores nothing', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      fc.uint8Array({ maxLength: 500 }).map((tail) => new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...tail])),
      fc.integer({ min: 1, max: pdf.length - 1 }).map((cut) => pdf.slice(0, cut)),
      fc.tuple(fc.integer({ min: 0, max: pdf.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const flipped = pdf.slice();
        flipped[at] = byte;
        return flipped;
      }),
    );
    const filename = fc.oneof(nasty, fc.tuple(nasty, fc.constantFrom('.pdf', '.png', '.html', '.exe', '')).map(([stem, extension]) => `${stem}${extension}`));
    const upload = fc.record({
      bytes,
      filename,
      contentType: fc.constantFrom('application/pdf', 'image/png', 'application/octet-stream', 'text/html', ''),
      type: fc.oneof(fc.constantFrom('contract', 'visa', 'invoice', 'settlement'), nasty),
      extra: fc.dictionary(fc.constantFrom('description', 'documentDate', 'supersedes', 'amount'), nasty, { maxKeys: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(upload, async (file) => {
        await checked(() => h.as('sales-1').upload(debtId, { bytes: file.bytes, filename: file.filename, contentType: file.contentType }, { type: file.type, ...file.extra }));
      }),
      LIMITS,
    );
    expect((await h.app.request('/health')).status).toBe(200);
  });
});
