import type { Clock } from '../ports/clock';
import type { PacketBuilder, PacketService } from '../services/packets';
import { log } from './adapters';

/** The log message the stuck-packet alarm counts (infra/lib/evidence-stack.ts). */
export const STUCK_PACKET_MESSAGE = 'packet stuck building marked failed';
/**
 * A packet still building this long after it was requested will not be finished: the packet
 * function runs at most 15 minutes, three times (the stream's two retries), plus stream delays.
 */
export const PACKET_STUCK_AFTER_MS = 2 * 3_600_000;

/**
 * The sweeper of packets left `building` (the packet function was killed for memory or time and
 * the stream gave up on it): each one requested more than {@link PACKET_STUCK_AFTER_MS} ago is
 * recorded `failed` in its audit chain, so the user sees it and can ask again, and a log line
 * raises the stuck-packet alarm. Returns the packets it failed.
 *
 * @example
 * const failed = await sweepStuckPackets({ packets, builder, clock: systemClock });
 */
export async function sweepStuckPackets(deps: { packets: PacketService; builder: PacketBuilder; clock: Clock }): Promise<{ debtId: string; packetId: string }[]> {
  const requestedBefore = new Date(deps.clock.now().getTime() - PACKET_STUCK_AFTER_MS).toISOString();
  const reason = `the build did not finish within ${PACKET_STUCK_AFTER_MS / 3_600_000} hours (the packet function failed; see its failure queue); request the packet again`;
  const failed: { debtId: string; packetId: string }[] = [];
  for await (const job of deps.packets.building()) {
    const packet = await deps.builder.abandon(job, requestedBefore, reason);
    if (packet?.status !== 'failed') continue;
    log('warn', STUCK_PACKET_MESSAGE, { ...job });
    failed.push(job);
  }
  return failed;
}
