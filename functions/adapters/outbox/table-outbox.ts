import { newId } from '../../core/ids';
import type { Clock } from '../../ports/clock';
import type { Notification, Notifier, OutboxReader, SentNotification } from '../../ports/notifier';
import type { Table } from '../../ports/table';

const PARTITION = 'OUTBOX';

/**
 * Embedded Notifier: "sends" by keeping the message in the table (partition `OUTBOX`, newest
 * last) and logging one line without the message text, since it may hold a one-time code.
 *
 * @example
 * const outbox = new TableOutbox(table, systemClock);
 * await outbox.send({ kind: 'signing.otp', to: { name: 'Li Lei' }, subject: 'Code', text: '123456' });
 */
export class TableOutbox implements Notifier, OutboxReader {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async send(notification: Notification): Promise<SentNotification> {
    const sent: SentNotification = { ...notification, id: newId(), sentAt: this.clock.now().toISOString() };
    await this.table.transact([{ put: { pk: PARTITION, sk: sent.id, ...sent }, condition: { absent: true } }]);
    console.log(JSON.stringify({ level: 'info', message: 'notification sent to outbox', id: sent.id, kind: sent.kind, debtId: sent.debtId }));
    return sent;
  }

  /** Messages, newest first. */
  async list(page: { limit: number; cursor?: string }): Promise<{ items: SentNotification[]; nextCursor?: string }> {
    const result = await this.table.query(PARTITION, { ...page, descending: true });
    const items = result.items.map(({ pk: _pk, sk: _sk, ...message }) => message as unknown as SentNotification);
    return { items, ...(result.cursor ? { nextCursor: result.cursor } : {}) };
  }
}
