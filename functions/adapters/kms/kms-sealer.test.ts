import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealerError } from '../../ports/sealer';
import { sealerContract } from '../../ports/sealer.contract';
import { startKmsStandIn } from '../../testing/kms-stand-in';
import { generateSealKeyPair, issueCertificate } from '../../pki/certificates';
import { KmsSealer } from './kms-sealer';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** A root CA and a seal certificate for the stand-in's KMS key, as an organisation would issue. */
async function certify(publicKey: CryptoKey) {
  const rootKeys = await generateSealKeyPair();
  const validity = { notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 365 * 86400_000) };
  const root = await issueCertificate({ subject: { commonName: 'Test root' }, issuerKey: rootKeys.privateKey, publicKey: rootKeys.publicKey, profile: 'ca', ...validity });
  const seal = await issueCertificate({ subject: { commonName: 'KMS seal' }, issuerCertificate: root, issuerKey: rootKeys.privateKey, publicKey, profile: 'seal', ...validity });
  return { root, seal };
}

sealerContract('KmsSealer (real KMSClient against the local KMS stand-in)', async () => {
  const kms = await startKmsStandIn();
  const { root, seal } = await certify(kms.cryptoPublicKey);
  const client = new KMSClient({ endpoint: kms.endpoint, region: 'eu-west-1', credentials });
  const sealer = await KmsSealer.create({ client, keyId: kms.keyId, certificateChain: [seal, root] });
  return {
    sealer,
    trustedRoot: root,
    dispose: async () => {
      client.destroy();
      await kms.close();
    },
  };
});

describe('KmsSealer', () => {
  let kms: Awaited<ReturnType<typeof startKmsStandIn>>;
  let client: KMSClient;
  beforeAll(async () => {
    kms = await startKmsStandIn();
    client = new KMSClient({ endpoint: kms.endpoint, region: 'eu-west-1', credentials });
  });
  afterAll(async () => {
    client.destroy();
    await kms.close();
  });

  it('refuses a certificate that is not for the KMS key', async () => {
    const other = await generateSealKeyPair();
    const { root, seal } = await certify(other.publicKey);
    await expect(KmsSealer.create({ client, keyId: kms.keyId, certificateChain: [seal, root] })).rejects.toThrow(/not for KMS key/);
  });

  it('with a configured certificate (no GetPublicKey), refuses to return a signature the certificate does not verify', async () => {
    // Prepare
    const { root, seal } = await certify(kms.cryptoPublicKey);
    const wrong = await certify((await generateSealKeyPair()).publicKey);
    const sealer = KmsSealer.withCertificate({ client, keyId: kms.keyId, certificateChain: [seal, root] });
    const misconfigured = KmsSealer.withCertificate({ client, keyId: kms.keyId, certificateChain: [wrong.seal, wrong.root] });
    const digest = new Uint8Array(32).fill(9);
    // Act
    const signature = await sealer.sign(digest);
    const refused = misconfigured.sign(digest);
    // Assess
    expect(signature[0]).toBe(0x30);
    await expect(refused).rejects.toThrow(/not for KMS key/);
  });

  it('reports an unknown key as a SealerError naming it', async () => {
    const { root, seal } = await certify(kms.cryptoPublicKey);
    await expect(KmsSealer.create({ client, keyId: 'alias/missing', certificateChain: [seal, root] })).rejects.toThrow(SealerError);
  });

  it('sends the digest, not the message: KMS signs exactly one digest per seal', async () => {
    // Prepare
    const { root, seal } = await certify(kms.cryptoPublicKey);
    const sealer = await KmsSealer.create({ client, keyId: kms.keyId, certificateChain: [seal, root] });
    const before = kms.signCalls;
    // Act
    await sealer.sign(new Uint8Array(32).fill(1));
    // Assess: a 33-byte message would have been refused by KMS as a DIGEST; one call was made.
    expect(kms.signCalls - before).toBe(1);
    await expect(sealer.sign(new Uint8Array(33))).rejects.toThrow(SealerError);
    expect(kms.signCalls - before).toBe(1);
  });
});
