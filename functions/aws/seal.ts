import { KMSClient } from '@aws-sdk/client-kms';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { KmsSealer } from '../adapters/kms/kms-sealer';
import { fromPem } from '../pki/certificates';
import type { Sealer } from '../ports/sealer';
import { log } from './adapters';
import type { AwsConfig } from './config';

/** The seal of the AWS functions and the roots verification trusts. */
export interface AwsSeal {
  /** Absent until `npm run kms:certificate` has stored the seal certificate (no signing until then). */
  sealer?: Sealer;
  /** The seal certificate's root, then any roots of the trusted-roots parameter. */
  trustedRoots: Uint8Array[];
}

/**
 * The KMS seal key with its certificate chain, read once per container from SSM Parameter Store
 * (README "Deploy on AWS": the chain is issued once by `npm run kms:certificate`). The functions
 * hold `kms:Sign` and `ssm:GetParameter` on the two parameters only; a certificate that is not
 * the key's is caught at the first signature ({@link KmsSealer.withCertificate}). Before the
 * certificate exists the API runs without signing, and says why in its log, rather than failing
 * every request.
 *
 * @example
 * const { sealer, trustedRoots } = await loadAwsSeal(config);
 */
export async function loadAwsSeal(config: AwsConfig, clients: { kms?: KMSClient; ssm?: SSMClient } = {}): Promise<AwsSeal> {
  const ssm = clients.ssm ?? new SSMClient({});
  const [chainPem, rootsPem] = await Promise.all([parameter(ssm, config.sealCertificateParameter), config.trustedRootsParameter ? parameter(ssm, config.trustedRootsParameter) : undefined]);
  const extraRoots = rootsPem ? fromPem(rootsPem) : [];
  const chain = chainPem ? fromPem(chainPem) : [];
  if (chain.length === 0) {
    log('error', 'no seal certificate: run `npm run kms:certificate` (README "Deploy on AWS"); signing and checkpoints are off until then', { parameter: config.sealCertificateParameter });
    return { trustedRoots: extraRoots };
  }
  const sealer = KmsSealer.withCertificate({ client: clients.kms ?? new KMSClient({}), keyId: config.sealKeyId, certificateChain: chain });
  return { sealer, trustedRoots: [chain.at(-1) as Uint8Array, ...extraRoots] };
}

async function parameter(ssm: SSMClient, name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  }
}
