import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbTable } from '../adapters/dynamodb/dynamodb-table';
import { S3BlobStore } from '../adapters/s3/s3-blob-store';
import { KmsSealer } from '../adapters/kms/kms-sealer';
import { fromPem } from '../adapters/local-seal/certificates';
import type { Sealer } from '../ports/sealer';
import type { PacketJobs } from '../ports/packet-jobs';
import type { Clock } from '../ports/clock';
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
 * The KMS sealer when the seal is configured (checked against the key's public key once per
 * container), else undefined.
 *
 * @example
 * const sealer = await awsSealer(readAwsConfig());
 */
export async function awsSealer(config: AwsConfig): Promise<Sealer | undefined> {
  if (!config.seal) return undefined;
  return KmsSealer.create({ client: new KMSClient({}), keyId: config.seal.keyId, certificateChain: fromPem(config.seal.certificateChainPem) });
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
