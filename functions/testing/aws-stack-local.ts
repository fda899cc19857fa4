import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context, S3Event, ScheduledEvent, SNSEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { issueKmsSealCertificate } from '../../infra/lib/kms-certificate';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { startKmsStandIn } from './kms-stand-in';
import { startLambdaStandIn } from './lambda-stand-in';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-services';
import { type S3Emulator, startS3Emulator } from './s3-emulator';
import { startSesSnsStandIn } from './ses-sns-stand-in';
import { startSsmStandIn } from './ssm-stand-in';
import { startTextractStandIn } from './textract-stand-in';

export const USER_POOL_ID = `${LOCAL_REGION}_LocalPool1`;
export const CLIENT_ID = 'local-web-client';
const ISSUER = `https://cognito-idp.${LOCAL_REGION}.amazonaws.com/${USER_POOL_ID}`;

export type LocalAws = Awaited<ReturnType<typeof startLocalAws>>;

/**
 * What the Lambda functions need, on this machine: DynamoDB Local with a fresh evidence table,
 * s3rver with an evidence and a quarantine bucket, wire-protocol stand-ins for KMS (the seal key),
 * SSM Parameter Store (its certificate chain, issued as `npm run kms:certificate` does), SES v2
 * and SNS (notifications), Lambda (asynchronous invocations of the extract function) and
 * Textract (asynchronous analysis, answered with a recorded response), the environment variables
 * the CDK stack sets (endpoints through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables,
 * fake credentials), and a signing key standing in for the Cognito user pool's, whose JWKS the
 * API's verifier is handed. Import the handler modules after this has run.
 *
 * @example
 * const aws = await startLocalAws();
 * const { handler } = await import('../api/index');
 */
