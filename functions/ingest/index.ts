import type { S3Event } from 'aws-lambda';
import { awsBlobs, awsTable, log } from '../aws/adapters';
import { readAwsConfig } from '../aws/config';
import { systemClock } from '../ports/clock';
import { type IngestOutcome, ingestStagedUpload } from '../services/upload-ingest';

const config = readAwsConfig();
const table = awsTable(config);
const blobs = awsBlobs(config, systemClock);

/**
 * Lambda entry point for S3 `ObjectCreated` events of the quarantine bucket: each new object is
 * an upload (key = upload id) checked against its session and, if it is what was declared, moved
 * into the evidence bucket ({@link ingestStagedUpload}). A refused upload is logged and left in
 * quarantine (its lifecycle rule expires it); an unexpected error fails the invocation so that
 * Lambda retries it and the error alarm sees it.
 */
export async function handler(event: S3Event): Promise<{ outcomes: IngestOutcome[] }> {
  const outcomes: IngestOutcome[] = [];
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    // Keys arrive URL-encoded, with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    if (bucket !== config.quarantineBucket || !record.eventName.startsWith('ObjectCreated:')) {
      outcomes.push({ status: 'skipped', uploadId: key, reason: `not an upload: ${record.eventName} on ${bucket}` });
      continue;
    }
    const outcome = await ingestStagedUpload(table, blobs, systemClock, key);
    log(outcome.status === 'rejected' ? 'warn' : 'info', `upload ${outcome.status}`, { ...outcome });
    outcomes.push(outcome);
  }
  return { outcomes };
}
