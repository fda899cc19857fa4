import { ConflictError, ValidationError } from '../core/errors';
import { type Table, TransactionConflictError } from '../ports/table';
import { keys } from './table-layout';

/** A response kept for replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** Body as base64 (responses to POSTs are small JSON documents). */
  body: string;
}

/** Keys live a day, long enough for any client's retries. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency records (`Idempotency-Key` on POST). `begin` claims the key atomically; a second
 * request with the same key gets the stored response once the first has finished, a conflict
 * while it is still running, and a validation error if its body differs.
 */
export class IdempotencyStore {
  constructor(
    private readonly table: Table,
    private readonly now: () => Date,
  ) {}

  /**
   * Claims `key` for a request with this fingerprint. Returns a stored response to replay, or
   * undefined when the caller should go on and later call `finish` or `abandon`.
   */
  async begin(scope: string, key: string, fingerprint: string): Promise<StoredResponse | undefined> {
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters', [{ path: 'Idempotency-Key', message: 'invalid' }]);
    }
    const itemKey = keys.idempotency(scope, key);
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const claim = { ...itemKey, state: 'in_progress', fingerprint, expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS };
    const existing = await this.table.get(itemKey);
    const expired = existing && (existing.expiresAt as number) < nowSeconds;
    try {
      await this.table.transact([
        { put: claim, condition: expired ? { attribute: 'expiresAt', equals: existing.expiresAt as number } : { absent: true } },
      ]);
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionConflictError)) throw error;
    }
    const current = await this.table.get(itemKey);
    if (!current) throw new ConflictError('a request with this Idempotency-Key was just abandoned; retry it');
    if (current.fingerprint !== fingerprint) {
      throw new ValidationError('this Idempotency-Key was used for a different request', [{ path: 'Idempotency-Key', message: 'reused with another body or route' }]);
    }
    if (current.state !== 'done') throw new ConflictError('a request with this Idempotency-Key is still being processed');
    return current.response as StoredResponse;
  }

  /** Keeps the response for replay. */
  async finish(scope: string, key: string, response: StoredResponse): Promise<void> {
    const itemKey = keys.idempotency(scope, key);
    const current = await this.table.get(itemKey);
    if (!current) return;
    await this.table.transact([{ put: { ...current, state: 'done', response }, condition: { attribute: 'state', equals: 'in_progress' } }]);
  }

  /** Releases the key after a failure that changed nothing, so the client may retry. */
  async abandon(scope: string, key: string): Promise<void> {
    await this.table.transact([{ delete: keys.idempotency(scope, key), condition: { attribute: 'state', equals: 'in_progress' } }]).catch(() => undefined);
  }
}
