import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../pki/certificates';
import { PacketService } from '../services/packets';
import { pdfsig, qpdfCheck } from '../testing/pdf-signature-tools';
import { DynamoDbTable } from '../adapters/dynamodb/dynamodb-table';
import { S3BlobStore } from '../adapters/s3/s3-blob-store';
import { addYears, legalDateAt } from '../core/legal-date';
import { findTemplate } from '../../templates/index';
import { type SignedCheckpoint, CHECKPOINT_PARTITION, merkleRoot, verifyCheckpoint } from '../services/checkpoint';
import { readHead, verifyTrail } from '../services/audit-trail';
import { type AuditEvent, verifyChain } from '../core/audit-chain';
import { withoutKeys } from '../services/table-layout';
import { keys } from '../services/table-layout';
import {
  httpApiEvent,
  lambdaContext,
  type LocalAws,
  resultOf,
  s3EventFor,
  scheduledEvent,
  sha256Hex,
  snsEvent,
  startLocalAws,
} from '../testing/aws-stack-local';
import { PDFDocument } from 'pdf-lib';
import { makeCjkPdf, SAMPLE_CONTRACT_LINES, scanOf } from '../testing/cjk-pdfs';
import { makePdf } from '../testing/pdfs';
import { postToUploadTarget } from '../testing/s3-emulator';
import { requireTool } from '../testing/system-tools';
import { buildLambdaBundle } from '../../infra/lib/local-bundle';

let aws: LocalAws;
let api: typeof import('../api/index');
let ingest: typeof import('../ingest/index');
let textract: typeof import('../textract-complete/index');
let scheduled: typeof import('../scheduled/index');
let extract: typeof import('../extract/index');
let packetFunction: typeof import('../packet/index');
let auditMirror: typeof import('../audit-mirror/index');
let table: DynamoDbTable;
let blobs: S3BlobStore;
/** The root of the KMS seal key's certificate, as `npm run kms:certificate` printed it. */
let sealRoot: Uint8Array;

beforeAll(async () => {
  aws = await startLocalAws();
  [api, ingest, textract, scheduled, extract, packetFunction, auditMirror] = await Promise.all([
    import('../api/index'),
    import('../ingest/index'),
    import('../textract-complete/index'),
    import('../scheduled/index'),
    import('../extract/index'),
    import('../packet/index'),
    import('../audit-mirror/index'),
  ]);
  api.tokens.jwt.cacheJwks(aws.jwks as never);
  sealRoot = fromPem(aws.sealChainPem).at(-1) as Uint8Array;
  table = new DynamoDbTable(aws.ddb.client, aws.tableName);
  blobs = new S3BlobStore({ client: aws.s3.client, evidenceBucket: aws.evidenceBucket, quarantineBucket: aws.quarantineBucket, retentionDays: 0 });
});
afterAll(async () => aws?.stop());

const GROUPS: Record<string, string[]> = { 'finance-a': ['finance'], 'collector-a': ['collector'], 'legal-a': ['legal'], 'auditor-a': ['auditor'], 'nobody-a': ['not-a-role'] };

/** Calls the API function as API Gateway would, signed in as `user` (a Cognito user in GROUPS). */
async function call(user: string | undefined, method: string, path: string, init: { json?: unknown; form?: FormData } = {}) {
  const token = user ? await aws.idToken(user, GROUPS[user] ?? []) : undefined;
  const event = await httpApiEvent(method, path, { ...init, ...(token ? { token } : {}) });
  return resultOf((await api.handler(event as never, lambdaContext)) as APIGatewayProxyResultV2);
}

/** Users are known to the service once they have signed in. */
async function signIn(...users: string[]): Promise<void> {
  for (const user of users) expect((await call(user, 'GET', '/v1/me')).status).toBe(200);
}

async function createDebt(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  await signIn('collector-a');
  const created = await call('finance-a', 'POST', '/v1/debts', {
    json: { debtor: { name: '福州某某建设工程有限公司', uscc: '91350100M000100Y43' }, principal: '1234567.89', dueDate: '2024-06-30', assignees: { collector: 'collector-a' }, ...overrides },
  });
  expect(created.status).toBe(201);
  return created.json();
}

async function openSession(debtId: string, file: { bytes: Uint8Array; declared?: Uint8Array; type?: string; contentType?: string }) {
  const declared = file.declared ?? file.bytes;
  const opened = await call('finance-a', 'POST', `/v1/debts/${debtId}/uploads`, {
    json: { type: file.type ?? 'settlement', filename: 'settlement.pdf', contentType: file.contentType ?? 'application/pdf', size: declared.length, sha256: sha256Hex(declared) },
  });
  expect(opened.status).toBe(201);
  return opened.json() as { uploadId: string; url: string; method: string; fields: Record<string, string> };
}

