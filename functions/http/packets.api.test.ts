import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { pdfText } from '../../templates/render-references';
import type { ExtractedField } from '../core/extraction';
import { readConfig } from '../embedded/config';
import { createEmbeddedApp } from '../embedded/embedded-app';
import type { EvidenceDocument } from '../services/documents';
import { PacketService } from '../services/packets';
import { keys } from '../services/table-layout';
import { type Harness, startHarness } from '../testing/harness';
import { pdfsig, qpdfCheck } from '../testing/pdf-signature-tools';
import { makePdf, makePng } from '../testing/pdfs';
import { signThroughLinks } from '../testing/signing';
import { requireTool } from '../testing/system-tools';

/** Today is 2026-11-29 in Shanghai (the harness clock). */
let h: Harness;
beforeAll(async () => {
  requireTool('pdftotext', 'poppler-utils');
  h = await startHarness();
});
afterAll(async () => h.dispose());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

async function upload(user: string, debtId: string, type: string, file?: { bytes: Uint8Array; filename: string; contentType?: string }): Promise<EvidenceDocument> {
  const response = await h.as(user).upload(debtId, file ?? { bytes: await makePdf(`${type} ${Math.random()}`), filename: `${type}.pdf` }, { type });
  expect(response.status).toBe(201);
  return response.json();
}

const reviewed = (name: ExtractedField['name'], value: string): ExtractedField => ({ name, value, confidence: 0.97, page: 1, text: value, engine: 'pdf-text', reviewed: true, reviewedBy: 'legal-1', reviewedAt: '2026-11-20T02:00:00.000Z' });

async function storeExtraction(debtId: string, documentId: string, fields: ExtractedField[]): Promise<void> {
  await h.table.transact([{ put: { ...keys.extraction(debtId, documentId), documentId, status: 'done', engine: 'pdf-text', fields, warnings: [] } }]);
}

/** A file every readiness check passes: the one of readiness.api.test.ts, with a two-page contract and a scanned PNG visa. */
async function readyFile(overrides: Record<string, unknown> = {}) {
  const debt = await h.createDebt({ principal: '1234567.89', dueDate: '2024-06-30', ...overrides });
  const contract = await upload('sales-1', debt.id, 'contract', { bytes: await makePdf('Supply contract HT-2023-001', 2), filename: '供货合同.pdf' });
  const visa = await upload('sales-1', debt.id, 'visa', { bytes: makePng(400, 300), filename: 'visa-scan.png', contentType: 'image/png' });
  await upload('sales-1', debt.id, 'completion_acceptance');
  const slip = await upload('finance-1', debt.id, 'payment_record');
  await upload('finance-1', debt.id, 'responsibility_book');
  const { documentId } = await signThroughLinks(h, debt.id, 'acknowledgement.zh-CN');
  await storeExtraction(debt.id, contract.id, [reviewed('total_amount', '1000000.00'), reviewed('signature_present', 'true')]);
  await storeExtraction(debt.id, visa.id, [reviewed('amount_change', '234567.89')]);
  await storeExtraction(debt.id, slip.id, [reviewed('payment_amount', '100000.00')]);
  await storeExtraction(debt.id, documentId, [reviewed('acknowledged_balance', '1134567.89')]);
  expect((await h.as('finance-1').post(`/v1/debts/${debt.id}/payments`, { amount: '100000.00', date: '2025-03-01', documentId: slip.id })).status).toBe(201);
  return { debt, contract, visa, acknowledgementId: documentId };
}

