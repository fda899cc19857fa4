import { createHash, createPublicKey, verify } from 'node:crypto';
import * as pkijs from 'pkijs';
import { canonicalJson, type ChainHead } from '../core/audit-chain';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Sealer } from '../ports/sealer';
import type { Table } from '../ports/table';
import { chainsToTrustedRoot } from './cms-verify';
import { KIND_DEBT, keys } from './table-layout';

/** The partition where checkpoint records live, newest last (sk = `<at>#<root>`). */
export const CHECKPOINT_PARTITION = 'CHECKPOINT';

export interface ChainHeadOf extends ChainHead {
  debtId: string;
}

/** What is signed: every chain's head at one instant and their Merkle root. */
export interface CheckpointBody {
  kind: 'evidence-file.checkpoint';
  version: 1;
  at: string;
  chains: number;
  /** Hex Merkle root over the heads, see {@link merkleRoot}. */
  root: string;
  /** Sorted by debt id. */
  heads: ChainHeadOf[];
}

/**
 * The seal over a checkpoint: the Sealer's ECDSA P-256 signature (DER) over SHA-256(JCS(body)),
 * which is an ordinary ECDSA-with-SHA-256 signature of the canonical JSON itself, so that
 * `openssl dgst -sha256 -verify` checks it offline (README "Audit chain").
 */
export interface CheckpointSignature {
  algorithm: 'ECDSA_SHA_256';
  /** Base64 DER `SEQUENCE { r, s }`. */
  signature: string;
  /** Base64 DER certificates, the seal certificate first, then its issuers up to the root. */
  certificates: string[];
}

export interface SignedCheckpoint extends CheckpointBody {
  signature: CheckpointSignature;
}

const sha256 = (...parts: Array<string | Uint8Array>): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/**
 * Merkle root over chain heads, RFC 6962 style: a leaf is SHA-256(0x00 ‖ JCS(head)), an inner
 * node SHA-256(0x01 ‖ left ‖ right) (the prefixes keep a leaf from passing as a node), leaves in
 * debt-id order; an odd node at the end of a level moves up unchanged. No heads: SHA-256 of
 * nothing.
 *
 * @example
 * merkleRoot([]) // 'e3b0c442…'
 */
export function merkleRoot(heads: readonly ChainHeadOf[]): string {
  let level = [...heads]
    .sort((a, b) => (a.debtId < b.debtId ? -1 : a.debtId > b.debtId ? 1 : 0))
    .map((head) => sha256(Buffer.from([0]), canonicalJson({ debtId: head.debtId, seq: head.seq, hash: head.hash })));
  if (level.length === 0) return sha256().toString('hex');
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const [left, right] = [level[i] as Buffer, level[i + 1]];
      next.push(right ? sha256(Buffer.from([1]), left, right) : left);
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}

/** Every debt's chain head, in debt-id order (debts without events are left out). */
export async function allChainHeads(table: Table): Promise<ChainHeadOf[]> {
  const heads: ChainHeadOf[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.queryIndex('byKind', KIND_DEBT, { limit: 100, ...(cursor ? { cursor } : {}) });
    const debtIds = page.items.map((item) => item.id as string);
    const stored = await table.getMany(debtIds.map((debtId) => keys.head(debtId)));
    for (const item of stored) heads.push({ debtId: item.pk.slice('DEBT#'.length), seq: item.seq as number, hash: item.hash as string });
    cursor = page.cursor;
  } while (cursor);
  return heads.sort((a, b) => (a.debtId < b.debtId ? -1 : 1));
}

/**
 * Takes a checkpoint (DESIGN §3): reads every chain head, computes their Merkle root, has the
 * Sealer sign the SHA-256 of the canonical JSON (RFC 8785) of the body with the seal key (the key
 * that seals PDFs), stores the signed checkpoint as a blob (retained like any evidence) and
 * records it in the table (`CHECKPOINT` partition) with the blob's hash.
 *
 * @example
 * const { checkpoint, blob } = await takeCheckpoint(table, blobs, clock, sealer);
 */
