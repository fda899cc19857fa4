import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ScheduledEvent } from 'aws-lambda';
import { LambdaExtractionQueue } from '../adapters/lambda/lambda-extraction-queue';
import { awsBlobs, awsNotifier, awsTable, log, packetJobsByTableStream } from '../aws/adapters';
import { sweepStuckPackets } from '../aws/packet-sweeper';
import { readAwsConfig } from '../aws/config';
import { loadAwsSeal } from '../aws/seal';
import { systemClock } from '../ports/clock';
import { takeCheckpoint } from '../services/checkpoint';
import { stalePendingExtractions } from '../services/extraction';
import { sendLimitationWarnings } from '../services/limitation-warnings';
import { PacketBuilder, PacketService } from '../services/packets';

const config = readAwsConfig();
const table = awsTable(config);
const blobs = awsBlobs(config, systemClock);
const { sealer, trustedRoots } = await loadAwsSeal(config);
const notifier = awsNotifier(config, table, systemClock);
const extractions = config.extractFunctionName ? new LambdaExtractionQueue(new LambdaClient({}), config.extractFunctionName) : undefined;
/**
 * An extraction still pending after this long was never handed over (Lambda accepts within
 * seconds, or keeps a throttled event and retries it); one still running was killed (the extract
 * function runs at most 15 minutes) or its Textract notice was lost.
 */
const STALE_AFTER_MS = 3_600_000;
const packets = new PacketService(table, blobs, systemClock, packetJobsByTableStream);
const builder = sealer ? new PacketBuilder({ table, blobs, clock: systemClock, sealer, trustedRoots }) : undefined;

/** The hourly sweep: stale extractions handed over again, packets stuck building failed. */
async function sweep(): Promise<{ requeued: number; packetsFailed: number }> {
  let requeued = 0;
  if (extractions) {
    for await (const job of stalePendingExtractions(table, new Date(systemClock.now().getTime() - STALE_AFTER_MS).toISOString(), { running: true })) {
      await extractions.enqueue(job);
      requeued++;
    }
    log('info', 'stale extractions handed over again', { requeued });
  }
  const packetsFailed = builder ? (await sweepStuckPackets({ packets, builder, clock: systemClock })).length : 0;
  return { requeued, packetsFailed };
}

/**
 * Lambda entry point of the daily EventBridge schedule: the audit checkpoint (a Merkle root over
 * every chain head, signed with the KMS seal key, stored as a retained blob and recorded), then the
 * limitation scan (warnings at 180 / 90 / 30 days, at most once each; the same scan embedded mode
 * runs on a timer), then the sweep (also run hourly): extractions left pending or running for an
 * hour are handed to the extract function again (embedded mode re-queues them at start), and
 * packets stuck building are failed. Each step runs even when the checkpoint fails;
 * the invocation fails afterwards so that the error alarm fires.
 */
export async function handler(
  event: ScheduledEvent | { task: 'sweep' },
): Promise<{ checkpoint?: { root: string; chains: number; sha256: string }; warnings?: { checked: number; warned: number }; requeued: number; packetsFailed: number }> {
  // The hourly rule (infra/lib/evidence-stack.ts) sends `{ task: 'sweep' }`.
  if ('task' in event && event.task === 'sweep') return sweep();
  let failure: unknown;
  let checkpoint;
  try {
    if (!sealer) throw new Error('no seal certificate: run `npm run kms:certificate` (README "Deploy on AWS")');
    const taken = await takeCheckpoint(table, blobs, systemClock, sealer);
    checkpoint = { root: taken.checkpoint.root, chains: taken.checkpoint.chains, sha256: taken.blob.sha256 };
    log('info', 'audit checkpoint taken', { ...checkpoint, schedule: 'resources' in event ? event.resources : undefined });
  } catch (error) {
    failure = error;
    log('error', 'audit checkpoint failed', { error: String((error as Error)?.stack ?? error) });
  }
  const warnings = await sendLimitationWarnings({ table, notifier, clock: systemClock, ...(config.legalTeamEmail ? { legalTeamEmail: config.legalTeamEmail } : {}) });
  log('info', 'limitation scan done', warnings);
  const swept = await sweep();
  if (failure) throw failure;
  return { ...(checkpoint ? { checkpoint } : {}), warnings, ...swept };
}
