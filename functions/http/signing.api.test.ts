import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplate } from '../../templates/index';
import { pdfText } from '../../templates/render-references';
import { toChineseUppercase } from '../core/chinese-amount';
import { type Harness, startHarness } from '../testing/harness';
import { opensslVerifyLastSignature, pdfsig, qpdfCheck } from '../testing/pdf-signature-tools';
import { makePdf, makePng } from '../testing/pdfs';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (signing test)', 'x-forwarded-for': '198.51.100.23' };
const example = (id: string) => findTemplate(id)!.example as Record<string, unknown>;
const signers = [
  { name: '王五', organization: '福州某某建设工程有限公司', title: '财务经理', phone: '+86 138 0000 0001' },
  { name: 'Li Lei', organization: '福州某某建设工程有限公司', email: 'li.lei@example.cn' },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.dispose());

/** The signer side: no account, only the link. */
function signer(link: string) {
  const path = `/v1${new URL(link).pathname}`;
  const send = (method: string, suffix = '', json?: unknown) =>
    h.app.request(`${path}${suffix}`, { method, headers: { ...BROWSER, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  return {
    open: () => send('GET'),
    document: () => send('GET', '/document'),
    requestCode: () => send('POST', '/otp'),
    sign: (body: unknown) => send('POST', '', body),
  };
}

/** The newest one-time code the outbox "sent" to `contact`. */
async function lastCode(contact: string): Promise<string> {
  const outbox = await (await h.as('admin-1').get('/v1/dev/outbox?limit=500')).json();
  const message = outbox.items.find((m: any) => m.kind === 'signing.otp' && (m.to.phone === contact || m.to.email === contact));
  return /(\d{6})/.exec(message.text)![1]!;
}

async function head(debtId: string) {
  return (await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=1`)).json()).head;
}

async function createRequest(debtId: string, overrides: Record<string, unknown> = {}, as = 'collector-1') {
  return h.as(as).post(`/v1/debts/${debtId}/signing-requests`, { template: 'visit-record.zh-CN', data: example('visit-record.zh-CN'), signers, mode: 'remote', ...overrides });
}

async function signAll(links: string[], signatures: unknown[]) {
  let last: any;
  for (const [i, link] of links.entries()) {
    const s = signer(link);
    expect((await s.requestCode()).status).toBe(200);
    const contact = signers[i]!.phone ?? signers[i]!.email!;
    last = await s.sign({ otp: await lastCode(contact), consent: true, signature: signatures[i] });
    expect(last.status, await last.clone().text()).toBe(200);
  }
  return last.json();
}

describe('GET /v1/templates', () => {
  it('lists every template with its JSON Schema and a valid example', async () => {
    const response = await h.as('auditor-1').get('/v1/templates');
    expect(response.status).toBe(200);
    const templates = await response.json();
    expect(templates.map((t: any) => t.id)).toContain('acknowledgement.zh-CN');
    for (const template of templates) {
      expect(template.schema.type).toBe('object');
      expect(findTemplate(template.id)!.schema.safeParse(template.example).success).toBe(true);
    }
  });
});

describe('remote signing, end to end', () => {
  let debt: Record<string, any>;
  let created: any;
  let completed: any;
  let sealed: Uint8Array;

  beforeAll(async () => {
    debt = await h.createDebt();
    const response = await createRequest(debt.id);
    expect(response.status, await response.clone().text()).toBe(201);
    created = await response.json();
  });

  it('creates the request with one link per signer, sends them, and stores tokens only hashed', async () => {
    expect(created).toMatchObject({ status: 'pending', mode: 'remote', templateId: 'visit-record.zh-CN', documentType: 'visit_record' });
    expect(created.signers.map((s: any) => s.status)).toEqual(['pending', 'pending']);
    const tokens = created.signers.map((s: any) => new URL(s.link).pathname.split('/').pop());
    expect(tokens.every((t: string) => /^[A-Za-z0-9_-]{43}$/.test(t))).toBe(true);
    const outbox = await (await h.as('admin-1').get('/v1/dev/outbox?limit=500')).json();
    expect(outbox.items.filter((m: any) => m.kind === 'signing.link' && m.debtId === debt.id)).toHaveLength(2);
    // Nothing at rest holds a token: not the database, not the blobs.
    const database = await readFile(join(h.dataDir, 'evidence.sqlite'));
    for (const token of tokens) expect(database.includes(Buffer.from(token))).toBe(false);
    // The GET shows no link.
    const view = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/signing-requests/${created.id}`)).json();
    expect(JSON.stringify(view)).not.toContain(tokens[0]);
  });

  it('shows the signer the request, the consent text and the PDF with amounts in figures and uppercase', async () => {
    const s = signer(created.signers[0].link);
    const view = await (await s.open()).json();
    expect(view).toMatchObject({ signer: { name: '王五', status: 'pending' }, document: { sha256: created.document.sha256 } });
    expect(view.consent).toContain('电子签名法');
    const response = await s.document();
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(new Uint8Array(await response.arrayBuffer())).replace(/\s+/g, '');
    expect(text).toContain('催款走访记录');
    expect(text).toContain(toChineseUppercase('1234567.89'));
    expect(text).toContain('1,234,567.89');
  });

  it('keeps the signing order: the second signer cannot get a code before the first has signed', async () => {
    const before = await head(debt.id);
    const response = await signer(created.signers[1].link).requestCode();
    expect(response.status).toBe(409);
    expect((await response.json()).detail).toContain('王五');
    expect(await head(debt.id)).toEqual(before);
  });

  it('limits how often a code is sent', async () => {
    const s = signer(created.signers[0].link);
    expect((await s.requestCode()).status).toBe(200);
    const again = await s.requestCode();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.set(new Date(h.clock.now().getTime() + 61_000).toISOString());
  });

  it('refuses bad signatures with a clear 4xx and changes nothing', async () => {
    const s = signer(created.signers[0].link);
    const code = await lastCode(signers[0]!.phone!);
    const cases: Array<[unknown, number, string]> = [
      [{ otp: code, signature: { kind: 'typed', text: '王五' } }, 400, 'consent'],
      [{ otp: code, consent: false, signature: { kind: 'typed', text: '王五' } }, 400, 'consent'],
      [{ otp: code, consent: true, signature: { kind: 'drawn', png: Buffer.from('GIF89a not a png').toString('base64') } }, 415, 'signature.png'],
      [{ otp: code, consent: true, signature: { kind: 'drawn', png: Buffer.from(makePng(400, 300)).toString('base64') } }, 413, 'signature.png'],
      [{ otp: code, consent: true, signature: { kind: 'drawn', png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64') } }, 422, 'signature.png'],
      [{ otp: code, consent: true, signature: { kind: 'typed', text: '王五' }, photo: { contentType: 'image/png', data: Buffer.from(makePng(10, 10)).toString('base64') } }, 422, 'in person'],
      [{ consent: true, signature: { kind: 'typed', text: '王五' } }, 400, 'otp'],
    ];
    for (const [body, status, mention] of cases) {
      const before = await head(debt.id);
      const response = await s.sign(body);
      const problem = await response.json();
      expect(response.status, JSON.stringify(problem)).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(problem)).toContain(mention);
      expect(await head(debt.id)).toEqual(before);
    }
  });

  it('counts a wrong code on the record and says how many tries are left', async () => {
    const before = await head(debt.id);
    const response = await signer(created.signers[0].link).sign({ otp: '000000' === (await lastCode(signers[0]!.phone!)) ? '111111' : '000000', consent: true, signature: { kind: 'typed', text: '王五' } });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain('4 tries left');
    expect((await head(debt.id)).seq).toBe(before.seq + 1);
  });

  it('signs in order, seals on the last signature and files the sealed PDF with its limitation event', async () => {
    // Act
    const result = await signAll(
      created.signers.map((s: any) => s.link),
      [{ kind: 'typed', text: '王五' }, { kind: 'drawn', png: Buffer.from(makePng(300, 100)).toString('base64') }],
    );
    // Assess
    expect(result.request.status).toBe('completed');
    completed = await (await h.as('collector-1').get(`/v1/debts/${debt.id}/signing-requests/${created.id}`)).json();
    expect(completed).toMatchObject({ status: 'completed', documentId: result.request.documentId, completion: { timestamp: { status: 'none' } } });
    const document = await (await h.as('collector-1').get(`/v1/debts/${debt.id}/documents/${completed.documentId}`)).json();
    expect(document).toMatchObject({ type: 'visit_record', contentType: 'application/pdf', uploadedBy: 'collector-1', signedByDebtor: { method: 'sealed', signingRequestId: created.id } });
    sealed = new Uint8Array(await (await h.as('collector-1').get(`/v1/debts/${debt.id}/documents/${completed.documentId}/content`)).arrayBuffer());
    const audit = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/audit?limit=500`)).json();
    const added = audit.items.find((e: any) => e.action === 'document.added' && e.details.signingRequestId === created.id);
    expect(added.details.limitationEvent).toMatchObject({ type: 'demand', documentId: completed.documentId, date: '2026-11-29' });
    expect(added.details.shownSha256).toBe(created.document.sha256);
  });

  it('records every signer step with IP, user agent and the SHA-256 of the document shown', async () => {
    const audit = await (await h.as('auditor-1').get(`/v1/debts/${debt.id}/audit?limit=500`)).json();
    const steps = audit.items.filter((e: any) => e.action.startsWith('signing.') && e.action !== 'signing.requested');
    expect(new Set(steps.map((e: any) => e.action))).toEqual(new Set(['signing.opened', 'signing.document_read', 'signing.otp_sent', 'signing.otp_failed', 'signing.signed']));
    for (const step of steps) {
      expect(step.actor.role).toBe('signer');
      expect(step.details).toMatchObject({ userAgent: BROWSER['user-agent'], forwardedFor: BROWSER['x-forwarded-for'], documentSha256: created.document.sha256 });
      expect(step.details).toHaveProperty('ip');
    }
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debt.id}/audit/verify`)).json().then((v: any) => v.valid))).toBe(true);
  });

  it('the sealed PDF holds the shown document as a prefix, the stamps and the certificate page, and passes qpdf', async () => {
    // The link is used now, so the shown document comes from the blob store by its hash.
    expect((await signer(created.signers[0].link).document()).status).toBe(410);
    const original = await h.blobs.get(created.document.sha256);
    expect(Buffer.from(sealed.subarray(0, original!.length)).equals(Buffer.from(original!))).toBe(true);
    const text = pdfText(sealed).replace(/\s+/g, '');
    expect(text).toContain('签署证书Signingcertificate');
    expect(text).toContain(created.document.sha256);
    expect(text).toContain('王五·');
    expect(text).toContain(BROWSER['user-agent'].replace(/\s+/g, ''));
    expect(qpdfCheck(sealed).ok).toBe(true);
  });

  it('POST /v1/verify recognises the sealed document and agrees with pdfsig and openssl', async () => {
    const form = new FormData();
    form.set('file', new Blob([sealed as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'sealed.pdf');
    const response = await h.as('collector-1').send('POST', '/v1/verify', { body: form });
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({ valid: true, knownDocument: { debtId: debt.id, documentId: completed.documentId }, bytesAfterLastSignature: 0 });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: true, certificateTrusted: true, subFilter: 'ETSI.CAdES.detached' });
    expect(pdfsig(sealed).signatures).toEqual([{ valid: true, total: true, subFilter: 'ETSI.CAdES.detached', commonName: report.signatures[0].signer }]);
    const root = (await (await import('../adapters/local-seal/local-sealer')).LocalSealer.openOrCreate(join(h.dataDir, 'seal'))).rootCertificate;
    expect(opensslVerifyLastSignature(sealed, root).ok).toBe(true);
  });

  it('POST /v1/verify hides documents of debts the caller cannot see, and reports tampering', async () => {
    const asOutsider = await (await h.as('collector-2').send('POST', '/v1/verify', { body: sealed as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/pdf' } })).json();
    expect(asOutsider.knownDocument).toBeUndefined();
    expect(asOutsider.valid).toBe(true);
    const tampered = new Uint8Array(sealed);
    const at = Buffer.from(tampered).indexOf('/Producer');
    tampered[at + 1] = 'p'.charCodeAt(0);
    const report = await (await h.as('legal-1').send('POST', '/v1/verify', { body: tampered as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/pdf' } })).json();
    expect(report).toMatchObject({ valid: false });
    expect(report.knownDocument).toBeUndefined();
    expect(report.signatures[0].digestValid).toBe(false);
    const notPdf = await h.as('legal-1').send('POST', '/v1/verify', { body: 'hello', headers: { 'content-type': 'application/pdf' } });
    expect(notPdf.status).toBe(415);
    const unsigned = await (await h.as('legal-1').send('POST', '/v1/verify', { body: (await makePdf('x')) as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/pdf' } })).json();
    expect(unsigned).toMatchObject({ valid: false, signatures: [] });
  });

  it('a used link is gone: 410 for view, code and signature', async () => {
    const s = signer(created.signers[0].link);
    expect((await s.open()).status).toBe(410);
    expect((await s.requestCode()).status).toBe(410);
    expect((await s.sign({ decline: { reason: 'changed my mind' } })).status).toBe(410);
  });
});

describe('signing requests: refusals', () => {
  let debtId: string;
  beforeAll(async () => {
    debtId = (await h.createDebt()).id;
  });

  it.each([
    ['data failing the template schema', { data: { ...example('visit-record.zh-CN'), outstanding: 1234.5 } }, 400, 'data.outstanding'],
    ['an unknown template', { template: 'nope.zh-CN' }, 422, 'template'],
    ['a signer without phone or email', { signers: [{ name: '王五' }] }, 400, 'signers.0.phone'],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00.000Z' }, 422, 'expiresAt'],
  ])('%s → %s, nothing recorded', async (_case, overrides, status, mention) => {
    const before = await head(debtId);
    const response = await createRequest(debtId, overrides);
    expect(response.status).toBe(status);
    expect(JSON.stringify(await response.json())).toContain(mention);
    expect(await head(debtId)).toEqual(before);
  });

  it('legal may not request a visit record (collectors visit); a collector outside the debt gets 404', async () => {
    expect((await createRequest(debtId, {}, 'legal-1')).status).toBe(403);
    expect((await createRequest(debtId, {}, 'collector-2')).status).toBe(404);
  });

  it('unknown and malformed tokens are 404', async () => {
    expect((await h.app.request(`/v1/sign/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await h.app.request('/v1/sign/not-a-token/otp', { method: 'POST' })).status).toBe(404);
  });

  it('an expired link is gone', async () => {
    const created = await (await createRequest(debtId, { expiresAt: new Date(h.clock.now().getTime() + 2 * 3600_000).toISOString() })).json();
    h.clock.set(new Date(h.clock.now().getTime() + 3 * 3600_000).toISOString());
    const response = await signer(created.signers[0].link).open();
    expect(response.status).toBe(410);
    expect((await response.json()).detail).toContain('expired');
    expect((await (await h.as('collector-1').get(`/v1/debts/${debtId}/signing-requests/${created.id}`)).json()).status).toBe('expired');
  });

  it('five wrong codes lock the signer, after which even the right code is refused', async () => {
    const created = await (await createRequest(debtId)).json();
    const s = signer(created.signers[0].link);
    await s.requestCode();
    const code = await lastCode(signers[0]!.phone!);
    const wrong = code === '123456' ? '654321' : '123456';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await s.sign({ otp: wrong, consent: true, signature: { kind: 'typed', text: '王五' } })).status);
    expect(statuses).toEqual([422, 422, 422, 422, 429]);
    expect((await s.sign({ otp: code, consent: true, signature: { kind: 'typed', text: '王五' } })).status).toBe(429);
    const view = await (await h.as('legal-1').get(`/v1/debts/${debtId}/signing-requests/${created.id}`)).json();
    expect(view.signers[0].status).toBe('locked');
  });

  it('a decline ends the request for everyone', async () => {
    const created = await (await createRequest(debtId)).json();
    const response = await signer(created.signers[0].link).sign({ decline: { reason: '金额有误，需要核对' } });
    expect(response.status).toBe(200);
    expect((await response.json()).request.status).toBe('declined');
    expect((await signer(created.signers[1].link).open()).status).toBe(410);
  });

  it('a retried create with the same Idempotency-Key creates nothing twice and never replays the links', async () => {
    const headers = { 'idempotency-key': 'sign-once-1' };
    const first = await h.as('collector-1').post(`/v1/debts/${debtId}/signing-requests`, { template: 'demand-letter.zh-CN', data: example('demand-letter.zh-CN'), signers, mode: 'remote' }, headers);
    expect(first.status).toBe(201);
    const before = await head(debtId);
    const retry = await h.as('collector-1').post(`/v1/debts/${debtId}/signing-requests`, { template: 'demand-letter.zh-CN', data: example('demand-letter.zh-CN'), signers, mode: 'remote' }, headers);
    expect(retry.status).toBe(409);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(await retry.text()).not.toContain('/v1/sign/');
    expect(await head(debtId)).toEqual(before);
    // The marker that keeps the links out of the idempotency store stays inside the server.
    expect(first.headers.get('x-one-time-secret')).toBeNull();
    const withoutKey = await createRequest(debtId);
    expect(withoutKey.status).toBe(201);
    expect(withoutKey.headers.get('x-one-time-secret')).toBeNull();
  });
});

describe('in-person signing', () => {
  it('keeps the collector as witness with location and photo, and an acknowledgement interrupts as such', async () => {
    // Prepare
    const debt = await h.createDebt();
    const photo = Buffer.from(makePng(64, 48)).toString('base64');
    const created = await (
      await h.as('collector-1').post(`/v1/debts/${debt.id}/signing-requests`, { template: 'acknowledgement.zh-CN', data: example('acknowledgement.zh-CN'), signers: [signers[0]], mode: 'in_person' })
    ).json();
    const outbox = await (await h.as('admin-1').get('/v1/dev/outbox?limit=500')).json();
    expect(outbox.items.filter((m: any) => m.kind === 'signing.link' && m.debtId === debt.id)).toEqual([]);
    const s = signer(created.signers[0].link);
    h.clock.set(new Date(h.clock.now().getTime() + 120_000).toISOString());
    await s.requestCode();
    // Act
    const response = await s.sign({
      otp: await lastCode(signers[0]!.phone!),
      consent: true,
      signature: { kind: 'typed', text: '王五' },
      location: { latitude: 26.0745, longitude: 119.2965, accuracyMeters: 15, description: '福州市台江区某某大道88号 财务部' },
      photo: { contentType: 'image/png', data: photo },
    });
    // Assess
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.request.status).toBe('completed');
    const request = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/signing-requests/${created.id}`)).json();
    expect(request.witness).toMatchObject({ id: 'collector-1', role: 'collector' });
    const audit = await (await h.as('legal-1').get(`/v1/debts/${debt.id}/audit?limit=500`)).json();
    expect(audit.items.find((e: any) => e.action === 'signing.signed').details).toMatchObject({ witness: { id: 'collector-1' }, location: { description: '福州市台江区某某大道88号 财务部' }, photoSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(audit.items.find((e: any) => e.details.signingRequestId === created.id).details.limitationEvent.type).toBe('acknowledgement');
    const sealed = new Uint8Array(await (await h.as('legal-1').get(`/v1/debts/${debt.id}/documents/${request.documentId}/content`)).arrayBuffer());
    const text = pdfText(sealed).replace(/\s+/g, '');
    expect(text).toContain('见证人Witness');
    expect(text).toContain('福州市台江区某某大道88号');
    expect(pdfsig(sealed).signatures[0]).toMatchObject({ valid: true, total: true });
  });
});

describe('seal with an RFC 3161 timestamp', () => {
  it('adds a timestamp from the configured authority, which /v1/verify checks', async () => {
    const { startLocalTsa } = await import('../testing/local-tsa');
    const { toPem } = await import('../pki/certificates');
    const { writeFile } = await import('node:fs/promises');
    const tsa = await startLocalTsa();
    const rootsFile = join(h.dataDir, 'tsa-roots.pem');
    await writeFile(rootsFile, toPem(tsa.root));
    const withTsa = await startHarness({ EVIDENCE_TSA_URL: tsa.url, EVIDENCE_TRUSTED_ROOTS: rootsFile });
    try {
      const debt = await withTsa.createDebt();
      const created = await (await withTsa.as('collector-1').post(`/v1/debts/${debt.id}/signing-requests`, { template: 'demand-letter.en', data: example('demand-letter.en'), signers: [signers[1]], mode: 'remote' })).json();
      const path = `/v1${new URL(created.signers[0].link).pathname}`;
      await withTsa.app.request(`${path}/otp`, { method: 'POST' });
      const outbox = await (await withTsa.as('admin-1').get('/v1/dev/outbox')).json();
      const code = /(\d{6})/.exec(outbox.items.find((m: any) => m.kind === 'signing.otp').text)![1];
      const signed = await (await withTsa.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ otp: code, consent: true, signature: { kind: 'typed', text: 'Li Lei' } }) })).json();
      const request = await (await withTsa.as('legal-1').get(`/v1/debts/${debt.id}/signing-requests/${created.id}`)).json();
      expect(request.completion.timestamp).toMatchObject({ status: 'granted', authority: tsa.url });
      const sealed = new Uint8Array(await (await withTsa.as('legal-1').get(`/v1/debts/${debt.id}/documents/${signed.request.documentId}/content`)).arrayBuffer());
      const report = await (await withTsa.as('legal-1').send('POST', '/v1/verify', { body: sealed as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/pdf' } })).json();
      expect(report.valid).toBe(true);
      expect(report.signatures[0].timestamp).toMatchObject({ digestValid: true, signatureValid: true, trusted: true, time: request.completion.timestamp.time });
      expect(report.signatures[0].signedAt).toBe(request.completion.timestamp.time);
    } finally {
      await withTsa.dispose();
      await tsa.close();
    }
  });
});

describe('embedded seal key', () => {
  it('is made on first start in the data folder and kept owner-only', async () => {
    expect((await readdir(join(h.dataDir, 'seal'))).sort()).toEqual(['root-ca.pem', 'seal-certificate.pem', 'seal-key.pem']);
  });
});
