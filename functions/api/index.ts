import { handle } from 'hono/aws-lambda';
import { CognitoTokenVerifier } from '../adapters/cognito/cognito-token-verifier';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { fromPem } from '../adapters/local-seal/certificates';
import { awsBlobs, awsSealer, awsTable, packetJobsByTableStream } from '../aws/adapters';
import { readAwsConfig } from '../aws/config';
import { VERSION } from '../core/version';
import { createApp } from '../http/app';
import { systemClock } from '../ports/clock';

/**
 * Lambda entry point of the HTTP API (API Gateway HTTP API, payload v2): the same app as the
 * embedded service (DESIGN §2) on DynamoDB, S3 and Cognito. No dev login, no upload receiver
 * (clients send files straight to S3), no outbox route. Everything below runs once per container.
 */
const config = readAwsConfig();
const table = awsTable(config);
const blobs = awsBlobs(config, systemClock);
// With a seal configured: signing, handoff and packets (built by the packet function).
const sealer = await awsSealer(config);

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
  // Messages are kept in the table; delivery by SES / SNS is not built yet (README "Status").
  notifier: new TableOutbox(table, systemClock),
  ...(sealer && config.seal ? { sealer, trustedRoots: fromPem(config.seal.certificateChainPem).slice(-1), packetJobs: packetJobsByTableStream } : {}),
});

export const handler = handle(app);
