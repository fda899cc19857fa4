import { describe, expect, it } from 'vitest';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { SqliteTable } from '../adapters/sqlite/sqlite-table';
import { TestClock } from '../testing/harness';
import { verifyTrail } from './audit-trail';
import { DebtService } from './debts';
import { scanLimitations } from './limitation-watch';
import { seedUsers } from './users';

describe('scanLimitations', () => {
  it('warns at 180, 90 and 30 days left, once each, and not for a closed or far-off debt', async () => {
    // Prepare: due 2023-06-30, so the period ends 2026-06-30 (DESIGN §7)
    const table = SqliteTable.open(':memory:');
    await seedUsers(table);
    const clock = new TestClock(new Date('2025-11-01T04:00:00.000Z'));
    const debts = new DebtService(table, clock);
    const finance = { id: 'finance-1', role: 'finance' } as const;
    const input = { debtor: { name: '某某公司' }, currency: 'CNY', jurisdiction: 'CN', timeZone: 'Asia/Shanghai' } as const;
    const debt = await debts.create(finance, { ...input, dueDate: '2023-06-30', assignees: { collector: 'collector-1', legal: 'legal-1' } });
    const closed = await debts.create(finance, { ...input, dueDate: '2023-06-30', assignees: {} });
    await debts.patch(finance, closed.id, 1, { status: 'closed', closeReason: 'paid' });
    await debts.create(finance, { ...input, dueDate: '2024-06-30', assignees: {} });
    const outbox = new TableOutbox(table, clock);
    const thresholdsAt = async (instant: string) => {
      clock.set(instant);
      return (await scanLimitations(table, outbox, clock)).map((warning) => [warning.debtId, warning.threshold, warning.daysLeft]);
    };
    // Act
    const runs = [
      await thresholdsAt('2025-11-01T04:00:00.000Z'), // 241 days left
      await thresholdsAt('2026-01-01T04:00:00.000Z'), // 180
      await thresholdsAt('2026-01-02T04:00:00.000Z'), // 179: already warned
      await thresholdsAt('2026-04-01T04:00:00.000Z'), // 90
      await thresholdsAt('2026-06-01T04:00:00.000Z'), // 29
      await thresholdsAt('2026-06-20T04:00:00.000Z'), // 10: already warned
      await thresholdsAt('2026-07-01T04:00:00.000Z'), // expired
    ];
    // Assess
    expect(runs).toEqual([[], [[debt.id, 180, 180]], [], [[debt.id, 90, 90]], [[debt.id, 30, 29]], [], []]);
    const messages = (await outbox.list({ limit: 100 })).items;
    expect(messages).toHaveLength(6);
    expect(new Set(messages.map((message) => message.to.userId))).toEqual(new Set(['collector-1', 'legal-1']));
    expect(await verifyTrail(table, { rehash: async () => undefined } as never, debt.id)).toMatchObject({ valid: true, length: 4 });
    table.close();
  });
});