/** The client's POST to S3, then the ObjectCreated notice s3rver raised for it, sent to ingest. */
async function uploadAndIngest(session: { uploadId: string; url: string; fields: Record<string, string> }, bytes: Uint8Array) {
  expect((await postToUploadTarget(session, bytes)).status).toBe(204);
  const event = s3EventFor(aws.s3.events, aws.quarantineBucket, session.uploadId);
  expect(event.Records.map((record) => record.eventName)).toContain('ObjectCreated:Post');
  return (await ingest.handler(event)).outcomes;
}

async function evidenceExists(sha256: string): Promise<boolean> {
  return aws.s3.client.send(new HeadObjectCommand({ Bucket: aws.evidenceBucket, Key: `sha256/${sha256}` })).then(
    () => true,
    () => false,
  );
}

describe('api function (API Gateway HTTP API v2 events, Cognito tokens)', () => {
  it('reports aws mode and offers no dev login', async () => {
    // Act
    const health = await call(undefined, 'GET', '/health');
    const devLogin = await call(undefined, 'POST', '/v1/auth/dev-login', { json: { userId: 'admin-1' } });
    const outbox = await call('finance-a', 'GET', '/v1/dev/outbox');
    // Assess
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', mode: 'aws' });
    expect(devLogin.status).toBe(404);
    expect(outbox.status).toBe(404);
  });

  it('maps cognito:groups to roles and refuses tokens that are not the pool’s', async () => {
    // Prepare
    const forged = await aws.idToken('finance-a', ['finance'], { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' });
    const otherClient = await aws.idToken('finance-a', ['finance'], { audience: 'another-client' });
    const expired = await aws.idToken('finance-a', ['finance'], { expiresIn: '-1m' });
    // Act
    const me = await call('legal-a', 'GET', '/v1/me');
    const anonymous = await call(undefined, 'GET', '/v1/debts');
    const noRole = await call('nobody-a', 'GET', '/v1/debts');
    const refused = await Promise.all(
      [forged, otherClient, expired].map(async (token) => resultOf((await api.handler((await httpApiEvent('GET', '/v1/debts', { token })) as never, lambdaContext)) as APIGatewayProxyResultV2).status),
    );
    // Assess
    expect(me.json()).toEqual({ id: 'legal-a', name: 'legal-a (Cognito)', roles: ['legal'] });
    expect(anonymous.status).toBe(401);
    expect(noRole.status).toBe(403);
    expect(refused).toEqual([401, 401, 401]);
  });

  it('assigns only users who have signed in with the matching role', async () => {
    // Act
    const unknown = await call('finance-a', 'POST', '/v1/debts', { json: { debtor: { name: 'X' }, assignees: { collector: 'never-signed-in' } } });
    const wrongRole = await call('finance-a', 'POST', '/v1/debts', { json: { debtor: { name: 'X' }, assignees: { collector: 'finance-a' } } });
    const debt = await createDebt();
    // Assess
    expect(unknown.status).toBe(422);
    expect(wrongRole.status).toBe(422);
    expect(debt.assignees).toEqual({ collector: 'collector-a' });
    expect(await table.get(keys.user('collector-a'))).toMatchObject({ roles: ['collector'], email: 'collector-a@example.test' });
  });

  it('stores an inline upload sent base64-encoded through API Gateway and redirects content reads to S3 after logging them', async () => {
    // Prepare
    const debt = await createDebt();
    const bytes = await makePdf('Supply contract', 2);
    const form = new FormData();
    form.set('type', 'contract');
    form.set('file', new Blob([bytes], { type: 'application/pdf' }), '供货合同.pdf');
    // Act
    const created = await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form });
    const document = created.json();
    const content = await call('auditor-a', 'GET', `/v1/debts/${debt.id}/documents/${document.id}/content`);
    const downloaded = await fetch(content.headers.location as string);
    const audit = (await call('auditor-a', 'GET', `/v1/debts/${debt.id}/audit`)).json();
    // Assess
    expect(created.status).toBe(201);
    expect(document).toMatchObject({ sha256: sha256Hex(bytes), size: bytes.length, pages: 2 });
    expect(content.status).toBe(302);
    expect(content.headers.etag).toBe(`"${sha256Hex(bytes)}"`);
    expect(new URL(content.headers.location as string).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(sha256Hex(new Uint8Array(await downloaded.arrayBuffer()))).toBe(sha256Hex(bytes));
    expect(audit.items.at(-1)).toMatchObject({ action: 'document.read', actor: { id: 'auditor-a', role: 'auditor' }, details: { sha256: sha256Hex(bytes), ip: '198.51.100.7' } });
  });

  it('refuses an inline file over the Lambda payload limit with 413, storing nothing', async () => {
    // Prepare
    const debt = await createDebt();
    const form = new FormData();
    form.set('type', 'contract');
    form.set('file', new Blob([new Uint8Array(4 * 1024 * 1024 + 1)], { type: 'application/pdf' }), 'big.pdf');
    // Act
    const refused = await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form });
    // Assess
    expect(refused.status).toBe(413);
    expect((await call('finance-a', 'GET', `/v1/debts/${debt.id}/documents`)).json().items).toEqual([]);
  });
});

