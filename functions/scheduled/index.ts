import { KMSClient } from '@aws-sdk/client-kms';
import type { ScheduledEvent } from 'aws-lambda';
import { KmsCheckpointSigner } from '../adapters/kms/kms-checkpoint-signer';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { awsBlobs, awsTable, log } from '../aws/adapters';
import { readAwsConfig } from '../aws/config';
import type { CheckpointSigner } from '../ports/checkpoint-signer';
import { systemClock } from '../ports/clock';
import { takeCheckpoint } from '../services/checkpoint';
import { scanLimitations } from '../services/limitation-watch';

const config = readAwsConfig();
const table = awsTable(config);
const blobs = awsBlobs(config, systemClock);
/** Exported so tests can sign with a local key; the signing issue replaces it with the Sealer. */
export const signers: { checkpoint: CheckpointSigner } = { checkpoint: new KmsCheckpointSigner(new KMSClient({}), config.checkpointKeyId) };
// Messages are kept in the table; delivery by SES / SNS is not built yet (README "Status").
const notifier = new TableOutbox(table, systemClock);

/**
 * Lambda entry point of the daily EventBridge schedule: the signed audit checkpoint (a Merkle
 * root over every chain head, signed by KMS, stored as a retained blob and recorded), then the
 * limitation scan (warnings at 180 / 90 / 30 days, at most once each). The scan runs even when
 * the checkpoint fails; the invocation fails afterwards so that the error alarm fires.
 */
export async function handler(event: ScheduledEvent): Promise<{ checkpoint?: { root: string; chains: number; sha256: string }; warnings: number }> {
  let failure: unknown;
  let checkpoint;
  try {
    const taken = await takeCheckpoint(table, blobs, systemClock, signers.checkpoint);
    checkpoint = { root: taken.checkpoint.root, chains: taken.checkpoint.chains, sha256: taken.blob.sha256 };
    log('info', 'audit checkpoint taken', { ...checkpoint, schedule: event.resources });
  } catch (error) {
    failure = error;
    log('error', 'audit checkpoint failed', { error: String((error as Error)?.stack ?? error) });
  }
  const warnings = await scanLimitations(table, notifier, systemClock, config.legalTeamEmail ? { legalTeamEmail: config.legalTeamEmail } : {});
  log('info', 'limitation scan done', { warnings: warnings.length });
  if (failure) throw failure;
  return { ...(checkpoint ? { checkpoint } : {}), warnings: warnings.length };
}
