import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { type Sealer, SealerError } from '../../ports/sealer';
import { fromPem, generateSealKeyPair, issueSealChain, toPem } from '../../pki/certificates';

const FILES = { root: 'root-ca.pem', certificate: 'seal-certificate.pem', key: 'seal-key.pem' } as const;

/**
 * Embedded Sealer: an ECDSA P-256 key kept in the data folder, with a seal certificate issued by
 * a local root CA. Both are made on first start; the root's private key signs the seal
 * certificate and is then thrown away, so the root can vouch for nothing else. Verifiers trust
 * the local root (`rootCertificate`).
 *
 * @example
 * const sealer = await LocalSealer.openOrCreate('./data/seal', { organization: 'Example Co.' });
 * const signature = await sealer.sign(sha256Digest);
 */
export class LocalSealer implements Sealer {
  readonly algorithm = 'ECDSA_SHA_256' as const;

  private constructor(
    private readonly secretKey: Uint8Array,
    private readonly chain: Uint8Array[],
  ) {}

  /** Opens the seal in `folder`, making key and certificates first if there are none. */
  static async openOrCreate(folder: string, options: { organization?: string; now?: Date } = {}): Promise<LocalSealer> {
    try {
      return await LocalSealer.open(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // Made in a scratch folder and renamed into place: a concurrent first start keeps one seal.
    const scratch = `${folder}.tmp-${randomBytes(6).toString('hex')}`;
    await mkdir(scratch, { recursive: true, mode: 0o700 });
    try {
      const files = await makeSeal(options.organization ?? 'Evidence file service', options.now ?? new Date());
      for (const [name, text] of Object.entries(files)) await writeFile(join(scratch, name), text, { mode: 0o600 });
      await rename(scratch, folder).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    return LocalSealer.open(folder);
  }

  private static async open(folder: string): Promise<LocalSealer> {
    const [root, certificate, key] = await Promise.all([FILES.root, FILES.certificate, FILES.key].map((name) => readFile(join(folder, name), 'utf8')));
    const jwk = createPrivateKey(key as string).export({ format: 'jwk' });
    if (jwk.crv !== 'P-256' || !jwk.d) throw new SealerError('the seal key is not an ECDSA P-256 private key');
    return new LocalSealer(new Uint8Array(Buffer.from(jwk.d, 'base64url')), [...fromPem(certificate as string), ...fromPem(root as string)]);
  }

  /** The local root CA certificate (DER), to be trusted by verifiers. */
  get rootCertificate(): Uint8Array {
    return this.chain.at(-1) as Uint8Array;
  }

  async certificateChain(): Promise<Uint8Array[]> {
    return this.chain;
  }

  async sign(digest: Uint8Array): Promise<Uint8Array> {
    if (digest.length !== 32) throw new SealerError(`a SHA-256 digest is 32 bytes, not ${digest.length}`);
    // The digest is signed as is (no second hash), as KMS does with MessageType DIGEST.
    return p256.sign(digest, this.secretKey, { prehash: false, format: 'der' });
  }
}

async function makeSeal(organization: string, now: Date): Promise<Record<string, string>> {
  const sealKeys = await generateSealKeyPair();
  const { root, certificate } = await issueSealChain({ organization, sealPublicKey: sealKeys.publicKey, now });
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', sealKeys.privateKey));
  return { [FILES.root]: toPem(root), [FILES.certificate]: toPem(certificate), [FILES.key]: toPem(pkcs8, 'PRIVATE KEY') };
}
