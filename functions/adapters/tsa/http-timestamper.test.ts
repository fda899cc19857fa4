import { createHash } from 'node:crypto';
import { chainsToTrustedRoot, checkSigner } from '../../services/cms-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimestampError } from '../../ports/timestamper';
import { startLocalTsa } from '../../testing/local-tsa';
import { HttpTimestamper } from './http-timestamper';
import { readTimestampToken } from '../../pki/rfc3161';

describe('HttpTimestamper against a local RFC 3161 authority', () => {
  let tsa: Awaited<ReturnType<typeof startLocalTsa>>;
  const genTime = new Date('2026-11-29T03:04:05.000Z');
  beforeAll(async () => {
    tsa = await startLocalTsa({ now: () => genTime });
  });
  afterAll(async () => tsa.close());
  const digest = new Uint8Array(createHash('sha256').update('seal signature value').digest());

  it('returns a token for our digest, with the authority time, that verifies to the TSA root', async () => {
    // Prepare
    tsa.behaviour = 'grant';
    // Act
    const token = await new HttpTimestamper(tsa.url).timestamp(digest);
    // Assess
    const { signedData, info } = readTimestampToken(token);
    expect(Buffer.from(info.hashedMessage).equals(Buffer.from(digest))).toBe(true);
    expect(info.genTime.toISOString()).toBe(genTime.toISOString());
    const check = checkSigner(signedData, [new Uint8Array(signedData.encapContentInfo.eContent!.getValue())]);
    expect(check).toMatchObject({ digestValid: true, signatureValid: true, signingCertificateValid: true });
    expect(await chainsToTrustedRoot(check.signer!, check.certificates, [tsa.root], genTime)).toBe(true);
  });

  it.each([
    ['reject', /refused/],
    ['unavailable', /HTTP 503/],
    ['wrong-imprint', /another digest/],
  ] as const)('reports a TSA that answers "%s" as a TimestampError', async (behaviour, message) => {
    tsa.behaviour = behaviour;
    const failure = new HttpTimestamper(tsa.url).timestamp(digest);
    await expect(failure).rejects.toBeInstanceOf(TimestampError);
    await expect(failure).rejects.toThrow(message);
  });

  it('reports an authority that cannot be reached', async () => {
    await expect(new HttpTimestamper('http://127.0.0.1:9/tsr', { timeoutMs: 2000 }).timestamp(digest)).rejects.toThrow(/could not be reached/);
  });
});
