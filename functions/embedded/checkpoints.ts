import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Sealer } from '../ports/sealer';
import type { Table } from '../ports/table';
import { takeCheckpoint } from '../services/checkpoint';
import { startPeriodic } from './periodic';

/** After the first limitation scan, so the two start-up tasks do not run at once. */
const FIRST_CHECKPOINT_DELAY_MS = 60_000;

/**
 * Embedded mode's audit checkpoint (DESIGN §3): a minute after start and then every
 * `intervalHours`, the heads of every chain are signed with the seal key ({@link takeCheckpoint}).
 * (In AWS the scheduled Lambda takes it daily.)
 *
 * @example
 * const checkpoints = startCheckpoints({ table, blobs, clock, sealer }, 24);
 * checkpoints.stop();
 */
export function startCheckpoints(deps: { table: Table; blobs: BlobStore; clock: Clock; sealer: Sealer }, intervalHours: number): { stop: () => void } {
  return startPeriodic('audit checkpoint', intervalHours, FIRST_CHECKPOINT_DELAY_MS, async () => {
    const { checkpoint, blob } = await takeCheckpoint(deps.table, deps.blobs, deps.clock, deps.sealer);
    return { root: checkpoint.root, chains: checkpoint.chains, sha256: blob.sha256 };
  });
}
