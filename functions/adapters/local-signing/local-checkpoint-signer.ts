import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { CheckpointSignature, CheckpointSigner } from '../../ports/checkpoint-signer';

/**
 * Signs checkpoints with an Ed25519 key held in memory (tests, embedded mode). `keyId` is the
 * SHA-256 of the public key's DER form, so a verifier can tell which key to use.
 *
 * @example
 * const signer = LocalCheckpointSigner.generate();
 * const signature = await signer.sign(digest);
 */
export class LocalCheckpointSigner implements CheckpointSigner {
  readonly keyId: string;

  constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {
    this.keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  }

  static generate(): LocalCheckpointSigner {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new LocalCheckpointSigner(privateKey, publicKey);
  }

  async sign(digest: Uint8Array): Promise<CheckpointSignature> {
    return { algorithm: 'Ed25519', keyId: this.keyId, signature: sign(null, digest, this.privateKey).toString('base64') };
  }
}
