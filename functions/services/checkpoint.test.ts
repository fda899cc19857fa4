import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FolderBlobStore } from '../adapters/folder-blobs/folder-blob-store';
import { KmsCheckpointSigner } from '../adapters/kms/kms-checkpoint-signer';
import { LocalCheckpointSigner } from '../adapters/local-signing/local-checkpoint-signer';
import { SqliteTable } from '../adapters/sqlite/sqlite-table';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../testing/local-services';
import { requireTool } from '../testing/system-tools';
import { TestClock } from '../testing/harness';
import { type ChainHeadOf, merkleRoot, takeCheckpoint, verifyCheckpoint } from './checkpoint';
import { KIND_DEBT, keys } from './table-layout';

const head = (debtId: string, seq: number): ChainHeadOf => ({ debtId, seq, hash: createHash('sha256').update(`${debtId}:${seq}`).digest('hex') });

describe('merkleRoot', () => {
  it('commits to every head and to nothing else, whatever order the heads come in', () => {
    // Prepare
    const heads = ['d1', 'd2', 'd3', 'd4', 'd5'].map((id, i) => head(id, i + 1));
    // Act
    const root = merkleRoot(heads);
    // Assess
    expect(merkleRoot([...heads].reverse())).toBe(root);
    expect(merkleRoot(heads.map((h) => (h.debtId === 'd5' ? head('d5', 6) : h)))).not.toBe(root);
    expect(merkleRoot(heads.slice(0, 4))).not.toBe(root);
    expect(merkleRoot([])).toBe(createHash('sha256').digest('hex'));
    // A single head's root is its leaf hash: SHA-256(0x00 ‖ JCS(head)).
    const one = head('only', 1);
    expect(merkleRoot([one])).toBe(createHash('sha256').update(Buffer.from([0])).update(JSON.stringify({ debtId: 'only', hash: one.hash, seq: 1 })).digest('hex'));
  });
});

/**
 * A minimal stand-in for the KMS Sign API (JSON protocol, `TrentService.Sign`), signing with
 * OpenSSL so that the signature is made independently of the Node code that verifies it. It
 * accepts only what the real key would: MessageType DIGEST with a 32-byte digest, ECDSA_SHA_256.
 */
function startKmsStandIn(keyFile: string): Promise<{ endpoint: string; server: Server; requests: Array<Record<string, unknown>> }> {
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const input = JSON.parse(body) as { KeyId: string; Message: string; MessageType: string; SigningAlgorithm: string };
      requests.push({ target: request.headers['x-amz-target'], ...input });
      const digest = Buffer.from(input.Message, 'base64');
      if (request.headers['x-amz-target'] !== 'TrentService.Sign' || input.MessageType !== 'DIGEST' || input.SigningAlgorithm !== 'ECDSA_SHA_256' || digest.length !== 32) {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ValidationException', message: 'unexpected request' }));
        return;
      }
      const dir = mkdtempSync(join(tmpdir(), 'kms-'));
      try {
        writeFileSync(join(dir, 'digest'), digest);
        const run = spawnSync('openssl', ['pkeyutl', '-sign', '-inkey', keyFile, '-in', join(dir, 'digest'), '-out', join(dir, 'signature')]);
        if (run.status !== 0) throw new Error(run.stderr.toString());
        const signature = readFileSync(join(dir, 'signature')).toString('base64');
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ KeyId: `arn:aws:kms:us-east-1:123456789012:key/${input.KeyId}`, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, requests })));
}

describe('takeCheckpoint', () => {
  let dir: string;
  let table: SqliteTable;
  let blobs: FolderBlobStore;
  const clock = new TestClock();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
    table = SqliteTable.open(':memory:');
    blobs = new FolderBlobStore({ root: dir, uploadSecret: new Uint8Array(32), publicBaseUrl: 'http://x' });
    // Three debts, two with chains: a debt with no events has no head to commit to.
    for (const [debtId, seq] of [['d1', 3], ['d2', 1], ['d3', 0]] as const) {
      await table.transact([
        { put: { ...keys.debt(debtId), id: debtId, gsi4pk: KIND_DEBT, gsi4sk: debtId } },
        ...(seq ? [{ put: { ...keys.head(debtId), seq, hash: head(debtId, seq).hash } }] : []),
      ]);
    }
    return () => {
      table.close();
      rmSync(dir, { recursive: true, force: true });
    };
  });

  it('signs the root of every chain head with a local Ed25519 key and keeps the signed JSON as a blob', async () => {
    // Prepare
    const signer = LocalCheckpointSigner.generate();
    // Act
    const { checkpoint, blob } = await takeCheckpoint(table, blobs, clock, signer);
    // Assess
    expect(checkpoint).toMatchObject({ at: clock.now().toISOString(), chains: 2, heads: [head('d1', 3), head('d2', 1)], signature: { algorithm: 'Ed25519', keyId: signer.keyId } });
    const stored = JSON.parse(new TextDecoder().decode(await blobs.get(blob.sha256)));
    expect(stored).toEqual(checkpoint);
    expect(verifyCheckpoint(stored, signer.publicKey)).toEqual({ valid: true });
    expect(verifyCheckpoint({ ...stored, at: '2030-01-01T00:00:00.000Z' }, signer.publicKey)).toEqual({ valid: false, reason: 'the signature does not verify' });
    expect(verifyCheckpoint({ ...stored, heads: [head('d1', 3)] }, signer.publicKey).valid).toBe(false);
    expect((await table.query('CHECKPOINT', { limit: 10 })).items).toMatchObject([{ root: checkpoint.root, sha256: blob.sha256, chains: 2 }]);
  });

  describe('with KMS (Sign, MessageType DIGEST, ECDSA_SHA_256)', () => {
    let kms: Awaited<ReturnType<typeof startKmsStandIn>>;
    let keyDir: string;
    beforeAll(async () => {
      requireTool('openssl', 'openssl');
      keyDir = mkdtempSync(join(tmpdir(), 'kms-key-'));
      const run = spawnSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(keyDir, 'key.pem')]);
      expect(run.status).toBe(0);
      kms = await startKmsStandIn(join(keyDir, 'key.pem'));
    });
    afterAll(async () => {
      await new Promise((resolve) => kms?.server.close(resolve));
      rmSync(keyDir, { recursive: true, force: true });
    });

    it('sends only the digest and gets a P-256 signature that verifies over the canonical checkpoint', async () => {
      // Prepare
      const client = new KMSClient({ endpoint: kms.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
      const signer = new KmsCheckpointSigner(client, 'checkpoint-key');
      const publicKey = createPublicKey(readFileSync(join(keyDir, 'key.pem')));
      // Act
      const { checkpoint } = await takeCheckpoint(table, blobs, clock, signer);
      // Assess
      expect(kms.requests).toMatchObject([{ target: 'TrentService.Sign', KeyId: 'checkpoint-key', MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }]);
      expect(checkpoint.signature).toMatchObject({ algorithm: 'ECDSA_SHA_256', keyId: 'arn:aws:kms:us-east-1:123456789012:key/checkpoint-key' });
      expect(verifyCheckpoint(checkpoint, publicKey)).toEqual({ valid: true });
      expect(verifyCheckpoint({ ...checkpoint, chains: 2, root: merkleRoot([head('d1', 4), head('d2', 1)]), heads: [head('d1', 4), head('d2', 1)] }, publicKey).valid).toBe(false);
      await expect(signer.sign(new Uint8Array(31))).rejects.toThrow(RangeError);
      client.destroy();
    });
  });
});