describe('ingest function (S3 ObjectCreated on the quarantine bucket) with complete', () => {
  it('moves a matching upload into the evidence bucket; complete then records the document', async () => {
    // Prepare
    const debt = await createDebt();
    const bytes = await makePdf('settlement', 3);
    const session = await openSession(debt.id, { bytes });
    // Act
    const outcomes = await uploadAndIngest(session, bytes);
    const before = (await call('finance-a', 'GET', `/v1/debts/${debt.id}/documents`)).json().items;
    const completed = await call('finance-a', 'POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
    const again = await call('finance-a', 'POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
    // Assess
    expect(outcomes).toEqual([{ status: 'ingested', debtId: debt.id, uploadId: session.uploadId, sha256: sha256Hex(bytes) }]);
    expect(before).toEqual([]);
    expect(await blobs.readStaged(session.uploadId)).toBeUndefined();
    expect(await evidenceExists(sha256Hex(bytes))).toBe(true);
    expect(completed.status).toBe(201);
    expect(completed.json()).toMatchObject({ type: 'settlement', sha256: sha256Hex(bytes), size: bytes.length, pages: 3, uploadedBy: 'finance-a' });
    expect(again.status).toBe(409);
    expect(await verifyTrail(table, blobs, debt.id)).toMatchObject({ valid: true, blobs: { checked: 1, mismatched: [] } });
  });

  it('completes without ingest too (the notice is late), and ingest then finds nothing to do', async () => {
    // Prepare
    const debt = await createDebt();
    const bytes = await makePdf('invoice');
    const session = await openSession(debt.id, { bytes, type: 'invoice' });
    expect((await postToUploadTarget(session, bytes)).status).toBe(204);
    // Act
    const completed = await call('finance-a', 'POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
    const late = await ingest.handler(s3EventFor(aws.s3.events, aws.quarantineBucket, session.uploadId));
    // Assess
    expect(completed.status).toBe(201);
    expect(late.outcomes.map((outcome) => outcome.status)).toEqual(['skipped']);
  });

  it('leaves bytes other than declared in quarantine, creates no document, and complete answers 422 as embedded does', async () => {
    // Prepare
    const debt = await createDebt();
    const declared = await makePdf('declared');
    const sent = (await makePdf('something else')).subarray(0, declared.length);
    const session = await openSession(debt.id, { bytes: sent, declared });
    // Act
    const outcomes = await uploadAndIngest(session, sent);
    const completed = await call('finance-a', 'POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected']);
    expect(await blobs.readStaged(session.uploadId)).toEqual(sent);
    expect(await evidenceExists(sha256Hex(declared))).toBe(false);
    expect(await evidenceExists(sha256Hex(sent))).toBe(false);
    expect(completed.status).toBe(422);
    expect((await call('finance-a', 'GET', `/v1/debts/${debt.id}/documents`)).json().items).toEqual([]);
  });

  it('leaves a file whose bytes are not its declared type in quarantine; complete answers 415', async () => {
    // Prepare: the hash and size match, the content is not a PDF
    const debt = await createDebt();
    const bytes = new TextEncoder().encode('<html>not a pdf</html>');
    const session = await openSession(debt.id, { bytes });
    // Act
    const outcomes = await uploadAndIngest(session, bytes);
    const completed = await call('finance-a', 'POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected']);
    expect(await blobs.readStaged(session.uploadId)).toEqual(bytes);
    expect(await evidenceExists(sha256Hex(bytes))).toBe(false);
    expect(completed.status).toBe(415);
    expect((await call('finance-a', 'GET', `/v1/debts/${debt.id}/documents`)).json().items).toEqual([]);
  });

  it('skips events of other buckets and objects that are no upload', async () => {
    // Prepare: real notices of the quarantine bucket, re-addressed
    const debt = await createDebt();
    const bytes = await makePdf('correspondence');
    const session = await openSession(debt.id, { bytes, type: 'contract' });
    expect((await postToUploadTarget(session, bytes)).status).toBe(204);
    const [record] = s3EventFor(aws.s3.events, aws.quarantineBucket, session.uploadId).Records;
    const elsewhere = { ...record, s3: { ...record?.s3, bucket: { ...record?.s3.bucket, name: 'another-bucket' } } };
    const stranger = { ...record, s3: { ...record?.s3, object: { ...record?.s3.object, key: 'not-an-upload.pdf' } } };
    // Act
    const result = await ingest.handler({ Records: [elsewhere, stranger] as never });
    // Assess
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['skipped', 'skipped']);
    expect(await blobs.readStaged(session.uploadId)).toEqual(bytes);
  });
});

