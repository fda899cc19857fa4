import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../pki/certificates';
import { type Sealer, SealerError } from './sealer';

export interface SealerFixture {
  sealer: Sealer;
  /** The root the seal certificate chains to. */
  trustedRoot: Uint8Array;
  dispose(): Promise<void>;
}

const digestOf = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

function publicKeyOf(certificate: Uint8Array): Uint8Array {
  return pkijs.Certificate.fromBER(new Uint8Array(certificate)).subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
}

/**
 * What every Sealer must do (DESIGN §9), run against each adapter: sign a SHA-256 digest as is,
 * with a DER ECDSA signature that verifies with the seal certificate's key; refuse anything
 * that is not a 32-byte digest; present a certificate chain that leads to its root.
 */
export function sealerContract(name: string, makeFixture: () => Promise<SealerFixture>): void {
  describe(`Sealer contract: ${name}`, () => {
    let fixture: SealerFixture;
    beforeAll(async () => {
      fixture = await makeFixture();
    });
    afterAll(async () => fixture.dispose());

    it('signs the digest itself: the DER signature verifies with the seal certificate, for that digest only', async () => {
      // Prepare
      const digest = digestOf('document bytes');
      const [certificate] = await fixture.sealer.certificateChain();
      // Act
      const signature = await fixture.sealer.sign(digest);
      // Assess
      expect(signature[0]).toBe(0x30);
      expect(p256.verify(signature, digest, publicKeyOf(certificate!), { prehash: false, format: 'der' })).toBe(true);
      expect(p256.verify(signature, digestOf('other bytes'), publicKeyOf(certificate!), { prehash: false, format: 'der' })).toBe(false);
    });

    it.each([0, 20, 31, 33, 64])('refuses a %i-byte "digest"', async (length) => {
      await expect(fixture.sealer.sign(new Uint8Array(length).fill(7))).rejects.toBeInstanceOf(SealerError);
    });

    it('presents a seal certificate that is not a CA and chains to the trusted root', async () => {
      // Prepare
      const chain = (await fixture.sealer.certificateChain()).map((der) => pkijs.Certificate.fromBER(new Uint8Array(der)));
      const root = pkijs.Certificate.fromBER(new Uint8Array(fixture.trustedRoot));
      // Act
      const result = await new pkijs.CertificateChainValidationEngine({ trustedCerts: [root], certs: chain }).verify();
      // Assess
      expect(result.result).toBe(true);
      const basicConstraints = chain[0]!.extensions?.find((extension) => extension.extnID === '2.5.29.19');
      expect((basicConstraints?.parsedValue as pkijs.BasicConstraints | undefined)?.cA ?? false).toBe(false);
      expect(fixture.sealer.algorithm).toBe('ECDSA_SHA_256');
    });

    it('signs concurrent requests independently', async () => {
      const digests = Array.from({ length: 16 }, (_, i) => digestOf(`page ${i}`));
      const [certificate] = await fixture.sealer.certificateChain();
      const signatures = await Promise.all(digests.map((digest) => fixture.sealer.sign(digest)));
      signatures.forEach((signature, i) => expect(p256.verify(signature, digests[i]!, publicKeyOf(certificate!), { prehash: false, format: 'der' })).toBe(true));
    });
  });
}
