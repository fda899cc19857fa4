import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { log } from '../aws/adapters';
import { AUDIT_TAMPER_MESSAGE, AuditMirror } from '../aws/audit-mirror';
import { readAwsConfig } from '../aws/config';

const config = readAwsConfig();
const mirror = new AuditMirror({
  client: new S3Client({ forcePathStyle: config.s3ForcePathStyle, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  bucket: config.evidenceBucket,
  retentionDays: config.retentionDays,
});

/**
 * Lambda entry point of the WORM mirror: the table's stream delivers every change of an audit
 * event (the stack's filter passes `EVT#` items only) and each is copied into the Object Lock
 * bucket ({@link AuditMirror}). A changed or removed event is logged as `audit event changed in
 * the table`, which the tampering alarm counts. A record that could not be written fails alone,
 * so the stream retries it and the records after it wait (the mirror stays in order).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const outcome = await mirror.mirror(record);
      if (outcome.status === 'tampered') log('error', AUDIT_TAMPER_MESSAGE, { ...outcome, eventName: record.eventName });
    } catch (error) {
      log('error', 'audit event could not be mirrored', { sequenceNumber: record.dynamodb?.SequenceNumber, error: String((error as Error)?.stack ?? error) });
      // The first failure stops the batch: Lambda retries from it, keeping the order.
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber as string });
      break;
    }
  }
  return { batchItemFailures };
}