describe('textract-complete function (SNS)', () => {
  it('records that a known job finished, once, and drops unknown jobs and foreign messages', async () => {
    // Prepare
    await table.transact([{ put: { ...keys.textractJob('job-1'), jobId: 'job-1', debtId: 'd1', documentId: 'doc1', status: 'IN_PROGRESS' } }]);
    const notice = (status: string, jobId = 'job-1') => snsEvent(JSON.stringify({ JobId: jobId, Status: status, API: 'StartDocumentAnalysis', JobTag: 'doc1', Timestamp: Date.parse('2026-11-29T01:00:00Z') }));
    // Act
    const first = await textract.handler(notice('SUCCEEDED'));
    const redelivered = await textract.handler(notice('FAILED'));
    const unknown = await textract.handler(notice('SUCCEEDED', 'job-unknown'));
    const foreign = await textract.handler(snsEvent('{"hello":"world"}'));
    const garbage = await textract.handler(snsEvent('not json'));
    // Assess
    expect([first, redelivered, unknown, foreign, garbage].map((result) => result.results)).toEqual([['recorded'], ['already_recorded'], ['unknown_job'], ['invalid_message'], ['invalid_message']]);
    expect(await table.get(keys.textractJob('job-1'))).toMatchObject({ status: 'SUCCEEDED', api: 'StartDocumentAnalysis', finishedAt: '2026-11-29T01:00:00.000Z' });
  });
});

describe('scheduled function (EventBridge)', () => {
  it('signs a checkpoint over every chain head with the KMS seal key, stores it as a blob and records it', async () => {
    // Prepare
    const debt = await createDebt();
    const signsBefore = aws.kms.signCalls;
    // Act
    const result = await scheduled.handler(scheduledEvent());
    // Assess
    const checkpoint = JSON.parse(new TextDecoder().decode(await blobs.get(result.checkpoint?.sha256 as string))) as SignedCheckpoint;
    expect(aws.kms.signCalls - signsBefore).toBe(1);
    expect(await verifyCheckpoint(checkpoint, [sealRoot])).toEqual({ valid: true });
    expect(checkpoint.heads.find((head) => head.debtId === debt.id)).toMatchObject({ seq: 1 });
    expect(checkpoint.root).toBe(merkleRoot(checkpoint.heads));
    expect(checkpoint.chains).toBe(result.checkpoint?.chains);
    const records = (await table.query(CHECKPOINT_PARTITION, { limit: 100 })).items;
    expect(records.map((record) => record.sha256)).toContain(result.checkpoint?.sha256);
    // Assess: a changed head no longer verifies against the signature; the export carries the checkpoint
    const tampered = { ...checkpoint, heads: checkpoint.heads.map((head) => (head.debtId === debt.id ? { ...head, seq: 2 } : head)) };
    expect((await verifyCheckpoint({ ...tampered, root: merkleRoot(tampered.heads) }, [sealRoot])).valid).toBe(false);
    const exported = (await call('auditor-a', 'GET', '/v1/audit/export')).text.trim().split('\n').map((line) => JSON.parse(line));
    expect(exported.filter((line) => line.kind === 'checkpoint').map((line) => line.sha256)).toContain(result.checkpoint?.sha256);
  });

  it('e-mails limitation warnings through SES to the collector, and to the legal department’s mailbox for a debt nobody holds, once per threshold', async () => {
    // Prepare: due so that the three-year period ends in 20 days (Asia/Shanghai), one unassigned, one far off
    const today = legalDateAt(new Date(), 'Asia/Shanghai');
    const dueDate = addYears(legalDateAt(new Date(Date.now() + 20 * 86_400_000), 'Asia/Shanghai'), -3);
    const near = await createDebt({ dueDate });
    const unassigned = await createDebt({ dueDate, assignees: {} });
    const far = await createDebt({ dueDate: addYears(today, -1) });
    const before = aws.notifications.sent.length;
    // Act
    await scheduled.handler(scheduledEvent());
    await scheduled.handler(scheduledEvent());
    // Assess
    const mails = aws.notifications.sent.slice(before);
    const about = (debt: Record<string, any>) => mails.filter((mail) => mail.text.includes(debt.id));
    expect(about(far)).toEqual([]);
    expect(about(near).map(({ channel, from, to }) => ({ channel, from, to }))).toEqual([{ channel: 'email', from: 'Evidence file <no-reply@example.test>', to: ['collector-a@example.test'] }]);
    expect(about(unassigned).map((mail) => mail.to)).toEqual([['legal@example.test']]);
    expect(about(near)[0]?.subject).toMatch(/^Limitation: 2\d days left for 福州某某建设工程有限公司/);
    const events = (await call('legal-a', 'GET', `/v1/debts/${near.id}/audit`)).json().items;
    expect(events.filter((event: { action: string }) => event.action === 'limitation.warning_sent')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ actor: { id: 'limitation-watch', role: 'system' }, details: { thresholds: [30, 90, 180], notifications: [{ to: { userId: 'collector-a', email: 'collector-a@example.test' } }] } });
    const claims = (await table.query(`DEBT#${near.id}`, { limit: 10, beginsWith: 'LIMWARN#' })).items.map((item) => item.sk);
    expect(claims).toHaveLength(3);
  });
});

