import { webcrypto } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import * as pkijs from 'pkijs';
import { fromPem, issueSealChain, toPem } from '../../functions/pki/certificates';

/** What `npm run kms:certificate` does, as a function the tests call against local stand-ins. */
export interface KmsCertificateRequest {
  kms: Pick<KMSClient, 'send'>;
  ssm: Pick<SSMClient, 'send'>;
  /** The seal key (stack output `SealKeyArn`). */
  keyId: string;
  /** Where the chain goes (stack output `SealCertificateParameterName`). */
  parameter: string;
  /** Subject organisation of the certificates. */
  organization: string;
  /** A chain issued by the organisation's own CA for the key (PEM, seal certificate first), stored instead of a new one. */
  importedChainPem?: string;
  /** Replace a chain already stored (a new certificate; documents sealed before keep verifying against the old root). */
  overwrite?: boolean;
  now?: Date;
}

/**
 * Issues the seal certificate of a KMS key and stores the chain in SSM Parameter Store, where the
 * Lambda functions read it at cold start. KMS is asked only for the public key (`GetPublicKey`):
 * a new root CA, whose private key exists only during this call, certifies it, as the embedded
 * seal does (`issueSealChain`). With `importedChainPem`, a chain the organisation's CA issued is
 * stored instead, after checking that it certifies this key. Returns the stored PEM.
 *
 * @example
 * const pem = await issueKmsSealCertificate({ kms, ssm, keyId, parameter: '/EvidenceFile/seal-certificate-chain', organization: 'Example Co.' });
 */
export async function issueKmsSealCertificate(request: KmsCertificateRequest): Promise<string> {
  const key = await request.kms.send(new GetPublicKeyCommand({ KeyId: request.keyId }));
  if (key.KeySpec !== 'ECC_NIST_P256' || key.KeyUsage !== 'SIGN_VERIFY' || !key.PublicKey) {
    throw new Error(`KMS key ${request.keyId} must be ECC_NIST_P256 with SIGN_VERIFY usage (it is ${key.KeySpec} ${key.KeyUsage})`);
  }
  let pem: string;
  if (request.importedChainPem) {
    const [leaf] = fromPem(request.importedChainPem);
    if (!leaf) throw new Error('the imported chain holds no certificate');
    const certified = new Uint8Array(pkijs.Certificate.fromBER(new Uint8Array(leaf)).subjectPublicKeyInfo.toSchema().toBER(false));
    if (Buffer.compare(Buffer.from(certified), Buffer.from(key.PublicKey)) !== 0) throw new Error(`the first certificate of the imported chain is not for KMS key ${request.keyId}`);
    pem = request.importedChainPem;
  } else {
    const sealPublicKey = await webcrypto.subtle.importKey('spki', new Uint8Array(key.PublicKey), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const { root, certificate } = await issueSealChain({ organization: request.organization, sealPublicKey, now: request.now ?? new Date() });
    pem = toPem(certificate) + toPem(root);
  }
  await request.ssm.send(
    new PutParameterCommand({
      Name: request.parameter,
      Type: 'String',
      Value: pem,
      Description: `Seal certificate chain of KMS key ${request.keyId} (npm run kms:certificate)`,
      Overwrite: request.overwrite ?? false,
      ...(Buffer.byteLength(pem) > 4096 ? { Tier: 'Advanced' as const } : {}),
    }),
  );
  return pem;
}
