import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAssets } from '../embedded/web-assets';
import { type Harness, startHarness } from '../testing/harness';
import { makePdf, ONE_PIXEL_PNG } from '../testing/pdfs';

/**
 * Holes found by trying the service as an attacker would (issue 12): each bad input gets a 4xx
 * problem+json and changes nothing — no document, no audit event, no stored blob, no payment.
 */
let h: Harness;
let debtId: string;
let pdf: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  h = await startHarness();
  debtId = (await h.createDebt({ principal: '100.00' })).id;
  pdf = await makePdf('a real contract', 2);
});
afterAll(async () => h.dispose());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function evidenceBlobs(): Promise<number> {
  const files = await readdir(join(h.dataDir, 'blobs', 'sha256'), { recursive: true, withFileTypes: true }).catch(() => []);
  return files.filter((entry) => entry.isFile()).length;
}

/** What a refused request must leave as it was. */
async function state() {
  const audit = await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=500`)).json();
  const documents = await (await h.as('legal-1').get(`/v1/debts/${debtId}/documents`)).json();
  const ledger = await (await h.as('legal-1').get(`/v1/debts/${debtId}/ledger`)).json();
  const debts = await (await h.as('legal-1').get('/v1/debts')).json();
  return { debts: debts.items.length, head: audit.head, events: audit.items.length, documents: documents.items.length, paid: ledger.paid, payments: ledger.payments.length, blobs: await evidenceBlobs() };
}

async function expectProblem(response: Response, status: number, detail: RegExp): Promise<void> {
  const body = await response.json();
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({ type: expect.stringMatching(/^urn:evidence-file:problem:/), status, title: expect.any(String) });
  expect(body.detail).toMatch(detail);
}

/** Opens an upload session, sends the bytes to its URL, and completes it. */
async function throughSession(bytes: Uint8Array<ArrayBuffer>, filename: string, contentType = 'application/pdf') {
  const opened = await h.as('sales-1').post(`/v1/debts/${debtId}/uploads`, { type: 'contract', filename, contentType, size: bytes.length, sha256: sha256(bytes) });
  if (opened.status !== 201) return opened;
  const session = await opened.json();
  expect((await h.app.request(session.url, { method: session.method, body: bytes })).status).toBe(200);
  return h.as('sales-1').post(`/v1/debts/${debtId}/uploads/${session.uploadId}/complete`);
}

const zeroPagePdf = async () => new Uint8Array(await (await PDFDocument.create()).save({ addDefaultPage: false }));

describe('payments above the outstanding balance', () => {
  it('refuses one with 422 and records nothing', async () => {
    // Prepare
    const before = await state();
    // Act
    const response = await h.as('finance-1').post(`/v1/debts/${debtId}/payments`, { amount: '100.01', date: '2026-11-01' });
    // Assess
    await expectProblem(response, 422, /the payment 100\.01 exceeds the outstanding balance 100\.00 CNY/);
    expect(await state()).toEqual(before);
  });

  it('lets only one of two concurrent payments through when together they exceed the balance', async () => {
    // Prepare: 60.00 + 60.00 against 100.00 — each fits alone, both do not.
    const other = (await h.createDebt({ principal: '100.00' })).id;
    // Act
    const responses = await Promise.all([1, 2].map(() => h.as('finance-1').post(`/v1/debts/${other}/payments`, { amount: '60.00', date: '2026-11-01' })));
    // Assess
    expect(responses.map((r) => r.status).sort()).toEqual([201, 422]);
    const ledger = await (await h.as('finance-1').get(`/v1/debts/${other}/ledger`)).json();
    expect(ledger).toMatchObject({ paid: '60.00', outstanding: '40.00' });
    expect(ledger.payments).toHaveLength(1);
    const audit = await (await h.as('legal-1').get(`/v1/debts/${other}/audit`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['debt.created', 'payment.recorded']);
  });
});

describe('file names and types', () => {
  const invisible: Array<[string, string]> = [
    ['a right-to-left override', 'invoice\u202Efdp.exe'],
    ['a right-to-left isolate', 'contract\u2067.pdf'],
    ['a zero-width space', 'con\u200Btract.pdf'],
    ['a left-to-right mark', 'contract\u200E.pdf'],
  ];

  it.each(invisible)('refuses an upload whose name has %s (422), storing nothing', async (_what, filename) => {
    // Prepare
    const before = await state();
    // Act
    const response = await h.as('sales-1').upload(debtId, { bytes: pdf, filename }, { type: 'contract' });
    // Assess
    await expectProblem(response, 422, /invisible formatting character/);
    expect(await state()).toEqual(before);
  });

  it.each(invisible)('refuses to open an upload session whose name has %s (422)', async (_what, filename) => {
    // Prepare
    const before = await state();
    // Act
    const response = await throughSession(pdf, filename);
    // Assess
    await expectProblem(response, 422, /invisible formatting character/);
    expect(await state()).toEqual(before);
  });

  it.each(['evil.html', 'evil.exe', 'evil.svg'])('refuses PDF bytes named %s (415), inline and through a session', async (filename) => {
    // Prepare
    const before = await state();
    // Act
    const inline = await h.as('sales-1').upload(debtId, { bytes: pdf, filename, contentType: 'application/octet-stream' }, { type: 'contract' });
    const declaredPdf = await throughSession(pdf, filename);
    const declaredGeneric = await throughSession(pdf, filename, 'application/octet-stream');
    // Assess
    for (const response of [inline, declaredPdf, declaredGeneric]) await expectProblem(response, 415, new RegExp(`ends in \\.${filename.split('.')[1]} but its bytes are application/pdf; name it \\.pdf`));
    expect(await state()).toEqual(before);
  });

  it('gives a name without an extension the sniffed one, inline and through a session', async () => {
    // Act
    const inline = await h.as('sales-1').upload(debtId, { bytes: ONE_PIXEL_PNG, filename: '现场照片', contentType: 'image/png' }, { type: 'visa' });
    const session = await throughSession(await makePdf('bare name'), '结算单 v2.1');
    // Assess
    expect(inline.status).toBe(201);
    expect((await inline.json()).filename).toBe('现场照片.png');
    expect(session.status).toBe(201);
    expect((await session.json()).filename).toBe('结算单 v2.1.pdf');
  });

  it('refuses a PDF with no pages (422), inline and through a session', async () => {
    // Prepare
    const empty = await zeroPagePdf();
    const before = await state();
    // Act
    const inline = await h.as('sales-1').upload(debtId, { bytes: empty, filename: 'empty.pdf' }, { type: 'contract' });
    const session = await throughSession(empty, 'empty.pdf');
    // Assess
    await expectProblem(inline, 422, /the PDF has no pages/);
    await expectProblem(session, 422, /the PDF has no pages/);
    expect(await state()).toEqual(before);
  });
});

/** A raw HTTP/1.1 POST on its own connection, so a dropped connection shows as an error. */
function rawPost(port: number, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('deeply nested JSON', () => {
  const deepBodies: Array<[string, string]> = [
    ['500 000 unclosed {', '{'.repeat(500_000)],
    ['100 000 nested objects', `${'{"debtor":'.repeat(100_000)}1${'}'.repeat(100_000)}`.slice(0, 1_000_000)],
    ['300 000 nested arrays', `${'['.repeat(300_000)}${']'.repeat(300_000)}`],
    ['65 levels inside a valid debt', JSON.stringify({ debtor: { name: 'A', address: 'x' }, contractNo: 'x' }).replace('"x"}', `${'['.repeat(65)}${']'.repeat(65)}}`)],
  ];

  it.each(deepBodies)('answers %s with 400 problem+json and records nothing', async (_what, body) => {
    // Prepare
    const before = await state();
    // Act
    const response = await h.as('finance-1').send('POST', '/v1/debts', { body, headers: { 'content-type': 'application/json' } });
    // Assess
    await expectProblem(response, 400, /nests deeper than 64 levels/);
    expect(await state()).toEqual(before);
  });

  it('keeps 64 levels (the limit) to the schema, which refuses them as any other bad field', async () => {
    // Act
    const response = await h.as('collector-1').post(`/v1/debts/${debtId}/events`, { type: 'demand', date: '2026-11-01', documentId: JSON.parse(`${'['.repeat(63)}${']'.repeat(63)}`) });
    // Assess
    await expectProblem(response, 400, /documentId/);
  });

  it('over a real socket: 400 or 413 for deep bodies on each JSON route, and the server stays up', async () => {
    // Prepare: the embedded app on a port, as `npm start` serves it.
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const headersOf = async (userId: string) => {
      const login = await h.app.request('/v1/auth/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
      return { authorization: `Bearer ${(await login.json()).token}`, 'content-type': 'application/json' };
    };
    const routes: Array<[string, string]> = [
      ['finance-1', '/v1/debts'],
      ['finance-1', `/v1/debts/${debtId}/payments`],
      ['legal-1', `/v1/debts/${debtId}/events`],
      ['collector-1', `/v1/debts/${debtId}/signing-requests`],
      ['finance-1', '/v1/auth/dev-login'],
    ];
    const before = await state();
    try {
      // Act
      const answers = [];
      for (const [userId, path] of routes) {
        const headers = await headersOf(userId);
        answers.push(await rawPost(port, path, headers, '{'.repeat(500_000)));
        answers.push(await rawPost(port, path, headers, `{"data":${'['.repeat(200_000)}${']'.repeat(200_000)}}`));
      }
      const tooLarge = await rawPost(port, '/v1/debts', await headersOf('finance-1'), '{"a":'.repeat(500_000));
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      // Assess
      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 400, contentType: expect.stringMatching(/^application\/problem\+json/) });
        expect(JSON.parse(answer.body).detail).toMatch(/nests deeper than 64 levels/);
      }
      expect(tooLarge).toMatchObject({ status: 413, contentType: expect.stringMatching(/^application\/problem\+json/) });
      expect(health.status).toBe(200);
      expect(await state()).toEqual(before);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('security headers', () => {
  it('every API answer forbids sniffing, framing and referrers; its CSP allows nothing', async () => {
    // Act
    const answers = [await h.app.request('/health'), await h.as('legal-1').get(`/v1/debts/${debtId}`), await h.app.request('/v1/nowhere'), await h.app.request('/v1/debts')];
    // Assess
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 401]);
    for (const response of answers) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it('the web app gets a same-origin CSP without inline script or eval, and no framing', async () => {
    // Prepare
    const dist = await mkdtemp(join(tmpdir(), 'web-dist-'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    try {
      // Act
      const page = await webAssets(dist).request('/debts/123');
      // Assess
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp.split('; ')).toEqual(
        expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "worker-src 'self' blob:"]),
      );
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await rm(dist, { recursive: true, force: true });
    }
  });

  it("offers a PDF and a PNG inline under their exact names; the reads are audited", async () => {
    // Prepare
    const named = await (await h.as('sales-1').upload(debtId, { bytes: await makePdf('quote'), filename: "王's 合同 (1).pdf" }, { type: 'contract' })).json();
    const photo = await (await h.as('sales-1').upload(debtId, { bytes: ONE_PIXEL_PNG, filename: 'site.png', contentType: 'image/png' }, { type: 'visa' })).json();
    // Act
    const pdfRead = await h.as('legal-1').get(`/v1/debts/${debtId}/documents/${named.id}/content`);
    const pngRead = await h.as('legal-1').get(`/v1/debts/${debtId}/documents/${photo.id}/content`);
    // Assess
    expect(pdfRead.headers.get('content-disposition')).toBe(`inline; filename="_'s __ (1).pdf"; filename*=UTF-8''%E7%8E%8B%27s%20%E5%90%88%E5%90%8C%20%281%29.pdf`);
    expect(pngRead.headers.get('content-disposition')).toBe(`inline; filename="site.png"; filename*=UTF-8''site.png`);
    expect(pdfRead.headers.get('x-content-type-options')).toBe('nosniff');
    const audit = await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=500`)).json();
    expect(audit.items.filter((e: { action: string }) => e.action === 'document.read')).toHaveLength(2);
  });
});