describe('signing on AWS (KMS seal key, SES / SNS, public signing routes)', () => {
  it('texts the link and the code to the signer, seals with the KMS key, and the sealed PDF verifies and counts for readiness', async () => {
    // Prepare
    const debt = await createDebt();
    const before = aws.notifications.sent.length;
    const signsBefore = aws.kms.signCalls;
    const created = await call('collector-a', 'POST', `/v1/debts/${debt.id}/signing-requests`, {
      json: { template: 'acknowledgement.zh-CN', data: findTemplate('acknowledgement.zh-CN')?.example, signers: [{ name: '王五', phone: '138 0000 0009' }], mode: 'remote' },
    });
    expect(created.status).toBe(201);
    const link: string = created.json().signers[0].link;
    const path = `/v1${new URL(link).pathname}`;
    // Act: the signer, without an account, opens the link, asks for a code and signs
    const opened = await call(undefined, 'GET', path);
    expect((await call(undefined, 'POST', `${path}/otp`)).status).toBe(200);
    const texts = aws.notifications.sent.slice(before);
    const otp = /(\d{6})/.exec(texts.find((message) => message.text.includes('签署验证码'))?.text ?? '')?.[1];
    const signed = await call(undefined, 'POST', path, { json: { otp, consent: true, signature: { kind: 'typed', text: '王五' } } });
    const documentId: string = (await call('legal-a', 'GET', `/v1/debts/${debt.id}/signing-requests/${created.json().id}`)).json().documentId;
    const content = await call('legal-a', 'GET', `/v1/debts/${debt.id}/documents/${documentId}/content`);
    const sealed = new Uint8Array(await (await fetch(content.headers.location as string)).arrayBuffer());
    const form = new FormData();
    form.set('file', new Blob([sealed], { type: 'application/pdf' }), 'sealed.pdf');
    const report = (await call('auditor-a', 'POST', '/v1/verify', { form })).json();
    const readiness = (await call('legal-a', 'GET', `/v1/debts/${debt.id}/readiness`)).json();
    // Assess
    expect(link.startsWith('https://evidence.example.test/sign/')).toBe(true);
    expect(opened.status).toBe(200);
    expect(texts.map(({ channel, to }) => ({ channel, to }))).toEqual([
      { channel: 'sms', to: ['+8613800000009'] },
      { channel: 'sms', to: ['+8613800000009'] },
    ]);
    expect(texts[0]?.text).toContain(link);
    expect(signed.status).toBe(200);
    expect(aws.kms.signCalls - signsBefore).toBe(1);
    expect(report).toMatchObject({ valid: true, knownDocument: { debtId: debt.id, documentId }, bytesAfterLastSignature: 0 });
    expect(report.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: true, certificateTrusted: true });
    expect(readiness.checks.find((check: { id: string }) => check.id === 'integrity')).toMatchObject({ status: 'pass' });
  });
});

/** A two-page scan of an English document: the same page image twice, no text layer. */
async function twoPageEnglishScan(): Promise<Uint8Array> {
  const { png } = await scanOf(await makeCjkPdf([{ lines: ['Supply Contract', 'Contract price: USD 12,500.00', 'Date of signing: 29 November 2026'] }], 18));
  const document = await PDFDocument.create();
  const image = await document.embedPng(png);
  for (let i = 0; i < 2; i++) document.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return new Uint8Array(await document.save());
}

