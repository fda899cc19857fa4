import { LambdaClient } from '@aws-sdk/client-lambda';
import { handle } from 'hono/aws-lambda';
import { CognitoTokenVerifier } from '../adapters/cognito/cognito-token-verifier';
import { LambdaExtractionQueue } from '../adapters/lambda/lambda-extraction-queue';
import { HttpTimestamper } from '../adapters/tsa/http-timestamper';
import { awsBlobs, awsNotifier, awsTable, packetJobsByTableStream } from '../aws/adapters';
import { readAwsConfig } from '../aws/config';
import { loadAwsSeal } from '../aws/seal';
import { VERSION } from '../core/version';
import { createApp } from '../http/app';
import { systemClock } from '../ports/clock';

/**
 * Lambda entry point of the HTTP API (API Gateway HTTP API, payload v2): the same app as the
 * embedded service (DESIGN §2) on DynamoDB, S3, Cognito, the KMS seal key, SES / SNS, and the
 * extract function for extraction. No dev login, no upload receiver (clients send files straight
 * to S3), no outbox route. Everything below runs once per container.
 */
const config = readAwsConfig();
const table = awsTable(config);
const blobs = awsBlobs(config, systemClock);
// With the seal certificate issued: signing, handoff and packets (built by the packet function).
const { sealer, trustedRoots } = await loadAwsSeal(config);

/** Exported so tests can hand it a JWKS instead of fetching the pool's. */
export const tokens = new CognitoTokenVerifier({ userPoolId: config.userPoolId, clientId: config.userPoolClientId, profiles: table });

export const app = createApp({
  mode: 'aws',
  version: VERSION,
  table,
  blobs,
  clock: systemClock,
  tokens,
  limits: config,
  notifier: awsNotifier(config, table, systemClock),
  ...(config.extractFunctionName ? { extractionQueue: new LambdaExtractionQueue(new LambdaClient({}), config.extractFunctionName) } : {}),
  ...(sealer ? { sealer, packetJobs: packetJobsByTableStream } : {}),
  ...(config.timestampUrl ? { timestamper: new HttpTimestamper(config.timestampUrl) } : {}),
  trustedRoots,
  publicBaseUrl: config.publicBaseUrl,
});

export const handler = handle(app);
