import { createHash, createPublicKey, webcrypto } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { awsError, serveAwsJson } from './aws-json-stand-in';

/**
 * A local stand-in for AWS KMS that speaks its wire protocol (JSON 1.1, `X-Amz-Target:
 * TrentService.*`) for the two calls the sealer makes, `Sign` and `GetPublicKey`, on 127.0.0.1,
 * so the real `KMSClient` and the real adapter run against it. It honours the API contract as
 * documented: one `ECC_NIST_P256` `SIGN_VERIFY` key, `MessageType` `RAW` (hashed here) or
 * `DIGEST` (must be exactly 32 bytes for `ECDSA_SHA_256`), DER signatures, and AWS error types
 * (`NotFoundException`, `ValidationException`, `InvalidKeyUsageException`) for anything else.
 *
 * @example
 * const kms = await startKmsStandIn();
 * const client = new KMSClient({ endpoint: kms.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
 */
export async function startKmsStandIn() {
  const keyPair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await webcrypto.subtle.exportKey('jwk', keyPair.privateKey);
  const secretKey = new Uint8Array(Buffer.from(jwk.d as string, 'base64url'));
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keyPair.publicKey));
  const keyId = 'arn:aws:kms:eu-west-1:000000000000:key/0f5c1b2a-1111-4c4c-9999-000000000001';
  let signCalls = 0;

  const handlers: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    GetPublicKey: (input) => {
      requireKey(input.KeyId);
      return { KeyId: keyId, PublicKey: Buffer.from(spki).toString('base64'), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] };
    },
    Sign: (input) => {
      requireKey(input.KeyId);
      if (input.SigningAlgorithm !== 'ECDSA_SHA_256') throw awsError('InvalidKeyUsageException', `the signing algorithm ${String(input.SigningAlgorithm)} is not valid for this key`);
      if (typeof input.Message !== 'string') throw awsError('ValidationException', 'Message is required');
      const message = Buffer.from(input.Message, 'base64');
      if (message.length < 1 || message.length > 4096) throw awsError('ValidationException', 'Message must be 1 to 4096 bytes');
      const type = input.MessageType ?? 'RAW';
      if (type !== 'RAW' && type !== 'DIGEST') throw awsError('ValidationException', `MessageType ${String(type)} is not RAW or DIGEST`);
      if (type === 'DIGEST' && message.length !== 32) throw awsError('ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
      const digest = type === 'DIGEST' ? message : createHash('sha256').update(message).digest();
      signCalls++;
      const signature = p256.sign(digest, secretKey, { prehash: false, format: 'der' });
      return { KeyId: keyId, Signature: Buffer.from(signature).toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' };
    },
  };

  function requireKey(requested: unknown): void {
    if (requested !== keyId && requested !== keyId.split('/')[1]) throw awsError('NotFoundException', `Key '${String(requested)}' does not exist`);
  }

  const server = await serveAwsJson('TrentService', handlers);
  return {
    endpoint: server.endpoint,
    keyId,
    publicKey: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
    /** The key as WebCrypto sees it, to certify it in tests. */
    cryptoPublicKey: keyPair.publicKey,
    get signCalls() {
      return signCalls;
    },
    close: server.close,
  };
}