describe('extraction on AWS (api → extract function → Textract → SNS → textract-complete)', () => {
  /** The extract invocations the API function handed to Lambda since `from`, run as Lambda would run them. */
  async function runExtractions(from: number) {
    const handed = aws.lambda.invocations.slice(from);
    return { handed, results: await Promise.all(handed.map((invocation) => extract.handler(invocation.payload))) };
  }

  it('hands an inline upload to the extract function without waiting, which reads a digital PDF from its text layer', async () => {
    // Prepare
    const debt = await createDebt();
    const from = aws.lambda.invocations.length;
    const form = new FormData();
    form.set('type', 'contract');
    form.set('file', new Blob([await makeCjkPdf([{ lines: SAMPLE_CONTRACT_LINES }])], { type: 'application/pdf' }), '合同.pdf');
    // Act
    const created = await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form });
    const pending = (await call('legal-a', 'GET', `/v1/debts/${debt.id}/documents/${created.json().id}/extraction`)).json();
    const { handed, results } = await runExtractions(from);
    const done = (await call('legal-a', 'GET', `/v1/debts/${debt.id}/documents/${created.json().id}/extraction`)).json();
    // Assess
    expect(created.json().extraction).toEqual({ status: 'pending' });
    expect(pending.status).toBe('pending');
    expect(handed).toEqual([{ functionName: 'EvidenceFile-extract', payload: { debtId: debt.id, documentId: created.json().id } }]);
    expect(results).toEqual([{ status: 'done' }]);
    expect(done).toMatchObject({ status: 'done', engine: 'pdf-text' });
    expect(done.fields.find((field: { name: string }) => field.name === 'total_amount')).toMatchObject({ value: '1234567.89', currency: 'CNY', reviewed: false });
    expect(await extract.handler({ debtId: debt.id })).toEqual({ status: 'invalid_event' });
  });

  it('hands an extraction over again from the daily schedule when it is still pending an hour after its upload', async () => {
    // Prepare: an upload whose hand-over was lost, made to look an hour and a minute old in the open-work index
    const debt = await createDebt();
    const form = new FormData();
    form.set('type', 'settlement');
    form.set('file', new Blob([await makePdf('settlement')], { type: 'application/pdf' }), 'settlement.pdf');
    const documentId: string = (await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form })).json().id;
    const fresh = (await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form })).json().id;
    const item = (await table.get(keys.extraction(debt.id, documentId))) as Record<string, unknown>;
    const old = new Date(Date.now() - 61 * 60_000).toISOString();
    await table.transact([{ put: { ...(item as { pk: string; sk: string }), gsi4sk: `${old}#${debt.id}#${documentId}` } }]);
    const from = aws.lambda.invocations.length;
    // Act
    const result = await scheduled.handler(scheduledEvent());
    // Assess
    const handed = aws.lambda.invocations.slice(from).map((invocation) => invocation.payload);
    expect(handed).toContainEqual({ debtId: debt.id, documentId });
    expect(handed).not.toContainEqual({ debtId: debt.id, documentId: fresh });
    expect(result.requeued).toBe(handed.length);
  });

  it('starts an asynchronous Textract job for a multi-page English scan of an upload session, and finishes it when Textract notifies', async () => {
    // Prepare
    const debt = await createDebt();
    const bytes = await twoPageEnglishScan();
    const session = await openSession(debt.id, { bytes, type: 'contract' });
    await uploadAndIngest(session, bytes);
    const from = aws.lambda.invocations.length;
    const completed = await call('finance-a', 'POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
    const documentId: string = completed.json().id;
    // Act
    const { results } = await runExtractions(from);
    const running = (await call('legal-a', 'GET', `/v1/debts/${debt.id}/documents/${documentId}/extraction`)).json();
    const start = aws.textract.starts.at(-1);
    const notice = snsEvent(JSON.stringify({ JobId: start?.jobId, Status: 'SUCCEEDED', API: 'StartDocumentAnalysis', JobTag: sha256Hex(bytes).slice(0, 64), Timestamp: Date.now() }));
    const finished = await textract.handler(notice);
    const redelivered = await textract.handler(notice);
    const done = (await call('legal-a', 'GET', `/v1/debts/${debt.id}/documents/${documentId}/extraction`)).json();
    // Assess
    expect(results).toEqual([{ status: 'running' }]);
    expect(running.status).toBe('running');
    expect(start?.input).toMatchObject({
      DocumentLocation: { S3Object: { Bucket: aws.evidenceBucket, Name: `sha256/${sha256Hex(bytes)}` } },
      FeatureTypes: expect.arrayContaining(['FORMS', 'TABLES', 'SIGNATURES', 'QUERIES']),
      NotificationChannel: { SNSTopicArn: process.env.EVIDENCE_TEXTRACT_TOPIC_ARN, RoleArn: process.env.EVIDENCE_TEXTRACT_ROLE_ARN },
    });
    expect([finished.results, redelivered.results]).toEqual([['recorded'], ['already_recorded']]);
    expect(done).toMatchObject({ status: 'done', engine: 'textract' });
    const audit = (await call('auditor-a', 'GET', `/v1/debts/${debt.id}/audit`)).json().items.map((event: { action: string }) => event.action);
    expect(audit.filter((action: string) => action.startsWith('extraction.'))).toEqual(['extraction.started', 'extraction.job_started', 'extraction.completed']);
  });
});

