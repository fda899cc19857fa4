/**
 * Signs audit checkpoints (DESIGN §3: "a periodic checkpoint signs the heads of all chains").
 * A stand-in until the Sealer port exists: the signing issue replaces it with the Sealer, keeping
 * the checkpoint format. Implementations: a local Ed25519 key (tests, embedded) and AWS KMS
 * (`Sign`, `MessageType: DIGEST`, `ECDSA_SHA_256`).
 */
export interface CheckpointSigner {
  /** Signs the SHA-256 `digest` (32 bytes) of a checkpoint's canonical JSON. */
  sign(digest: Uint8Array): Promise<CheckpointSignature>;
}

export interface CheckpointSignature {
  /**
   * `ECDSA_SHA_256`: DER signature over the digest as a pre-hash (verifies as ECDSA-SHA256 of the
   * canonical JSON). `Ed25519`: signature over the 32 digest bytes as the message.
   */
  algorithm: 'ECDSA_SHA_256' | 'Ed25519';
  /** Which key: the KMS key ARN, or the local key's SHA-256 fingerprint. */
  keyId: string;
  /** Base64. */
  signature: string;
}
