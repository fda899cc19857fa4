/**
 * Starts litigation packet builds (DESIGN §10: "built as a job, with a status"). The packet's
 * record (`PACKET#<id>`, status `building`) is written first, in the audit transaction that
 * requests it; the job then builds it and records `ready` or `failed`. Embedded: an in-process
 * queue with bounded concurrency, which re-queues `building` packets on start. AWS: the record's
 * insertion reaches the packet function through the table's stream, so `enqueue` has nothing to do.
 */
export interface PacketJob {
  debtId: string;
  packetId: string;
}

export interface PacketJobs {
  /** Asks for the packet to be built; returns at once. */
  enqueue(job: PacketJob): void;
}
