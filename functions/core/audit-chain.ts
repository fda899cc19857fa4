import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Actor } from './roles';

/**
 * The per-debt audit chain (DESIGN §3). Each event commits to the previous one:
 * `hash = SHA-256(prevHash || JCS(event without hash))`, where `||` joins the previous hash's
 * 64 lowercase hex characters and the RFC 8785 canonical JSON as one UTF-8 string.
 */
export interface AuditEvent {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type UnsealedAuditEvent = Omit<AuditEvent, 'hash'>;

/** `prevHash` of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The head of a chain: its last sequence number and hash (seq 0 = empty chain). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * Hex SHA-256 of bytes or of a UTF-8 string.
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf…'
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * RFC 8785 canonical JSON of a value (maintained `canonicalize` library).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/**
 * Computes the hash of an event from its other fields.
 *
 * @example
 * const e = sealEvent({ seq: 1, at: '2026-11-29T00:00:00.000Z', actor: { id: 'u', role: 'finance' },
 *   action: 'debt.created', subject: 'debt/1', details: {}, prevHash: GENESIS_HASH });
 * eventHash(e) === e.hash // true
 */
export function eventHash(event: UnsealedAuditEvent | AuditEvent): string {
  const { hash: _ignored, ...unsealed } = event as AuditEvent;
  return sha256Hex(unsealed.prevHash + canonicalJson(unsealed));
}

/**
 * Adds the hash to an event. `details` are normalised through JSON first, so that what is hashed
 * is exactly what is stored and read back (no `undefined`, no class instances).
 */
export function sealEvent(event: UnsealedAuditEvent): AuditEvent {
  const normalised = JSON.parse(JSON.stringify(event)) as UnsealedAuditEvent;
  return { ...normalised, hash: eventHash(normalised) };
}

/** The event that would follow `head`. */
export function nextEvent(
  head: ChainHead,
  fields: Omit<UnsealedAuditEvent, 'seq' | 'prevHash'>,
): AuditEvent {
  return sealEvent({ seq: head.seq + 1, ...fields, prevHash: head.hash });
}

export interface ChainVerification {
  valid: boolean;
  length: number;
  head: ChainHead;
  firstInvalidSeq?: number;
  reason?: string;
}

/**
 * Checks a chain read in sequence order: contiguous sequence numbers from 1, each `prevHash`
 * equal to the previous hash, each hash recomputed, and the stored head equal to the last event.
 *
 * @example
 * verifyChain([], EMPTY_HEAD).valid // true
 */
export function verifyChain(events: readonly AuditEvent[], storedHead: ChainHead): ChainVerification {
  let previous: ChainHead = EMPTY_HEAD;
  for (const event of events) {
    const problem =
      event.seq !== previous.seq + 1
        ? `sequence ${event.seq} follows ${previous.seq}`
        : event.prevHash !== previous.hash
          ? `event ${event.seq} does not link to the hash of event ${previous.seq}`
          : eventHash(event) !== event.hash
            ? `event ${event.seq} does not match its hash`
            : undefined;
    if (problem) {
      return { valid: false, length: events.length, head: storedHead, firstInvalidSeq: previous.seq + 1, reason: problem };
    }
    previous = { seq: event.seq, hash: event.hash };
  }
  if (previous.seq !== storedHead.seq || previous.hash !== storedHead.hash) {
    return {
      valid: false,
      length: events.length,
      head: storedHead,
      firstInvalidSeq: Math.min(previous.seq, storedHead.seq) + 1,
      reason: `the stored head (seq ${storedHead.seq}) is not the last event (seq ${previous.seq})`,
    };
  }
  return { valid: true, length: events.length, head: storedHead };
}
