import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem, generateSealKeyPair, issueSealChain, toPem } from '../../functions/pki/certificates';
import { startKmsStandIn } from '../../functions/testing/kms-stand-in';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../functions/testing/local-services';
import { startSsmStandIn } from '../../functions/testing/ssm-stand-in';
import { issueKmsSealCertificate } from './kms-certificate';

describe('npm run kms:certificate', () => {
  let kms: Awaited<ReturnType<typeof startKmsStandIn>>;
  let ssm: Awaited<ReturnType<typeof startSsmStandIn>>;
  let clients: { kms: KMSClient; ssm: SSMClient };
  beforeAll(async () => {
    [kms, ssm] = await Promise.all([startKmsStandIn(), startSsmStandIn()]);
    const settings = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    clients = { kms: new KMSClient({ ...settings, endpoint: kms.endpoint }), ssm: new SSMClient({ ...settings, endpoint: ssm.endpoint }) };
  });
  afterAll(async () => {
    clients.kms.destroy();
    clients.ssm.destroy();
    await Promise.all([kms.close(), ssm.close()]);
  });

  it('certifies the KMS key’s public key under a new root, stores the chain once, and refuses to replace it unasked', async () => {
    // Act
    const pem = await issueKmsSealCertificate({ ...clients, keyId: kms.keyId, parameter: '/Test/seal-certificate-chain', organization: 'Example Co.' });
    const again = await issueKmsSealCertificate({ ...clients, keyId: kms.keyId, parameter: '/Test/seal-certificate-chain', organization: 'Example Co.' }).catch((error: Error) => error);
    // Assess
    const [seal, root] = fromPem(pem).map((der) => pkijs.Certificate.fromBER(new Uint8Array(der)));
    expect(Buffer.from(seal!.subjectPublicKeyInfo.toSchema().toBER(false))).toEqual(kms.publicKey.export({ type: 'spki', format: 'der' }));
    expect(await seal!.verify(root)).toBe(true);
    expect(ssm.parameters.get('/Test/seal-certificate-chain')?.value).toBe(pem);
    expect(String(again)).toMatch(/already exists/);
    expect(kms.signCalls).toBe(0);
  });

  it('stores a chain issued by the company’s CA only when it certifies the KMS key', async () => {
    // Prepare
    const forKey = await issueSealChain({ organization: 'Company CA', sealPublicKey: kms.cryptoPublicKey, now: new Date() });
    const other = await issueSealChain({ organization: 'Company CA', sealPublicKey: (await generateSealKeyPair()).publicKey, now: new Date() });
    const chain = (issued: { certificate: Uint8Array; root: Uint8Array }) => toPem(issued.certificate) + toPem(issued.root);
    // Act
    const refused = await issueKmsSealCertificate({ ...clients, keyId: kms.keyId, parameter: '/Test/imported', organization: '', importedChainPem: chain(other) }).catch((error: Error) => error);
    const stored = await issueKmsSealCertificate({ ...clients, keyId: kms.keyId, parameter: '/Test/imported', organization: '', importedChainPem: chain(forKey) });
    // Assess
    expect(String(refused)).toMatch(/not for KMS key/);
    expect(stored).toBe(chain(forKey));
    expect(ssm.parameters.get('/Test/imported')?.value).toBe(chain(forKey));
  });
});