export async function startLocalAws() {
  const [ddb, s3]: [DynamoDbLocal, S3Emulator] = await Promise.all([startDynamoDbLocal(), startS3Emulator()]);
  const recordedAnalysis = JSON.parse(readFileSync(join(import.meta.dirname, '../adapters/textract/fixtures/test_textractor_start_document_analysis_multipage_pdf_s3.json'), 'utf8')) as Record<string, unknown>;
  const [kms, ssm, notifications, lambda, textract] = await Promise.all([startKmsStandIn(), startSsmStandIn(), startSesSnsStandIn(), startLambdaStandIn(), startTextractStandIn(recordedAnalysis)]);
  const tableName = await ddb.createTable();
  const [evidenceBucket, quarantineBucket] = await Promise.all([s3.createBucket('evidence'), s3.createBucket('quarantine')]);
  // The one-time deploy step: the KMS key's seal certificate, stored where the functions read it.
  const sealCertificateParameter = '/EvidenceFile/seal-certificate-chain';
  const clients = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const [kmsClient, ssmClient] = [new KMSClient({ ...clients, endpoint: kms.endpoint }), new SSMClient({ ...clients, endpoint: ssm.endpoint })];
  const sealChainPem = await issueKmsSealCertificate({ kms: kmsClient, ssm: ssmClient, keyId: kms.keyId, parameter: sealCertificateParameter, organization: 'Local Test Co.' });
  kmsClient.destroy();
  ssmClient.destroy();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_KMS: kms.endpoint,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_ENDPOINT_URL_SESV2: notifications.endpoint,
    AWS_ENDPOINT_URL_SNS: notifications.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    AWS_ENDPOINT_URL_TEXTRACT: textract.endpoint,
    EVIDENCE_SEAL_KEY_ID: kms.keyId,
    EVIDENCE_SEAL_CERTIFICATE_PARAMETER: sealCertificateParameter,
    EVIDENCE_TRUSTED_ROOTS_PARAMETER: '/EvidenceFile/trusted-roots',
    EVIDENCE_PUBLIC_URL: 'https://evidence.example.test',
    EVIDENCE_EMAIL_FROM: 'Evidence file <no-reply@example.test>',
    EVIDENCE_EXTRACT_FUNCTION: 'EvidenceFile-extract',
    EVIDENCE_TEXTRACT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:textract-completions',
    EVIDENCE_TEXTRACT_ROLE_ARN: 'arn:aws:iam::123456789012:role/textract-publish',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    EVIDENCE_TABLE_NAME: tableName,
    EVIDENCE_BUCKET: evidenceBucket,
    EVIDENCE_QUARANTINE_BUCKET: quarantineBucket,
    // s3rver has no Object Lock: retention is left to the bucket default, which it ignores.
    EVIDENCE_RETENTION_DAYS: '0',
    EVIDENCE_S3_FORCE_PATH_STYLE: 'true',
    EVIDENCE_USER_POOL_ID: USER_POOL_ID,
    EVIDENCE_USER_POOL_CLIENT_ID: CLIENT_ID,
    EVIDENCE_LEGAL_TEAM_EMAIL: 'legal@example.test',
  });
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };

  /** A Cognito ID token for `username` in `groups`, as the hosted UI would issue it. */
  async function idToken(username: string, groups: string[], overrides: { issuer?: string; audience?: string; expiresIn?: string } = {}): Promise<string> {
    return new SignJWT({ 'cognito:username': username, 'cognito:groups': groups, token_use: 'id', name: `${username} (Cognito)`, email: `${username}@example.test`, auth_time: Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(randomUUID())
      .setIssuer(overrides.issuer ?? ISSUER)
      .setAudience(overrides.audience ?? CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(overrides.expiresIn ?? '1h')
      .sign(privateKey);
  }

  return {
    ddb,
    s3,
    tableName,
    evidenceBucket,
    quarantineBucket,
    jwks,
    idToken,
    kms,
    ssm,
    notifications,
    lambda,
    textract,
    sealChainPem,
    async stop() {
      await Promise.all([ddb.stop(), s3.stop(), kms.close(), ssm.close(), notifications.close(), lambda.close(), textract.close()]);
    },
  };
}

export const lambdaContext = { functionName: 'local', awsRequestId: 'local', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/**
 * An API Gateway HTTP API (payload 2.0) event as the JWT authorizer passes it on: the claims of a
 * verified token in `requestContext.authorizer.jwt`, the body base64-encoded when binary.
 */
export async function httpApiEvent(
  method: string,
  path: string,
  init: { token?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
): Promise<APIGatewayProxyEventV2WithJWTAuthorizer> {
  const [rawPath, rawQueryString = ''] = path.split('?') as [string, string?];
  const headers: Record<string, string> = { 'user-agent': 'handler-test', ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  let isBase64Encoded = false;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    const request = new Request('http://local/', { method: 'POST', body: init.form });
    headers['content-type'] = request.headers.get('content-type') as string;
    body = Buffer.from(await request.arrayBuffer()).toString('base64');
    isBase64Encoded = true;
  }
  const claims = init.token ? (JSON.parse(Buffer.from(init.token.split('.')[1] as string, 'base64url').toString()) as Record<string, string>) : {};
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'local.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'local',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'handler-test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
  };
}

/** The parts of an HTTP API result a test reads. */
export function resultOf(result: APIGatewayProxyResultV2): { status: number; headers: Record<string, string>; text: string; bytes: Uint8Array; json: () => any } {
  const structured = result as Exclude<APIGatewayProxyResultV2, string>;
  const raw = structured.body ?? '';
  const bytes = new Uint8Array(structured.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'));
  const text = Buffer.from(bytes).toString('utf8');
  return {
    status: structured.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(structured.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)])),
    text,
    bytes,
    json: () => JSON.parse(text),
  };
}

export function snsEvent(message: string): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:textract-completions:sub',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:textract-completions',
          Subject: '',
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

export function scheduledEvent(): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString(),
    region: LOCAL_REGION,
    resources: ['arn:aws:events:us-east-1:123456789012:rule/evidence-daily'],
    detail: {},
  };
}

/**
 * The ObjectCreated events s3rver raised for `key` in `bucket`, as one notification (the stack
 * subscribes the ingest function to ObjectCreated only).
 */
export function s3EventFor(records: S3Event['Records'], bucket: string, key: string): S3Event {
  return { Records: records.filter((record) => record.s3.bucket.name === bucket && record.s3.object.key === key && record.eventName.startsWith('ObjectCreated:')) };
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
