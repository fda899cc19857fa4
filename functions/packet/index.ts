import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { awsBlobs, awsTable, log } from '../aws/adapters';
import { readAwsConfig } from '../aws/config';
import { type AwsSeal, loadAwsSeal } from '../aws/seal';
import { systemClock } from '../ports/clock';
import { PacketBuilder } from '../services/packets';

const config = readAwsConfig();
const table = awsTable(config);
const blobs = awsBlobs(config, systemClock);
/** The KMS seal key and the roots its packets are verified against (as the API's). */
export const seal: AwsSeal = await loadAwsSeal(config);
let builder: PacketBuilder | undefined;

/**
 * Lambda entry point of litigation packet builds (DESIGN §10): the table's stream delivers each
 * new `PACKET#` record (the stack's filter lets only those inserts through), and the packet is
 * built, sealed, zipped into the evidence bucket and recorded `ready` or `failed` by
 * {@link PacketBuilder}. A build failure is recorded on the packet, not thrown; anything else
 * (the table unreachable) fails that record only, so the stream retries it, and a packet built
 * meanwhile is left as it is.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage && unmarshall(record.dynamodb.NewImage as never);
    if (record.eventName !== 'INSERT' || !image || !String(image.sk).startsWith('PACKET#') || image.status !== 'building') continue;
    const job = { debtId: image.debtId as string, packetId: image.id as string };
    try {
      if (!seal.sealer) throw new Error('no seal certificate: run `npm run kms:certificate` (README "Deploy on AWS")');
      builder ??= new PacketBuilder({ table, blobs, clock: systemClock, sealer: seal.sealer, trustedRoots: seal.trustedRoots });
      const packet = await builder.build(job);
      log(packet?.status === 'failed' ? 'warn' : 'info', `packet ${packet?.status ?? 'not found'}`, { ...job, ...(packet?.error ? { error: packet.error } : {}) });
    } catch (error) {
      log('error', 'packet build could not run', { ...job, error: String((error as Error)?.stack ?? error) });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber as string });
    }
  }
  return { batchItemFailures };
}
