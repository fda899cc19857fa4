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
  /** KMS key (ECC_NIST_P256, SIGN_VERIFY): the seal key of PDFs and audit checkpoints. */
  sealKeyId: string;
  /** SSM parameter holding the seal certificate chain (PEM, seal certificate first), written by `npm run kms:certificate`. */
  sealCertificateParameter: string;
  /** SSM parameter with further roots `POST /v1/verify` trusts (PEM); optional, and may not exist. */
  trustedRootsParameter?: string;
  /** RFC 3161 time-stamping authority for seals. */
  timestampUrl?: string;
  /** Base URL of the web app: signing links are `<base>/sign/<token>`. */
  publicBaseUrl: string;
  /** Sender identity (verified in SES) of e-mails; without it messages stay in the table outbox. */
  emailFrom?: string;
  /** The function that runs extractions (invoked asynchronously after each upload); none: no extraction. */
  extractFunctionName?: string;
  /** SNS topic Textract notifies when an asynchronous job ends, and the role it publishes with. */
  textractNotification?: { snsTopicArn: string; roleArn: string };
  /** Use path-style S3 URLs (emulators). */
  s3ForcePathStyle: boolean;
  /** Where limitation warnings go when a debt has no legal assignee. */
  legalTeamEmail?: string;
  maxInlineBytes: number;
  maxSessionBytes: number;
  uploadUrlSeconds: number;
}

/**
 * Reads the Lambda settings; a missing or bad value fails the cold start with a message naming it.
 *
 * @example
 * const config = readAwsConfig(process.env);
 */
export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const legalTeamEmail = env.EVIDENCE_LEGAL_TEAM_EMAIL;
  return {
    tableName: required(env, 'EVIDENCE_TABLE_NAME'),
    evidenceBucket: required(env, 'EVIDENCE_BUCKET'),
    quarantineBucket: required(env, 'EVIDENCE_QUARANTINE_BUCKET'),
    retentionDays: integer(env, 'EVIDENCE_RETENTION_DAYS', 3650, 0, 36500),
    userPoolId: required(env, 'EVIDENCE_USER_POOL_ID'),
    userPoolClientId: required(env, 'EVIDENCE_USER_POOL_CLIENT_ID'),
    sealKeyId: required(env, 'EVIDENCE_SEAL_KEY_ID'),
    sealCertificateParameter: required(env, 'EVIDENCE_SEAL_CERTIFICATE_PARAMETER'),
    ...optional(env, 'EVIDENCE_TRUSTED_ROOTS_PARAMETER', 'trustedRootsParameter'),
    ...optional(env, 'EVIDENCE_TSA_URL', 'timestampUrl'),
    publicBaseUrl: (env.EVIDENCE_PUBLIC_URL ?? '').replace(/\/+$/, ''),
    ...optional(env, 'EVIDENCE_EMAIL_FROM', 'emailFrom'),
    ...optional(env, 'EVIDENCE_EXTRACT_FUNCTION', 'extractFunctionName'),
    ...(env.EVIDENCE_TEXTRACT_TOPIC_ARN
      ? { textractNotification: { snsTopicArn: env.EVIDENCE_TEXTRACT_TOPIC_ARN, roleArn: required(env, 'EVIDENCE_TEXTRACT_ROLE_ARN') } }
      : {}),
    s3ForcePathStyle: env.EVIDENCE_S3_FORCE_PATH_STYLE === 'true',
    ...(legalTeamEmail ? { legalTeamEmail } : {}),
    // Lambda takes at most 6 MB per request, and binary bodies arrive base64-encoded.
    maxInlineBytes: integer(env, 'EVIDENCE_MAX_UPLOAD_BYTES', 4 * 1024 * 1024, 1, 4 * 1024 * 1024),
    maxSessionBytes: integer(env, 'EVIDENCE_MAX_SESSION_UPLOAD_BYTES', 500 * 1024 * 1024, 1, 5 * 1024 ** 3),
    uploadUrlSeconds: integer(env, 'EVIDENCE_UPLOAD_URL_SECONDS', 15 * 60, 30, 7 * 24 * 3600),
  };
}

function optional<K extends string>(env: NodeJS.ProcessEnv, name: string, key: K): Partial<Record<K, string>> {
  const value = env[name];
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set (the CDK stack sets it)`);
  return value;
}