describe('api bundle, built as the stack deploys it', () => {
  /** Runs the bundle's handler on `event` in a fresh Node process, as a Lambda container would. */
  async function invokeBundle(bundle: string, event: unknown): Promise<{ status: number; body: any }> {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-event-'));
    try {
      writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
      const script = `import { readFileSync } from 'node:fs';
        const api = await import(${JSON.stringify(bundle)});
        api.tokens.jwt.cacheJwks(JSON.parse(process.env.TEST_JWKS));
        const result = await api.handler(JSON.parse(readFileSync(${JSON.stringify(join(dir, 'event.json'))}, 'utf8')), { getRemainingTimeInMillis: () => 30000 });
        process.stdout.write('\\n' + JSON.stringify(result));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { env: { ...process.env, TEST_JWKS: JSON.stringify(aws.jwks) }, maxBuffer: 64 * 1024 * 1024 });
      const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { statusCode: number; body: string };
      return { status: result.statusCode, body: JSON.parse(result.body) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('renders a template from the bundle with the fonts copied beside it, and cannot start without them', async () => {
    // Prepare
    requireTool('pdftotext', 'poppler-utils');
    const dir = mkdtempSync(join(tmpdir(), 'api-bundle-'));
    try {
      const bundle = await buildLambdaBundle('functions/api/index.ts', join(dir, 'api'), { fonts: true });
      cpSync(bundle, join(dir, 'without-fonts', 'index.mjs'), { recursive: true });
      const debt = await createDebt();
      const token = await aws.idToken('collector-a', GROUPS['collector-a'] ?? []);
      const event = await httpApiEvent('POST', `/v1/debts/${debt.id}/signing-requests`, {
        token,
        json: { template: 'visit-record.zh-CN', data: findTemplate('visit-record.zh-CN')?.example, signers: [{ name: '王五', email: 'wang@example.test' }], mode: 'remote' },
      });
      // Act
      const created = await invokeBundle(bundle, event);
      const shown = await call(undefined, 'GET', `/v1${new URL(created.body.signers[0].link).pathname}/document`);
      const withoutFonts = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', `await import(${JSON.stringify(join(dir, 'without-fonts', 'index.mjs'))})`], { env: process.env, encoding: 'utf8' });
      // Assess
      expect(created.status).toBe(201);
      expect(shown.status).toBe(200);
      const text = spawnSync('pdftotext', ['-', '-'], { input: shown.bytes, encoding: 'utf8' }).stdout;
      expect(text).toContain('催款');
      expect(withoutFonts.status).not.toBe(0);
      expect(withoutFonts.stderr).toMatch(/fonts\/DejaVuSans\.ttf/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('packet function (DynamoDB stream)', () => {
  it('builds a packet whose record arrives on the stream, once, and skips other records', async () => {
    // Prepare: the packet is sealed with the KMS seal key (stand-in), as the API's documents are
    const signsBefore = aws.kms.signCalls;
    const debt = await createDebt();
    const form = new FormData();
    form.set('type', 'contract');
    form.set('file', new Blob([await makePdf('Supply contract', 2)], { type: 'application/pdf' }), 'contract.pdf');
    expect((await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form })).status).toBe(201);
    const packets = new PacketService(table, blobs, { now: () => new Date() }, { enqueue: () => undefined });
    const packet = packets.newPacket(debt.id, { id: 'legal-a', role: 'legal' });
    const write = packets.packetWrite(packet);
    await table.transact([write]);
    const record = (eventName: 'INSERT' | 'MODIFY', image: Record<string, unknown>, sequence: string) => ({ eventName, dynamodb: { NewImage: marshall(image, { removeUndefinedValues: true }) as never, SequenceNumber: sequence } });
    const item = 'put' in write ? write.put : {};
    // Act
    const first = await packetFunction.handler({ Records: [record('MODIFY', { pk: 'DEBT#x', sk: 'META', status: 'open' }, '1'), record('INSERT', item, '2')] } as never);
    const again = await packetFunction.handler({ Records: [record('INSERT', item, '3')] } as never);
    // Assess
    const built = await packets.get(debt.id, packet.id);
    expect([first, again]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(built).toMatchObject({ status: 'ready', exhibits: 1 });
    const pdf = (await blobs.get(built.pdf?.sha256 as string)) as Uint8Array;
    expect(qpdfCheck(pdf).ok).toBe(true);
    expect(pdfsig(pdf).signatures).toEqual([expect.objectContaining({ valid: true, total: true })]);
    expect(await blobs.stat(built.zip?.sha256 as string)).toEqual({ size: built.zip?.size });
    const events = (await call('auditor-a', 'GET', `/v1/debts/${debt.id}/audit`)).json().items as Array<{ action: string }>;
    expect(events.filter((e) => e.action === 'packet.built')).toHaveLength(1);
    expect(aws.kms.signCalls).toBeGreaterThan(signsBefore);
  });
});

describe('audit mirror function (DynamoDB stream → Object Lock bucket)', () => {
  const mirrored = async (key: string): Promise<string | undefined> =>
    aws.s3.client.send(new GetObjectCommand({ Bucket: aws.evidenceBucket, Key: key })).then(
      (answer) => answer.Body?.transformToString('utf8'),
      () => undefined,
    );
  const streamRecord = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>, sequence: string) => ({
    eventName,
    dynamodb: { Keys: marshall({ pk: item.pk, sk: item.sk }) as never, ...(eventName === 'REMOVE' ? {} : { NewImage: marshall(item, { removeUndefinedValues: true }) as never }), SequenceNumber: sequence },
  });

  it('copies each audit event once; the mirror alone verifies against the chain head; a rewritten event is kept beside the original', async () => {
    // Prepare: a debt with two events (created, then a document added)
    const debt = await createDebt();
    const form = new FormData();
    form.set('type', 'invoice');
    form.set('file', new Blob([await makePdf('Invoice 7')], { type: 'application/pdf' }), 'invoice.pdf');
    expect((await call('finance-a', 'POST', `/v1/debts/${debt.id}/documents`, { form })).status).toBe(201);
    const items = (await table.query(`DEBT#${debt.id}`, { beginsWith: 'EVT#', limit: 100 })).items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    const first = items[0] as Record<string, unknown>;
    // Act: the stream delivers every insert, one of them twice (a retry), then a rewrite and a removal
    const inserted = await auditMirror.handler({ Records: items.map((item, i) => streamRecord('INSERT', item, String(100 + i))) } as never);
    const retried = await auditMirror.handler({ Records: [streamRecord('INSERT', first, '100')] } as never);
    const rewritten = await auditMirror.handler({ Records: [streamRecord('MODIFY', { ...first, details: { forged: true } }, '200'), streamRecord('REMOVE', first, '201')] } as never);
    // Assess
    expect([inserted, retried, rewritten]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }, { batchItemFailures: [] }]);
    const copies = await Promise.all(items.map((item) => mirrored(`audit/${debt.id}/${String(item.sk).slice(4)}.json`)));
    const events = copies.map((copy) => withoutKeys<AuditEvent>(JSON.parse(copy as string)));
    expect(events.map((e) => e.seq)).toEqual(items.map((_, i) => i + 1));
    expect(verifyChain(events, await readHead(table, debt.id))).toMatchObject({ valid: true, length: items.length });
    // The original stays as it was; the forged version and the removal sit beside it.
    expect(JSON.parse((await mirrored(`audit/${debt.id}/000000000001.json`)) as string).details).not.toHaveProperty('forged');
    expect(JSON.parse((await mirrored(`audit/${debt.id}/000000000001.modify.200.json`)) as string).details).toEqual({ forged: true });
    expect(JSON.parse((await mirrored(`audit/${debt.id}/000000000001.remove.201.json`)) as string)).toEqual({ pk: `DEBT#${debt.id}`, sk: 'EVT#000000000001' });
  });

  it('skips items that are not audit events', async () => {
    // Act
    const result = await auditMirror.handler({ Records: [streamRecord('INSERT', { pk: 'DEBT#nope', sk: 'META', status: 'open' }, '300')] } as never);
    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await mirrored('audit/nope/META.json')).toBeUndefined();
  });
});

