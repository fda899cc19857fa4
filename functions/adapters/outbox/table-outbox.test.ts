import { notifierContract } from '../../ports/notifier.contract';
import { TestClock } from '../../testing/harness';
import { SqliteTable } from '../sqlite/sqlite-table';
import { TableOutbox } from './table-outbox';

notifierContract('TableOutbox (SQLite)', async () => {
  const table = SqliteTable.open(':memory:');
  const clock = new TestClock();
  const outbox = new TableOutbox(table, clock);
  return {
    notifier: outbox,
    clock,
    // The outbox keeps the message for its recipient; what an admin reads at GET /v1/dev/outbox.
    delivered: async () => (await outbox.list({ limit: 500 })).items.reverse().map((message) => ({ to: message.to, subject: message.subject, text: message.text })),
    dispose: async () => table.close(),
  };
});