export async function takeCheckpoint(
  table: Table,
  blobs: BlobStore,
  clock: Clock,
  sealer: Sealer,
): Promise<{ checkpoint: SignedCheckpoint; blob: { sha256: string; size: number } }> {
  const heads = await allChainHeads(table);
  const body: CheckpointBody = { kind: 'evidence-file.checkpoint', version: 1, at: clock.now().toISOString(), chains: heads.length, root: merkleRoot(heads), heads };
  const [signature, chain] = await Promise.all([sealer.sign(sha256(canonicalJson(body))), sealer.certificateChain()]);
  const certificates = chain.map((der) => Buffer.from(der).toString('base64'));
  const checkpoint: SignedCheckpoint = { ...body, signature: { algorithm: sealer.algorithm, signature: Buffer.from(signature).toString('base64'), certificates } };
  const blob = await blobs.put(new TextEncoder().encode(canonicalJson(checkpoint)));
  await table.transact([
    {
      put: {
        pk: CHECKPOINT_PARTITION,
        sk: `${body.at}#${body.root}`,
        at: body.at,
        root: body.root,
        chains: body.chains,
        sha256: blob.sha256,
        size: blob.size,
        algorithm: sealer.algorithm,
        // Which seal certificate signed it: the SHA-256 of its DER.
        certificateSha256: chain[0] ? sha256(chain[0]).toString('hex') : null,
      },
      condition: { absent: true },
    },
  ]);
  return { checkpoint, blob };
}

/**
 * The signed checkpoints taken at or after `since` (all without it), oldest first, read from their
 * blobs: what `GET /v1/audit/export` appends to the chains.
 *
 * @example
 * for await (const { sha256, checkpoint } of storedCheckpoints(table, blobs)) console.log(checkpoint.root);
 */
export async function* storedCheckpoints(table: Table, blobs: BlobStore, since?: string): AsyncGenerator<{ sha256: string; checkpoint: SignedCheckpoint }> {
  let cursor: string | undefined;
  do {
    const page = await table.query(CHECKPOINT_PARTITION, { limit: 100, ...(since ? { between: [since, '\u{10FFFF}'] as [string, string] } : {}), ...(cursor ? { cursor } : {}) });
    for (const record of page.items) {
      const sha256 = record.sha256 as string;
      const bytes = await blobs.get(sha256);
      if (!bytes) throw new Error(`checkpoint blob ${sha256} is missing from storage`);
      yield { sha256, checkpoint: JSON.parse(new TextDecoder().decode(bytes)) as SignedCheckpoint };
    }
    cursor = page.cursor;
  } while (cursor);
}

/**
 * Checks a signed checkpoint offline: the root matches its heads, the signature verifies with the
 * key of the seal certificate it carries, and that certificate chains to one of `trustedRoots`
 * at the checkpoint's time. Returns the reason when it does not.
 *
 * @example
 * await verifyCheckpoint(JSON.parse(text), [sealRoot]) // { valid: true }
 */
export async function verifyCheckpoint(checkpoint: SignedCheckpoint, trustedRoots: readonly Uint8Array[]): Promise<{ valid: boolean; reason?: string }> {
  const { signature, ...body } = checkpoint;
  if (merkleRoot(body.heads) !== body.root || body.chains !== body.heads.length) return { valid: false, reason: 'the root does not match the heads' };
  const [leaf, ...issuers] = (signature?.certificates ?? []).map((der) => pkijs.Certificate.fromBER(new Uint8Array(Buffer.from(der, 'base64'))));
  if (signature?.algorithm !== 'ECDSA_SHA_256' || !leaf) return { valid: false, reason: 'the checkpoint carries no ECDSA signature and seal certificate' };
  const publicKey = createPublicKey({ key: Buffer.from(leaf.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
  // ECDSA over SHA-256(message) given as a digest is the same as ECDSA-with-SHA-256 over the message.
  if (!verify('sha256', Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signature.signature, 'base64'))) return { valid: false, reason: 'the signature does not verify' };
  if (!(await chainsToTrustedRoot(leaf, issuers, trustedRoots, new Date(body.at)))) return { valid: false, reason: 'the seal certificate does not chain to a trusted root' };
  return { valid: true };
}