describe('hourly sweep (scheduled function, { task: "sweep" })', () => {
  it('fails a packet still building two hours after it was asked for, in its audit chain, and leaves a newer one building', async () => {
    // Prepare: two packet records the packet function never finished (killed, retries exhausted)
    const debt = await createDebt();
    const packets = new PacketService(table, blobs, { now: () => new Date() }, { enqueue: () => undefined });
    const stuck = { ...packets.newPacket(debt.id, { id: 'legal-a', role: 'legal' }), requestedAt: new Date(Date.now() - 2 * 3_600_000 - 60_000).toISOString() };
    const recent = packets.newPacket(debt.id, { id: 'legal-a', role: 'legal' });
    await table.transact([packets.packetWrite(stuck), packets.packetWrite(recent)]);
    // Act
    const result = await scheduled.handler({ task: 'sweep' });
    // Assess
    expect(result.packetsFailed).toBeGreaterThanOrEqual(1);
    expect(await packets.get(debt.id, stuck.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('did not finish within 2 hours') });
    expect(await packets.get(debt.id, recent.id)).toMatchObject({ status: 'building' });
    const building: string[] = [];
    for await (const job of packets.building()) building.push(job.packetId);
    expect(building).toContain(recent.id);
    expect(building).not.toContain(stuck.id);
    const events = (await call('auditor-a', 'GET', `/v1/debts/${debt.id}/audit`)).json().items as Array<{ action: string; details: Record<string, unknown> }>;
    expect(events.filter((e) => e.action === 'packet.failed').map((e) => e.details.packetId)).toEqual([stuck.id]);
  });
});
