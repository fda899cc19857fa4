import { ContentionError } from '../core/errors';
import { type AuditEvent, type ChainHead, EMPTY_HEAD, nextEvent, verifyChain, type ChainVerification } from '../core/audit-chain';
import type { Actor } from '../core/roles';
import type { Clock } from '../ports/clock';
import { type Table, type TableWrite, TransactionConflictError } from '../ports/table';
import type { BlobStore } from '../ports/blob-store';
import { chainKeys, debtPartition, KIND_DEBT, keys, SK_PREFIX, withoutKeys } from './table-layout';

/** What a change to a debt writes, besides its audit event. */
export interface RecordedChange<T> {
  action: string;
  subject: string;
  details: Record<string, unknown>;
  writes: TableWrite[];
  result: T;
}

const MAX_ATTEMPTS = 64;

/**
 * Appends an audit event together with the state change it records, in one transaction:
 * compare-and-set on the chain head, put-if-absent of the event, plus the change's own
 * conditional writes (DESIGN §3). `prepare` reads the current state and is called again after a
 * lost race, so every precondition is re-checked against what won; it throws a domain error when
 * the change is no longer allowed.
 *
 * @example
 * await recordChange(table, clock, debtId, actor, async () => ({
 *   action: 'document.read', subject: `document/${id}`, details: { sha256 }, writes: [], result: undefined,
 * }));
 */
export async function recordChange<T>(
  table: Table,
  clock: Clock,
  debtId: string,
  actor: Actor,
  prepare: () => Promise<RecordedChange<T>>,
): Promise<{ event: AuditEvent; result: T }> {
  return appendToChain(table, clock, debtPartition(debtId), actor, prepare);
}

/**
 * {@link recordChange} on any chain partition: a debt's (`DEBT#<id>`) or a system chain such as
 * `SYSTEM#accounts`, which keeps the same `HEAD` and `EVT#<seq>` items and verifies the same way.
 *
 * @example
 * await appendToChain(table, clock, ACCOUNTS_CHAIN, { id: 'admin-1', role: 'admin' }, async () => ({
 *   action: 'account.disabled', subject: 'user/u1', details: {}, writes: [], result: undefined,
 * }));
 */
export async function appendToChain<T>(
  table: Table,
  clock: Clock,
  partition: string,
  actor: Actor,
  prepare: () => Promise<RecordedChange<T>>,
): Promise<{ event: AuditEvent; result: T }> {
  for (let attempt = 1; ; attempt++) {
    const head = await readChainHead(table, partition);
    const change = await prepare();
    const event = nextEvent(head, {
      at: clock.now().toISOString(),
      actor,
      action: change.action,
      subject: change.subject,
      details: change.details,
    });
    const headKey = chainKeys.head(partition);
    try {
      await table.transact([
        ...change.writes,
        {
          put: { ...headKey, seq: event.seq, hash: event.hash },
          condition: head.seq === 0 ? { absent: true } : { attribute: 'seq', equals: head.seq },
        },
        { put: { ...chainKeys.event(partition, event.seq), ...event }, condition: { absent: true } },
      ]);
      return { event, result: change.result };
    } catch (error) {
      if (!(error instanceof TransactionConflictError)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new ContentionError('too many concurrent changes to this chain; try again');
      // Back off a little, with jitter, so racing writers spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}

/** The head of a debt's chain (seq 0 when it has none). */
export async function readHead(table: Table, debtId: string): Promise<ChainHead> {
  return readChainHead(table, debtPartition(debtId));
}

/** The head of any chain partition (seq 0 when it has none). */
export async function readChainHead(table: Table, partition: string): Promise<ChainHead> {
  const item = await table.get(chainKeys.head(partition));
  return item ? { seq: item.seq as number, hash: item.hash as string } : EMPTY_HEAD;
}

/** One page of any chain's events, oldest first. */
export async function listChainEvents(table: Table, partition: string, page: { limit: number; cursor?: string }): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
  const result = await table.query(partition, { beginsWith: SK_PREFIX.event, ...page });
  return { items: result.items.map((item) => withoutKeys<AuditEvent>(item)), ...(result.cursor ? { nextCursor: result.cursor } : {}) };
}

/**
 * Recomputes every hash of a chain partition and compares the stored head (a system chain has
 * no blobs; a debt's trail is checked by {@link verifyTrail}).
 */
export async function verifyChainPartition(table: Table, partition: string): Promise<ChainVerification> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await listChainEvents(table, partition, { limit: 1000, ...(cursor ? { cursor } : {}) });
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return verifyChain(events, await readChainHead(table, partition));
}

/** One page of a debt's events, oldest first. */
export async function listEvents(
  table: Table,
  debtId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
  return listChainEvents(table, debtPartition(debtId), page);
}

/** Every event of a debt, oldest first. */
export async function* allEvents(table: Table, debtId: string): AsyncGenerator<AuditEvent> {
  let cursor: string | undefined;
  do {
    const page = await listEvents(table, debtId, { limit: 1000, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

export interface TrailVerification extends ChainVerification {
  blobs: { checked: number; mismatched: Array<{ documentId: string; sha256: string; actual: string | null }> };
}

/**
 * Verifies a debt's chain and re-hashes every blob its documents point at.
 */
export async function verifyTrail(table: Table, blobs: BlobStore, debtId: string): Promise<TrailVerification> {
  const events: AuditEvent[] = [];
  for await (const event of allEvents(table, debtId)) events.push(event);
  const chain = verifyChain(events, await readHead(table, debtId));
  const mismatched: TrailVerification['blobs']['mismatched'] = [];
  let checked = 0;
  let cursor: string | undefined;
  do {
    const page = await table.query(keys.debt(debtId).pk, { beginsWith: SK_PREFIX.document, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const sha256 = item.sha256 as string;
      const actual = await blobs.rehash(sha256);
      checked++;
      if (actual !== sha256) mismatched.push({ documentId: item.id as string, sha256, actual: actual ?? null });
    }
    cursor = page.cursor;
  } while (cursor);
  return { ...chain, valid: chain.valid && mismatched.length === 0, blobs: { checked, mismatched } };
}

/**
 * Every chain as JSON Lines: each event (`{"kind":"event","debtId",…}`, optionally only those at
 * or after `since`), then the chain's head (`{"kind":"head","debtId","seq","hash"}`).
 */
export async function* exportChains(table: Table, since?: string): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    const page = await table.queryIndex('byKind', KIND_DEBT, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const debt of page.items) {
      const debtId = debt.id as string;
      for await (const event of allEvents(table, debtId)) {
        if (!since || event.at >= since) yield `${JSON.stringify({ kind: 'event', debtId, ...event })}\n`;
      }
      yield `${JSON.stringify({ kind: 'head', debtId, ...(await readHead(table, debtId)) })}\n`;
    }
    cursor = page.cursor;
  } while (cursor);
}
