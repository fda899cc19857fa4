/**
 * The Sealer port: signs SHA-256 digests with the service's seal key (DESIGN §9). Embedded: a
 * key generated on first start into the data folder, with a local root CA; AWS: a KMS asymmetric
 * key (`Sign` with `MessageType: DIGEST`). Whoever holds the key, the caller only ever hands over
 * a digest, so the key never has to leave its store.
 */
export interface Sealer {
  /** The only algorithm: ECDSA on P-256 over a SHA-256 digest. */
  readonly algorithm: 'ECDSA_SHA_256';
  /** DER X.509 certificates: the seal certificate first, then its issuers up to the root. */
  certificateChain(): Promise<Uint8Array[]>;
  /**
   * Signs a 32-byte SHA-256 digest; returns the DER-encoded ECDSA signature
   * (`SEQUENCE { r INTEGER, s INTEGER }`, as CMS wants it). Throws {@link SealerError}.
   */
  sign(digest: Uint8Array): Promise<Uint8Array>;
}

/** The digest was not 32 bytes, or the key store refused or failed. */
export class SealerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SealerError';
  }
}
