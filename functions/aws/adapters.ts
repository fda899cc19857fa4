import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbTable } from '../adapters/dynamodb/dynamodb-table';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { S3BlobStore } from '../adapters/s3/s3-blob-store';
import { SesSnsNotifier } from '../adapters/ses-sns/ses-sns-notifier';
import type { PacketJobs } from '../ports/packet-jobs';
import type { Clock } from '../ports/clock';
import type { Notifier } from '../ports/notifier';
import type { Table } from '../ports/table';
import type { AwsConfig } from './config';

/**
 * The table of the AWS functions. Entry points call this once at module scope, so SDK clients
 * and their connections live as long as the Lambda container.
 *
 * @example
 * const table = awsTable(readAwsConfig());
 */
export function awsTable(config: AwsConfig): DynamoDbTable {
  return new DynamoDbTable(new DynamoDBClient({}), config.tableName);
}

/**
 * The blob store of the AWS functions (evidence and quarantine buckets), created once per
 * container like {@link awsTable}.
 *
 * @example
 * const blobs = awsBlobs(readAwsConfig(), systemClock);
 */
export function awsBlobs(config: AwsConfig, clock: Clock): S3BlobStore {
  const s3 = new S3Client({
    forcePathStyle: config.s3ForcePathStyle,
    // Checksums only where S3 requires them; the adapter sends its own SHA-256 on puts.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3BlobStore({
    client: s3,
    evidenceBucket: config.evidenceBucket,
    quarantineBucket: config.quarantineBucket,
    retentionDays: config.retentionDays,
    now: () => clock.now(),
  });
}

/**
 * The Notifier of the AWS functions: SES (e-mail) and SNS (SMS) once a sender identity is
 * configured (`EVIDENCE_EMAIL_FROM`); until then messages are kept in the table outbox.
 *
 * @example
 * const notifier = awsNotifier(config, table, systemClock);
 */
export function awsNotifier(config: AwsConfig, table: Table, clock: Clock): Notifier {
  if (!config.emailFrom) return new TableOutbox(table, clock);
  return new SesSnsNotifier({ ses: new SESv2Client({}), sns: new SNSClient({}), from: config.emailFrom, clock });
}

/**
 * Packet jobs on AWS: the packet record written in the request's transaction reaches the packet
 * function through the table's stream (functions/packet), so there is nothing to send here.
 */
export const packetJobsByTableStream: PacketJobs = { enqueue: () => undefined };

/** One JSON log line (CloudWatch Logs Insights reads the fields). */
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}
