import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import { issueKmsSealCertificate } from '../lib/kms-certificate';

/**
 * `npm run kms:certificate -- --key-id <SealKeyArn> --parameter <SealCertificateParameterName> --organization "Example Co."`:
 * once after the first `cdk deploy` (README "Deploy on AWS"). Runs with the operator's
 * credentials, which need kms:GetPublicKey on the key and ssm:PutParameter on the parameter (the
 * stack's `SealCertificateIssuerPolicyArn` output grants exactly that). `--import chain.pem`
 * stores a chain the organisation's CA issued instead; `--overwrite` replaces a stored chain.
 */
const { values } = parseArgs({
  options: {
    'key-id': { type: 'string' },
    parameter: { type: 'string' },
    organization: { type: 'string' },
    import: { type: 'string' },
    overwrite: { type: 'boolean', default: false },
  },
});
const keyId = values['key-id'];
if (!keyId || !values.parameter || (!values.organization && !values.import)) {
  console.error('usage: npm run kms:certificate -- --key-id <SealKeyArn> --parameter <SealCertificateParameterName> (--organization "<name>" | --import chain.pem) [--overwrite]');
  process.exit(2);
}
const pem = await issueKmsSealCertificate({
  kms: new KMSClient({}),
  ssm: new SSMClient({}),
  keyId,
  parameter: values.parameter,
  organization: values.organization ?? '',
  ...(values.import ? { importedChainPem: readFileSync(values.import, 'utf8') } : {}),
  overwrite: values.overwrite,
});
console.log(`Stored the seal certificate chain in ${values.parameter}. Its root (trusted by POST /v1/verify; give it to anyone who verifies offline):\n`);
console.log(pem.slice(pem.lastIndexOf('-----BEGIN CERTIFICATE-----')));
