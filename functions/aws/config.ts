import { integer } from '../embedded/config';

/**
 * Settings of the Lambda functions (README "Configuration"), set by the CDK stack. Endpoints of
 * the AWS services come from the SDK's own variables (`AWS_REGION`, and `AWS_ENDPOINT_URL_DYNAMODB`
 * / `AWS_ENDPOINT_URL_S3` to point at local emulators).
 */
export interface AwsConfig {
  tableName: string;
  evidenceBucket: string;
  quarantineBucket: string;
  /** Object Lock COMPLIANCE retention put on every evidence object, in days (0: the bucket default). */
  retentionDays: number;
  userPoolId: string;
  userPoolClientId: string;
  /** KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs audit checkpoints. */
  checkpointKeyId: string;
  /** Use path-style S3 URLs (emulators). */
  s3ForcePathStyle: boolean;
  /** Where limitation warnings go when a debt has no legal assignee. */
  legalTeamEmail?: string;
  maxInlineBytes: number;
  maxSessionBytes: number;
  uploadUrlSeconds: number;
  /**
   * The seal (DESIGN §9): a KMS key (ECC_NIST_P256, SIGN_VERIFY) and the PEM chain of its
   * certificate, issued outside for the key's public key. Both or neither; without them there
   * is no signing, handoff or packet on AWS.
   */
  seal?: { keyId: string; certificateChainPem: string };
}

/**
 * Reads the Lambda settings; a missing or bad value fails the cold start with a message naming it.
 *
 * @example
 * const config = readAwsConfig(process.env);
 */
export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const legalTeamEmail = env.EVIDENCE_LEGAL_TEAM_EMAIL;
  const [sealKeyId, sealCertificates] = [env.EVIDENCE_SEAL_KEY_ID, env.EVIDENCE_SEAL_CERTIFICATES];
  if (Boolean(sealKeyId) !== Boolean(sealCertificates)) throw new Error('EVIDENCE_SEAL_KEY_ID and EVIDENCE_SEAL_CERTIFICATES must be set together');
  return {
    tableName: required(env, 'EVIDENCE_TABLE_NAME'),
    evidenceBucket: required(env, 'EVIDENCE_BUCKET'),
    quarantineBucket: required(env, 'EVIDENCE_QUARANTINE_BUCKET'),
    retentionDays: integer(env, 'EVIDENCE_RETENTION_DAYS', 3650, 0, 36500),
    userPoolId: required(env, 'EVIDENCE_USER_POOL_ID'),
    userPoolClientId: required(env, 'EVIDENCE_USER_POOL_CLIENT_ID'),
    checkpointKeyId: required(env, 'EVIDENCE_CHECKPOINT_KEY_ID'),
    s3ForcePathStyle: env.EVIDENCE_S3_FORCE_PATH_STYLE === 'true',
    ...(legalTeamEmail ? { legalTeamEmail } : {}),
    // Lambda takes at most 6 MB per request, and binary bodies arrive base64-encoded.
    maxInlineBytes: integer(env, 'EVIDENCE_MAX_UPLOAD_BYTES', 4 * 1024 * 1024, 1, 4 * 1024 * 1024),
    maxSessionBytes: integer(env, 'EVIDENCE_MAX_SESSION_UPLOAD_BYTES', 500 * 1024 * 1024, 1, 5 * 1024 ** 3),
    uploadUrlSeconds: integer(env, 'EVIDENCE_UPLOAD_URL_SECONDS', 15 * 60, 30, 7 * 24 * 3600),
    ...(sealKeyId && sealCertificates ? { seal: { keyId: sealKeyId, certificateChainPem: sealCertificates } } : {}),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set (the CDK stack sets it)`);
  return value;
}
