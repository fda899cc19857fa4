import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbTable } from '../adapters/dynamodb/dynamodb-table';
import { S3BlobStore } from '../adapters/s3/s3-blob-store';
import type { Clock } from '../ports/clock';
import type { AwsConfig } from './config';

/**
 * The table and blob store of the AWS functions. Each entry point calls this once at module
 * scope, so SDK clients and their connections live as long as the Lambda container.
 *
 * @example
 * const { table, blobs } = awsAdapters(readAwsConfig(), systemClock);
 */
export function awsAdapters(config: AwsConfig, clock: Clock): { table: DynamoDbTable; blobs: S3BlobStore } {
  const table = new DynamoDbTable(new DynamoDBClient({}), config.tableName);
  const s3 = new S3Client({
    forcePathStyle: config.s3ForcePathStyle,
    // Checksums only where S3 requires them; the adapter sends its own SHA-256 on puts.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const blobs = new S3BlobStore({
    client: s3,
    evidenceBucket: config.evidenceBucket,
    quarantineBucket: config.quarantineBucket,
    retentionDays: config.retentionDays,
    now: () => clock.now(),
  });
  return { table, blobs };
}

/** One JSON log line (CloudWatch Logs Insights reads the fields). */
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}
