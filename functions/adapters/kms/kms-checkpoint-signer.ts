import { type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { CheckpointSignature, CheckpointSigner } from '../../ports/checkpoint-signer';

/**
 * Signs checkpoint digests with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): the private
 * key never leaves KMS, and every signature is in CloudTrail. `MessageType: DIGEST` sends only the
 * 32-byte SHA-256, so checkpoints of any size cost one small call.
 *
 * @example
 * const signer = new KmsCheckpointSigner(new KMSClient({}), process.env.EVIDENCE_CHECKPOINT_KEY_ID!);
 */
export class KmsCheckpointSigner implements CheckpointSigner {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async sign(digest: Uint8Array): Promise<CheckpointSignature> {
    if (digest.length !== 32) throw new RangeError('a SHA-256 digest has 32 bytes');
    const answer = await this.client.send(new SignCommand({ KeyId: this.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
    if (!answer.Signature) throw new Error('KMS returned no signature');
    return { algorithm: 'ECDSA_SHA_256', keyId: answer.KeyId ?? this.keyId, signature: Buffer.from(answer.Signature).toString('base64') };
  }
}