const headOf = async (debtId: string) => (await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit`)).json()).head;

async function packetWhenDone(debtId: string, packetId: string) {
  await h.packetsIdle();
  const response = await h.as('auditor-1').get(`/v1/debts/${debtId}/packets/${packetId}`);
  expect(response.status).toBe(200);
  return response.json();
}

/** Every entry of a ZIP, read with yauzl. */
async function unzip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        stream.on('data', (part: Buffer) => parts.push(part));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

describe('POST /v1/debts/{id}/handoff: refusals change nothing', () => {
  it('refuses with 409 listing the failing checks, a missing or short override reason with 400, other roles with 403, unknown debts with 404', async () => {
    // Prepare: a bare debt fails contract, amount basis, performance, demand…
    const debt = await h.createDebt();
    const before = await headOf(debt.id);
    // Act
    const refused = await h.as('legal-1').post(`/v1/debts/${debt.id}/handoff`, { note: 'take it' });
    const noReason = await h.as('legal-1').post(`/v1/debts/${debt.id}/handoff`, { override: {} });
    const shortReason = await h.as('legal-1').post(`/v1/debts/${debt.id}/handoff`, { override: { reason: 'urgent' } });
    const byFinance = await h.as('finance-1').post(`/v1/debts/${debt.id}/handoff`, { override: { reason: 'the debtor is moving its assets' } });
    const unknown = await h.as('legal-1').post('/v1/debts/01900000-0000-7000-8000-00000000abcd/handoff', {});
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = await refused.json();
    expect(problem.failingChecks.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['contract', 'amount_basis', 'performance']));
    // Demand and responsibility are not filing prerequisites: they never block a handoff.
    expect(problem.failingChecks.map((c: { id: string }) => c.id)).not.toEqual(expect.arrayContaining(['demand']));
    expect(problem.failingChecks.map((c: { id: string }) => c.id)).not.toEqual(expect.arrayContaining(['responsibility']));
    expect(problem.detail).toContain('override');
    expect([noReason.status, shortReason.status]).toEqual([400, 400]);
    expect((await shortReason.json()).errors[0].path).toBe('override.reason');
    expect(byFinance.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(await headOf(debt.id)).toEqual(before);
    expect((await (await h.as('legal-1').get(`/v1/debts/${debt.id}`)).json()).status).toBe('open');
  });
});

describe('handoff with an override: frozen file, sealed report, packet', () => {
  let debtId: string;
  let result: Record<string, any>;
  beforeAll(async () => {
    const debt = await h.createDebt();
    await upload('sales-1', debt.id, 'contract');
    debtId = debt.id;
    const response = await h.as('legal-1').post(`/v1/debts/${debtId}/handoff`, { note: '移交诉讼', override: { reason: '债务人正在转移资产，须立即起诉' } });
    expect(response.status).toBe(200);
    result = await response.json();
  });

  it('freezes the debt and records the override and the failing checks in one audit event', async () => {
    // Act
    const debt = await (await h.as('legal-1').get(`/v1/debts/${debtId}`)).json();
    const events = (await (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit?limit=500`)).json()).items;
    // Assess
    expect(debt).toMatchObject({ status: 'handed_off', handoff: { by: 'legal-1', note: '移交诉讼', override: { reason: '债务人正在转移资产，须立即起诉' }, packetId: result.packet.id } });
    expect(debt.handoff.override.failingChecks).toEqual(['contract', 'amount_basis', 'performance']);
    const handedOff = events.filter((e: { action: string }) => e.action === 'debt.handed_off');
    expect(handedOff).toHaveLength(1);
    expect(handedOff[0]).toMatchObject({ actor: { id: 'legal-1', role: 'legal' }, subject: `debt/${debtId}`, details: { type: 'readiness_report', documentId: result.report.documentId, toStatus: 'handed_off', handoff: { override: debt.handoff.override } } });
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit/verify`)).json()).valid).toBe(true);
  });

  it('files the report as a sealed readiness_report document with every check, the override reason and the limitation', async () => {
    // Act
    const document = await (await h.as('legal-1').get(`/v1/debts/${debtId}/documents/${result.report.documentId}`)).json();
    const bytes = await bytesOf(await h.as('legal-1').get(`/v1/debts/${debtId}/documents/${result.report.documentId}/content`));
    // Assess
    expect(document).toMatchObject({ type: 'readiness_report', uploadedBy: 'legal-1', sha256: sha256(bytes) });
    expect(qpdfCheck(bytes).ok).toBe(true);
    expect(pdfsig(bytes).signatures).toEqual([expect.objectContaining({ valid: true, total: true })]);
    const text = pdfText(bytes);
    for (const words of ['诉讼准备报告', 'parties', 'amount_basis', 'integrity', '不通过 fail', 'Civil Code Art. 490', result.packet.id]) expect(text).toContain(words);
    expect(text.replace(/\s+/g, '')).toContain('债务人正在转移资产');
    expect(text).toMatch(/Score \d+\/100/);
    expect(text).toContain('诉讼请求计算表 Claim calculation sheet');
    expect(text).toContain('届满 last day 2027-06-30');
  });

  it('refuses a second handoff, new evidence, voiding and uploading a report; takes court filings', async () => {
    // Prepare
    const before = await headOf(debtId);
    const documents = (await (await h.as('legal-1').get(`/v1/debts/${debtId}/documents`)).json()).items as EvidenceDocument[];
    const contract = documents.find((d) => d.type === 'contract') as EvidenceDocument;
    // Act
    const again = await h.as('legal-1').post(`/v1/debts/${debtId}/handoff`, { override: { reason: 'once more, to be sure' } });
    const visa = await h.as('sales-1').upload(debtId, { bytes: await makePdf('late visa'), filename: 'v.pdf' }, { type: 'visa' });
    const voided = await h.as('legal-1').post(`/v1/debts/${debtId}/documents/${contract.id}/void`, { reason: 'wrong file' });
    const voidReport = await h.as('legal-1').post(`/v1/debts/${debtId}/documents/${result.report.documentId}/void`, { reason: 'redo it' });
    const forged = await h.as('legal-1').upload(debtId, { bytes: await makePdf('my own report'), filename: 'r.pdf' }, { type: 'readiness_report' });
    const principal = await h.as('finance-1').patch(`/v1/debts/${debtId}`, { principal: '1.00' }, { 'if-match': String((await (await h.as('legal-1').get(`/v1/debts/${debtId}`)).json()).version) });
    // Assess
    expect([again.status, visa.status, voided.status, voidReport.status, forged.status, principal.status]).toEqual([409, 409, 409, 409, 403, 409]);
    expect(await headOf(debtId)).toEqual(before);
    expect((await h.as('legal-1').upload(debtId, { bytes: await makePdf('complaint'), filename: 'complaint.pdf' }, { type: 'court_filing' })).status).toBe(201);
  });

  it('builds the packet it started', async () => {
    // Act
    const packet = await packetWhenDone(debtId, result.packet.id);
    // Assess
    expect(packet).toMatchObject({ id: result.packet.id, status: 'ready', handoff: true, exhibits: 1, pdf: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });
});

describe('POST /v1/debts/{id}/packets and the packet files', () => {
  let file: Awaited<ReturnType<typeof readyFile>>;
  let packetId: string;
  let pdf: Uint8Array;
  let zip: Uint8Array;
  beforeAll(async () => {
    file = await readyFile({ contractNo: 'HT/2023 第001号' });
    const requested = await h.as('legal-1').post(`/v1/debts/${file.debt.id}/packets`);
    expect(requested.status).toBe(202);
    const body = await requested.json();
    expect(body).toEqual({ id: expect.any(String), status: 'building' });
    packetId = body.id;
    const packet = await packetWhenDone(file.debt.id, packetId);
    expect(packet.status).toBe('ready');
    const pdfResponse = await h.as('auditor-1').get(`/v1/debts/${file.debt.id}/packets/${packetId}/pdf`);
    expect(pdfResponse.status).toBe(200);
    pdf = await bytesOf(pdfResponse);
    expect(pdfResponse.headers.get('etag')).toBe(`"${packet.pdf.sha256}"`);
    const zipResponse = await h.as('legal-1').get(`/v1/debts/${file.debt.id}/packets/${packetId}/zip`);
    expect(zipResponse.headers.get('content-type')).toBe('application/zip');
    zip = await bytesOf(zipResponse);
    expect(sha256(zip)).toBe(packet.zip.sha256);
  });

  it('lists the packets of the debt for those who may read them', async () => {
    const list = await (await h.as('auditor-1').get(`/v1/debts/${file.debt.id}/packets`)).json();
    expect(list.items.map((p: { id: string; status: string }) => [p.id, p.status])).toContainEqual([packetId, 'ready']);
    expect((await h.as('collector-1').get(`/v1/debts/${file.debt.id}/packets`)).status).toBe(403);
  });

  it('makes a sound PDF whose seal covers the whole document', () => {
    expect(qpdfCheck(pdf)).toMatchObject({ ok: true });
    const { signatures } = pdfsig(pdf);
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ valid: true, total: true, subFilter: 'ETSI.CAdES.detached' });
  });

  it('has a cover, the evidence list, every exhibit page stamped, and the audit certificate, in readable Chinese', async () => {
    // Prepare
    const documents = (await (await h.as('legal-1').get(`/v1/debts/${file.debt.id}/documents`)).json()).items as EvidenceDocument[];
    const { limitation } = await (await h.as('legal-1').get(`/v1/debts/${file.debt.id}`)).json();
    const readiness = await (await h.as('legal-1').get(`/v1/debts/${file.debt.id}/readiness`)).json();
    // Act
    const text = pdfText(pdf);
    // Assess: cover
    for (const words of ['诉讼证据材料', '福州某某建设工程有限公司', '91350100M000100Y43', '1234567.89', '1134567.89', 'CNY', `届满日 last day ${limitation.expiresOn}`, packetId]) expect(text).toContain(words);
    expect(readiness.score).toBe(100);
    expect(text).toMatch(/Readiness\s+100\/100/);
    // evidence list: columns, purposes in both languages
    for (const words of ['证据目录', '序号', '证据名称', '证据来源', '证明目的', '页码', '证明双方存在合同关系', 'the contract between the', '供货合同.pdf']) expect(text).toContain(words);
    // evidence sources: who made each document, never who uploaded it; no internal responsibility book
    const front = text.slice(0, text.indexOf('审计证书 Audit certificate'));
    const flat = front.replace(/\s+/g, '');
    for (const words of ['双方签订', '银行出具', '债务人出具', '经本系统电子签署', '签章经审核确认', '债务人签章待核实']) expect(flat).toContain(words);
    expect(front).not.toMatch(/sales-1|finance-1/);
    expect(text).not.toContain('清欠责任书');
    // claim calculation sheet: 1234567.89 less 100000 paid, interest to today, the court fee on the total
    for (const words of ['诉讼请求计算表 Claim calculation sheet', '未付本金 Outstanding principal', '1134567.89', '案件受理费 Court fee', '2024-07-01 – 2024-07-21', '一年期LPR']) expect(front).toContain(words);
    // stamps: 2 contract pages, then the visa image, running numbers from the sanitised contract number
    expect(text).toContain(`HT-2023-001-000001 · SHA-256 ${file.contract.sha256.slice(0, 12)}`);
    expect(text).toContain(`HT-2023-001-000002 · SHA-256 ${file.contract.sha256.slice(0, 12)}`);
    expect(text).toContain(`HT-2023-001-000003 · SHA-256 ${file.visa.sha256.slice(0, 12)}`);
    expect(text).toContain('证据 Exhibit 1 · 2/2');
    const exhibitPages = documents.filter((d) => d.type !== 'readiness_report' && d.type !== 'responsibility_book').reduce((sum, d) => sum + d.pages, 0);
    expect(text).toContain(`HT-2023-001-${String(exhibitPages).padStart(6, '0')}`);
    expect(text).not.toContain(`HT-2023-001-${String(exhibitPages + 1).padStart(6, '0')}`);
    // audit certificate
    const verify = (await (await h.as('auditor-1').get(`/v1/debts/${file.debt.id}/audit/verify`)).json()) as { length: number };
    expect(text).toContain('审计证书 Audit certificate');
    expect(text).toContain('document.added');
    expect(verify.length).toBeGreaterThan(0);
  });

  it('zips the originals, the PDF, the chain, and a manifest every entry re-hashes to', async () => {
    // Act
    const entries = await unzip(zip);
    const manifest = JSON.parse((entries.get('manifest.json') as Buffer).toString('utf8'));
    // Assess
    expect(manifest).toMatchObject({ packetId, debtId: file.debt.id, caseRef: 'HT-2023-001', packetPdf: { sha256: sha256(pdf), size: pdf.length } });
    const listed = manifest.files.map((f: { path: string }) => f.path).sort();
    expect([...entries.keys()].filter((p) => p !== 'manifest.json' && p !== 'SHA256SUMS').sort()).toEqual(listed);
    for (const entry of manifest.files) {
      const bytes = entries.get(entry.path) as Buffer;
      expect({ path: entry.path, sha256: sha256(bytes), size: bytes.length }).toEqual({ path: entry.path, sha256: entry.sha256, size: entry.size });
    }
    expect(listed).toEqual(expect.arrayContaining(['exhibits/01-contract-供货合同.pdf', 'exhibits/02-visa-visa-scan.png', 'audit.jsonl', 'README.txt', 'seal-chain.pem', 'packet-HT-2023-001.pdf']));
    expect(listed.some((p: string) => p.includes('readiness_report'))).toBe(false);
    const chain = (entries.get('audit.jsonl') as Buffer).toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(chain.at(-1).hash).toBe(manifest.chain.head.hash);
    expect(chain.at(-1).seq).toBe(manifest.chain.length);
  });

  it('can be checked offline as its README says: sha256sum -c, pdfsig, and the chain recomputed', async () => {
    // Prepare
    requireTool('sha256sum', 'coreutils');
    requireTool('python3', 'python3');
    const entries = await unzip(zip);
    const dir = mkdtempSync(join(tmpdir(), 'packet-'));
    try {
      for (const [path, bytes] of entries) {
        spawnSync('mkdir', ['-p', join(dir, path, '..')]);
        writeFileSync(join(dir, path), bytes);
      }
      const readme = (entries.get('README.txt') as Buffer).toString('utf8');
      const script = /python3 -c '([\s\S]+?)'/.exec(readme)?.[1]?.replace(/^ {5}/gm, '') as string;
      // Act
      const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
      const chain = spawnSync('python3', ['-c', script], { cwd: dir, encoding: 'utf8' });
      // Assess
      expect(sums.status, sums.stdout + sums.stderr).toBe(0);
      expect(sums.stdout.trim().split('\n').every((line) => line.endsWith(': OK'))).toBe(true);
      expect(chain.status, chain.stderr).toBe(0);
      expect(chain.stdout).toContain('chain valid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records each download in the audit chain', async () => {
    // Act
    const events = (await (await h.as('auditor-1').get(`/v1/debts/${file.debt.id}/audit?limit=500`)).json()).items as Array<{ action: string; actor: { id: string }; details: Record<string, unknown> }>;
    // Assess
    const reads = events.filter((e) => e.action === 'packet.read');
    expect(reads.map((e) => [e.actor.id, e.details.part])).toEqual([
      ['auditor-1', 'pdf'],
      ['legal-1', 'zip'],
    ]);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['packet.requested', 'packet.built']));
  });
});

describe('packet refusals and failures', () => {
  it('answers 404 for unknown debts and packets, 403 to other roles, and 409 for the files of a failed packet', async () => {
    // Prepare: a packet whose exhibit's stored bytes were changed behind the service's back
    const debt = await h.createDebt();
    const contract = await upload('sales-1', debt.id, 'contract');
    const blob = join(h.dataDir, 'blobs', 'sha256', contract.sha256.slice(0, 2), contract.sha256.slice(2, 4), contract.sha256);
    await chmod(blob, 0o644);
    await writeFile(blob, await makePdf('a different contract'));
    // Act
    const unknownDebt = await h.as('legal-1').post('/v1/debts/01900000-0000-7000-8000-00000000abcd/packets');
    const byAuditor = await h.as('auditor-1').post(`/v1/debts/${debt.id}/packets`);
    const unknownPacket = await h.as('legal-1').get(`/v1/debts/${debt.id}/packets/01900000-0000-7000-8000-00000000abcd`);
    const requested = await (await h.as('legal-1').post(`/v1/debts/${debt.id}/packets`, {})).json();
    const packet = await packetWhenDone(debt.id, requested.id);
    const download = await h.as('legal-1').get(`/v1/debts/${debt.id}/packets/${requested.id}/pdf`);
    // Assess
    expect([unknownDebt.status, byAuditor.status, unknownPacket.status]).toEqual([404, 403, 404]);
    expect(packet).toMatchObject({ status: 'failed', error: expect.stringContaining('no longer matches its SHA-256') });
    expect(download.status).toBe(409);
    expect((await download.json()).detail).toContain('failed');
  });
});

describe('embedded start', () => {
  it('builds packets that a previous run left building', async () => {
    // Prepare: a packet recorded as building, as if the process had stopped mid-build
    const debt = await h.createDebt();
    await upload('sales-1', debt.id, 'contract');
    const packets = new PacketService(h.table, h.blobs, h.clock, { enqueue: () => undefined });
    const packet = packets.newPacket(debt.id, { id: 'legal-1', role: 'legal' });
    await h.table.transact([packets.packetWrite(packet)]);
    // Act: the service starts again on the same data folder
    const restarted = await createEmbeddedApp(readConfig({ EVIDENCE_DATA_DIR: h.dataDir, EVIDENCE_LIMITATION_SCAN_HOURS: '0', EVIDENCE_EXTRACTION: 'off' }), h.clock);
    try {
      await restarted.packetsIdle();
      // Assess
      expect(await packets.get(debt.id, packet.id)).toMatchObject({ status: 'ready', exhibits: 1 });
      const stillBuilding = [];
      for await (const job of packets.building()) if (job.debtId === debt.id) stillBuilding.push(job);
      expect(stillBuilding).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
