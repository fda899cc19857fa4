import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import * as pkijs from 'pkijs';
import { type Sealer, SealerError } from '../../ports/sealer';

/** The part of the KMS client the sealer uses; a real `KMSClient` in production. */
export type KmsSignClient = Pick<KMSClient, 'send'>;

/**
 * AWS Sealer: an asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) signs the digest
 * (`Sign`, `MessageType: DIGEST`, `ECDSA_SHA_256`), so the private key never leaves KMS. The
 * seal certificate for the key's public key is issued outside (by the organisation's CA) and
 * configured; {@link KmsSealer.create} checks that it belongs to the key (KMS `GetPublicKey`).
 * Every signature is also checked against the certificate's key before it is returned, so a
 * certificate configured for another key fails the first seal instead of producing documents
 * that do not verify; {@link KmsSealer.withCertificate} relies on that alone and needs only
 * `kms:Sign`.
 *
 * @example
 * const sealer = await KmsSealer.create({ client: new KMSClient({}), keyId: process.env.SEAL_KEY_ID!, certificateChain });
 */
export class KmsSealer implements Sealer {
  readonly algorithm = 'ECDSA_SHA_256' as const;

  /** The certified public key, uncompressed point. */
  private readonly certifiedKey: Uint8Array;

  private constructor(
    private readonly client: KmsSignClient,
    private readonly keyId: string,
    private readonly chain: Uint8Array[],
  ) {
    const [certificate] = chain;
    if (!certificate) throw new SealerError('the seal certificate chain is empty');
    this.certifiedKey = pkijs.Certificate.fromBER(new Uint8Array(certificate)).subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  }

  /**
   * A sealer for `keyId` with a configured certificate chain, without asking KMS for the public key
   * (the Lambda functions hold `kms:Sign` only): each signature is checked against the certificate.
   *
   * @example
   * const sealer = KmsSealer.withCertificate({ client, keyId, certificateChain: fromPem(pem) });
   */
  static withCertificate(options: { client: KmsSignClient; keyId: string; certificateChain: Uint8Array[] }): KmsSealer {
    return new KmsSealer(options.client, options.keyId, options.certificateChain);
  }

  /** A sealer for `keyId`, after checking the certificate's public key is the key's. */
  static async create(options: { client: KmsSignClient; keyId: string; certificateChain: Uint8Array[] }): Promise<KmsSealer> {
    const [certificate] = options.certificateChain;
    if (!certificate) throw new SealerError('the seal certificate chain is empty');
    let publicKey: Uint8Array | undefined;
    try {
      publicKey = (await options.client.send(new GetPublicKeyCommand({ KeyId: options.keyId }))).PublicKey;
    } catch (error) {
      throw new SealerError(`KMS GetPublicKey failed for ${options.keyId}: ${(error as Error).message}`, { cause: error });
    }
    const certified = new Uint8Array(pkijs.Certificate.fromBER(new Uint8Array(certificate)).subjectPublicKeyInfo.toSchema().toBER(false));
    if (!publicKey || Buffer.compare(Buffer.from(publicKey), Buffer.from(certified)) !== 0) {
      throw new SealerError(`the seal certificate is not for KMS key ${options.keyId}`);
    }
    return new KmsSealer(options.client, options.keyId, options.certificateChain);
  }

  async certificateChain(): Promise<Uint8Array[]> {
    return this.chain;
  }

  async sign(digest: Uint8Array): Promise<Uint8Array> {
    if (digest.length !== 32) throw new SealerError(`a SHA-256 digest is 32 bytes, not ${digest.length}`);
    let signature: Uint8Array | undefined;
    try {
      signature = (await this.client.send(new SignCommand({ KeyId: this.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature;
    } catch (error) {
      throw new SealerError(`KMS Sign failed for ${this.keyId}: ${(error as Error).message}`, { cause: error });
    }
    if (!signature) throw new SealerError(`KMS Sign returned no signature for ${this.keyId}`);
    if (!p256.verify(signature, digest, this.certifiedKey, { prehash: false, format: 'der' })) {
      throw new SealerError(`the configured seal certificate is not for KMS key ${this.keyId}: its signature does not verify with the certificate`);
    }
    return signature;
  }
}
