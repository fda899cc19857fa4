import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDF } from '@libpdf/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplate, renderTemplate } from '../../templates/index';
import { pdfText } from '../../templates/render-references';
import { LocalSealer } from '../adapters/local-seal/local-sealer';
import { HttpTimestamper } from '../adapters/tsa/http-timestamper';
import { startLocalTsa } from '../testing/local-tsa';
import { opensslVerifyLastSignature, pdfsig, qpdfCheck } from '../testing/pdf-signature-tools';
import { makePdf, ONE_PIXEL_PNG } from '../testing/pdfs';
import { verifyPdf } from './pdf-verify';
import { appendCertificate, sealPdf, stampSignatures } from './sealed-pdf';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const isPrefix = (prefix: Uint8Array, whole: Uint8Array) => Buffer.from(whole.subarray(0, prefix.length)).equals(Buffer.from(prefix));

let dir: string;
let sealer: LocalSealer;
let foreignSealer: LocalSealer;
let tsa: Awaited<ReturnType<typeof startLocalTsa>>;
let original: Uint8Array;
let stamped: Uint8Array;
let certified: Uint8Array;
let sealed: Uint8Array;
const signingTime = new Date();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealed-'));
  [sealer, foreignSealer, tsa] = await Promise.all([LocalSealer.openOrCreate(join(dir, 'seal')), LocalSealer.openOrCreate(join(dir, 'foreign')), startLocalTsa()]);
  const template = findTemplate('visit-record.zh-CN')!;
  const rendered = await renderTemplate(template, template.schema.parse(template.example), { signers: [{ name: '王五' }, { name: 'Li Lei' }], reference: 'REQ-1' });
  original = rendered.bytes;
  stamped = await stampSignatures(original, [
    { slot: rendered.slots[0]!, signature: { kind: 'typed', text: '王五' }, caption: '王五 · 2026-11-29T02:00:00.000Z' },
    { slot: rendered.slots[1]!, signature: { kind: 'drawn', png: ONE_PIXEL_PNG }, caption: 'Li Lei · 2026-11-29T02:05:00.000Z' },
  ]);
  certified = await appendCertificate(stamped, {
    requestId: 'REQ-1',
    debtId: 'DEBT-1',
    templateId: template.id,
    title: template.title,
    mode: 'remote',
    requestedBy: 'collector-1 (collector)',
    original: { sha256: sha256(original), size: original.length },
    stamped: { sha256: sha256(stamped), size: stamped.length },
    signers: [{ name: '王五', details: '福州某某建设工程有限公司', events: [{ at: '2026-11-29T02:00:00.000Z', what: 'signed 签署', ip: '203.0.113.7', userAgent: 'Mozilla/5.0' }] }],
    seal: { certificate: 'seal', fingerprint: 'ab'.repeat(32) },
  });
  sealed = (await sealPdf(certified, { sealer, reason: 'test seal', signingTime, timestamper: new HttpTimestamper(tsa.url) })).bytes;
});
afterAll(async () => {
  await tsa.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sealed PDF', () => {
  it('keeps each stage as a prefix of the next: shown → stamped → certified → sealed', () => {
    expect(isPrefix(original, stamped)).toBe(true);
    expect(isPrefix(stamped, certified)).toBe(true);
    expect(isPrefix(certified, sealed)).toBe(true);
  });

  it('shows the stamped typed signature and the certificate page as text, and passes qpdf --check', () => {
    const text = pdfText(sealed).replace(/\s+/g, '');
    expect(text).toContain('王五·2026-11-29T02:00:00.000Z');
    expect(text).toContain('签署证书Signingcertificate');
    expect(text).toContain(sha256(original));
    expect(text).toContain(sha256(stamped));
    const check = qpdfCheck(sealed);
    expect(check.ok, check.output).toBe(true);
  });

  it('is a valid PAdES seal with an RFC 3161 timestamp, and our verifier, pdfsig and openssl agree', async () => {
    // Act
    const ours = await verifyPdf(sealed, [sealer.rootCertificate, tsa.root]);
    const poppler = pdfsig(sealed);
    const openssl = opensslVerifyLastSignature(sealed, sealer.rootCertificate);
    // Assess
    expect(ours.valid).toBe(true);
    expect(ours.signatures).toHaveLength(1);
    expect(ours.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, signingCertificateValid: true, coversWholeDocument: true, certificateTrusted: true, subFilter: 'ETSI.CAdES.detached' });
    expect(ours.signatures[0]!.timestamp).toMatchObject({ digestValid: true, signatureValid: true, trusted: true });
    expect(poppler.signatures).toEqual([{ valid: true, total: true, subFilter: 'ETSI.CAdES.detached', commonName: ours.signatures[0]!.signer }]);
    expect(openssl.ok, openssl.output).toBe(true);
  });

  it('tampered: one changed byte inside the signed range fails everywhere', async () => {
    // Prepare: change a digit of the visible text (a byte in the first signed range).
    const tampered = new Uint8Array(sealed);
    const at = Buffer.from(tampered).indexOf('/Producer');
    tampered[at + 1] = 'p'.charCodeAt(0);
    // Act
    const ours = await verifyPdf(tampered, [sealer.rootCertificate]);
    // Assess
    expect(ours.valid).toBe(false);
    expect(ours.signatures[0]).toMatchObject({ digestValid: false, coversWholeDocument: true });
    expect(pdfsig(tampered).signatures[0]!.valid).toBe(false);
    expect(opensslVerifyLastSignature(tampered, sealer.rootCertificate).ok).toBe(false);
  });

  it('partly signed: a change appended after the seal is reported as not covering the whole document', async () => {
    // Prepare: an incremental update adding a page after sealing.
    const pdf = await PDF.load(sealed);
    pdf.addPage({ width: 200, height: 200 });
    const appended = await pdf.save({ incremental: true });
    // Act
    const ours = await verifyPdf(appended, [sealer.rootCertificate]);
    const poppler = pdfsig(appended);
    // Assess
    expect(ours.valid).toBe(false);
    expect(ours.bytesAfterLastSignature).toBe(appended.length - sealed.length);
    expect(ours.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: false });
    expect(poppler.signatures[0]).toMatchObject({ valid: true, total: false });
    // The signed part itself still verifies by hand.
    expect(opensslVerifyLastSignature(appended, sealer.rootCertificate).ok).toBe(true);
  });

  it('foreign: a seal from another root is sound but not trusted', async () => {
    const foreign = (await sealPdf(await makePdf('foreign letter'), { sealer: foreignSealer, reason: 'elsewhere', signingTime })).bytes;
    const ours = await verifyPdf(foreign, [sealer.rootCertificate]);
    expect(ours.valid).toBe(false);
    expect(ours.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: true, certificateTrusted: false });
    expect(pdfsig(foreign).signatures[0]).toMatchObject({ valid: true, total: true });
    expect(opensslVerifyLastSignature(foreign, sealer.rootCertificate).ok).toBe(false);
    expect(opensslVerifyLastSignature(foreign, foreignSealer.rootCertificate).ok).toBe(true);
  });

  it('unsigned: no signature, not valid, and pdfsig finds none either', async () => {
    const plain = await makePdf('plain');
    const ours = await verifyPdf(plain, [sealer.rootCertificate]);
    expect(ours).toMatchObject({ signatures: [], valid: false });
    expect(pdfsig(plain).signatures).toEqual([]);
  });

  it('records a failed timestamp and seals without one; it never makes a time up', async () => {
    // Prepare
    tsa.behaviour = 'unavailable';
    // Act
    const result = await sealPdf(certified, { sealer, reason: 'test seal', signingTime, timestamper: new HttpTimestamper(tsa.url) });
    tsa.behaviour = 'grant';
    // Assess
    expect(result.timestamp).toMatchObject({ status: 'failed', authority: tsa.url });
    const ours = await verifyPdf(result.bytes, [sealer.rootCertificate]);
    expect(ours.valid).toBe(true);
    expect(ours.signatures[0]!.timestamp).toBeUndefined();
  });
});
