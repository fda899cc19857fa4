import { createHash, type KeyObject, verify } from 'node:crypto';
import { canonicalJson, type ChainHead } from '../core/audit-chain';
import type { BlobStore } from '../ports/blob-store';
import type { CheckpointSignature, CheckpointSigner } from '../ports/checkpoint-signer';
import type { Clock } from '../ports/clock';
import type { Table } from '../ports/table';
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
 * Takes a checkpoint: reads every chain head, computes their Merkle root, signs the SHA-256 of
 * the canonical JSON (RFC 8785) of the body, stores the signed checkpoint as a blob (retained like
 * any evidence) and records it in the table (`CHECKPOINT` partition) with the blob's hash.
 *
 * @example
 * const { record } = await takeCheckpoint(table, blobs, clock, LocalCheckpointSigner.generate());
 */
export async function takeCheckpoint(
  table: Table,
  blobs: BlobStore,
  clock: Clock,
  signer: CheckpointSigner,
): Promise<{ checkpoint: SignedCheckpoint; blob: { sha256: string; size: number } }> {
  const heads = await allChainHeads(table);
  const body: CheckpointBody = { kind: 'evidence-file.checkpoint', version: 1, at: clock.now().toISOString(), chains: heads.length, root: merkleRoot(heads), heads };
  const signature = await signer.sign(sha256(canonicalJson(body)));
  const checkpoint: SignedCheckpoint = { ...body, signature };
  const blob = await blobs.put(new TextEncoder().encode(canonicalJson(checkpoint)));
  await table.transact([
    {
      put: { pk: CHECKPOINT_PARTITION, sk: `${body.at}#${body.root}`, at: body.at, root: body.root, chains: body.chains, sha256: blob.sha256, size: blob.size, keyId: signature.keyId, algorithm: signature.algorithm },
      condition: { absent: true },
    },
  ]);
  return { checkpoint, blob };
}

/**
 * Checks a stored checkpoint: the root matches its heads and the signature verifies with
 * `publicKey`. Returns the reason when it does not.
 *
 * @example
 * verifyCheckpoint(JSON.parse(text), signer.publicKey) // { valid: true }
 */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, publicKey: KeyObject): { valid: boolean; reason?: string } {
  const { signature, ...body } = checkpoint;
  if (merkleRoot(body.heads) !== body.root || body.chains !== body.heads.length) return { valid: false, reason: 'the root does not match the heads' };
  const payload = Buffer.from(canonicalJson(body));
  const bytes = Buffer.from(signature.signature, 'base64');
  const valid =
    signature.algorithm === 'ECDSA_SHA_256' ? verify('sha256', payload, publicKey, bytes) : verify(null, sha256(payload), publicKey, bytes);
  return valid ? { valid } : { valid, reason: 'the signature does not verify' };
}
