import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCheckpointSigner } from '../adapters/local-signing/local-checkpoint-signer';
import { LocalSealer } from '../adapters/local-seal/local-sealer';
import { PacketService } from '../services/packets';
import { pdfsig, qpdfCheck } from '../testing/pdf-signature-tools';
import { DynamoDbTable } from '../adapters/dynamodb/dynamodb-table';
import { S3BlobStore } from '../adapters/s3/s3-blob-store';
import { addYears, legalDateAt } from '../core/legal-date';
import { type SignedCheckpoint, CHECKPOINT_PARTITION, merkleRoot, verifyCheckpoint } from '../services/checkpoint';
import { verifyTrail } from '../services/audit-trail';
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
import { makePdf } from '../testing/pdfs';
import { postToUploadTarget } from '../testing/s3-emulator';

let aws: LocalAws;
let api: typeof import('../api/index');
let ingest: typeof import('../ingest/index');
let textract: typeof import('../textract-complete/index');
let scheduled: typeof import('../scheduled/index');
let packetFunction: typeof import('../packet/index');
let table: DynamoDbTable;
let blobs: S3BlobStore;
let checkpointSigner: LocalCheckpointSigner;

beforeAll(async () => {
  aws = await startLocalAws();
  [api, ingest, textract, scheduled, packetFunction] = await Promise.all([
    import('../api/index'),
    import('../ingest/index'),
    import('../textract-complete/index'),
    import('../scheduled/index'),
    import('../packet/index'),
  ]);
  api.tokens.jwt.cacheJwks(aws.jwks as never);
  // No KMS here: the checkpoint is signed with a local key through the same CheckpointSigner port.
  checkpointSigner = LocalCheckpointSigner.generate();
  scheduled.signers.checkpoint = checkpointSigner;
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
  it('signs a checkpoint over every chain head, stores it as a blob and records it', async () => {
    // Prepare
    const debt = await createDebt();
    // Act
    const result = await scheduled.handler(scheduledEvent());
    // Assess
    const checkpoint = JSON.parse(new TextDecoder().decode(await blobs.get(result.checkpoint?.sha256 as string))) as SignedCheckpoint;
    expect(verifyCheckpoint(checkpoint, checkpointSigner.publicKey)).toEqual({ valid: true });
    expect(checkpoint.heads.find((head) => head.debtId === debt.id)).toMatchObject({ seq: 1 });
    expect(checkpoint.root).toBe(merkleRoot(checkpoint.heads));
    expect(checkpoint.chains).toBe(result.checkpoint?.chains);
    const records = (await table.query(CHECKPOINT_PARTITION, { limit: 100 })).items;
    expect(records.map((record) => record.sha256)).toContain(result.checkpoint?.sha256);
    // Assess: a changed head no longer verifies against the signature
    const tampered = { ...checkpoint, heads: checkpoint.heads.map((head) => (head.debtId === debt.id ? { ...head, seq: 2 } : head)) };
    expect(verifyCheckpoint({ ...tampered, root: merkleRoot(tampered.heads) }, checkpointSigner.publicKey).valid).toBe(false);
  });

  it('warns the collector and legal once per threshold as a debt nears the end of its limitation period', async () => {
    // Prepare: due so that the three-year period ends in 20 days (Asia/Shanghai), and one far off
    const today = legalDateAt(new Date(), 'Asia/Shanghai');
    const dueDate = addYears(legalDateAt(new Date(Date.now() + 20 * 86_400_000), 'Asia/Shanghai'), -3);
    const near = await createDebt({ dueDate });
    const far = await createDebt({ dueDate: addYears(today, -1) });
    // Act
    await scheduled.handler(scheduledEvent());
    await scheduled.handler(scheduledEvent());
    // Assess
    const outbox = (await table.query('OUTBOX', { limit: 500 })).items.filter((message) => message.kind === 'limitation.warning');
    expect(outbox.filter((message) => message.debtId === far.id)).toEqual([]);
    const sent = outbox.filter((message) => message.debtId === near.id);
    expect(sent.map((message) => message.to as { name: string }).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { userId: 'collector-a', name: 'collector-a (Cognito)', email: 'collector-a@example.test' },
      { name: 'Legal department', email: 'legal@example.test' },
    ]);
    const events = (await call('legal-a', 'GET', `/v1/debts/${near.id}/audit`)).json().items;
    expect(events.filter((event: { action: string }) => event.action === 'limitation.warning')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ actor: { id: 'limitation-watch', role: 'system' }, details: { threshold: 30 } });
    const claims = (await table.query(`DEBT#${near.id}`, { limit: 10, beginsWith: 'LIMWARN#' })).items.map((item) => item.sk);
    expect(claims).toHaveLength(3);
  });
});

describe('packet function (DynamoDB stream)', () => {
  it('builds a packet whose record arrives on the stream, once, and skips other records', async () => {
    // Prepare: no KMS here, so the packet is sealed with a local key through the same Sealer port
    const sealFolder = await mkdtemp(join(tmpdir(), 'seal-'));
    const sealer = await LocalSealer.openOrCreate(sealFolder);
    packetFunction.seal.sealer = sealer;
    packetFunction.seal.trustedRoots = [sealer.rootCertificate];
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
    try {
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
    } finally {
      await rm(sealFolder, { recursive: true, force: true });
    }
  });
});
