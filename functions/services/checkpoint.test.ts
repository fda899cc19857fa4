import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FolderBlobStore } from '../adapters/folder-blobs/folder-blob-store';
import { toPem } from '../pki/certificates';
import { LocalSealer } from '../adapters/local-seal/local-sealer';
import { SqliteTable } from '../adapters/sqlite/sqlite-table';
import { canonicalJson } from '../core/audit-chain';
import { requireTool } from '../testing/system-tools';
import { TestClock } from '../testing/harness';
import { type ChainHeadOf, merkleRoot, type SignedCheckpoint, takeCheckpoint, verifyCheckpoint } from './checkpoint';

const canonicalJsonBytes = (value: unknown) => new TextEncoder().encode(canonicalJson(value));
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
 * Checks a stored checkpoint as a person would by hand, with OpenSSL only: the body is the stored
 * canonical JSON without its `signature` member; the seal certificate's key verifies the DER
 * signature over it as ECDSA-with-SHA-256, and the certificate chains to the root.
 */
function opensslVerify(stored: string, root: Uint8Array): { signature: string; chain: string } {
  const { signature, ...body } = JSON.parse(stored) as SignedCheckpoint;
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-openssl-'));
  try {
    const [seal, ...issuers] = signature.certificates.map((der) => Buffer.from(der, 'base64'));
    writeFileSync(join(dir, 'body.json'), canonicalJson(body));
    writeFileSync(join(dir, 'signature.der'), Buffer.from(signature.signature, 'base64'));
    writeFileSync(join(dir, 'seal.pem'), toPem(seal as Buffer));
    writeFileSync(join(dir, 'chain.pem'), issuers.map((der) => toPem(der)).join(''));
    writeFileSync(join(dir, 'root.pem'), toPem(root));
    const run = (...args: string[]) => spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    const key = run('x509', '-in', 'seal.pem', '-pubkey', '-noout', '-out', 'key.pem');
    expect(key.status, key.stderr).toBe(0);
    const dgst = run('dgst', '-sha256', '-verify', 'key.pem', '-signature', 'signature.der', 'body.json');
    const chain = run('verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', 'seal.pem');
    return { signature: `${dgst.stdout}${dgst.stderr}`.trim(), chain: `${chain.stdout}${chain.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

  it('signs the root of every chain head with the seal key, keeps the signed JSON as a blob, and verifies offline', async () => {
    // Prepare
    requireTool('openssl', 'openssl');
    const sealer = await LocalSealer.openOrCreate(join(dir, 'seal'), { now: clock.now() });
    const root = sealer.rootCertificate;
    // Act
    const { checkpoint, blob } = await takeCheckpoint(table, blobs, clock, sealer);
    // Assess
    expect(checkpoint).toMatchObject({ at: clock.now().toISOString(), chains: 2, heads: [head('d1', 3), head('d2', 1)], signature: { algorithm: 'ECDSA_SHA_256' } });
    const text = new TextDecoder().decode(await blobs.get(blob.sha256));
    const stored = JSON.parse(text) as SignedCheckpoint;
    expect(stored).toEqual(checkpoint);
    expect(stored.signature.certificates.map((der) => Buffer.from(der, 'base64'))).toEqual((await sealer.certificateChain()).map((der) => Buffer.from(der)));
    expect(await verifyCheckpoint(stored, [root])).toEqual({ valid: true });
    expect(opensslVerify(text, root)).toEqual({ signature: 'Verified OK', chain: 'seal.pem: OK' });
    expect((await table.query('CHECKPOINT', { limit: 10 })).items).toMatchObject([{ root: checkpoint.root, sha256: blob.sha256, chains: 2, algorithm: 'ECDSA_SHA_256' }]);
  });

  it('reports a changed checkpoint, a foreign root and a missing signature', async () => {
    // Prepare
    const sealer = await LocalSealer.openOrCreate(join(dir, 'seal'), { now: clock.now() });
    const other = await LocalSealer.openOrCreate(join(dir, 'other-seal'), { now: clock.now() });
    const { checkpoint } = await takeCheckpoint(table, blobs, clock, sealer);
    const moved = [head('d1', 4), head('d2', 1)];
    // Act
    const results = await Promise.all([
      verifyCheckpoint({ ...checkpoint, at: '2030-01-01T00:00:00.000Z' }, [sealer.rootCertificate]),
      verifyCheckpoint({ ...checkpoint, heads: moved, root: merkleRoot(moved) }, [sealer.rootCertificate]),
      verifyCheckpoint({ ...checkpoint, heads: [head('d1', 3)] }, [sealer.rootCertificate]),
      verifyCheckpoint(checkpoint, [other.rootCertificate]),
      verifyCheckpoint({ ...checkpoint, signature: { ...checkpoint.signature, certificates: [] } }, [sealer.rootCertificate]),
    ]);
    // Assess
    expect(results.map((result) => result.reason)).toEqual([
      'the signature does not verify',
      'the signature does not verify',
      'the root does not match the heads',
      'the seal certificate does not chain to a trusted root',
      'the checkpoint carries no ECDSA signature and seal certificate',
    ]);
    const text = new TextDecoder().decode(canonicalJsonBytes({ ...checkpoint, at: '2030-01-01T00:00:00.000Z' }));
    expect(opensslVerify(text, sealer.rootCertificate).signature).toMatch(/Verification failure/);
  });
});
