import { afterEach, describe, expect, it, vi } from 'vitest';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { type Harness, startHarness } from '../testing/harness';
import { sendLimitationWarnings } from './limitation-warnings';

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.dispose();
  h = undefined;
});

async function outbox(harness: Harness) {
  return (await (await harness.as('admin-1').get('/v1/dev/outbox?limit=500')).json()).items as Array<Record<string, any>>;
}

describe('limitation warnings (daily scan)', () => {
  it('warns the collector and legal owner once per threshold, and again for a new last day', async () => {
    // Prepare: today 2026-11-29; last days 2027-01-31 (63 days), 2027-06-30 (213 days), and one already past.
    h = await startHarness();
    const soon = await h.createDebt({ dueDate: '2024-01-31', assignees: { collector: 'collector-1', legal: 'legal-1' } });
    const june = await h.createDebt({ dueDate: '2024-06-30', assignees: { collector: 'collector-2' } });
    await h.createDebt({ dueDate: '2023-01-31' });
    const deps = { table: h.table, notifier: new TableOutbox(h.table, h.clock), clock: h.clock };
    // Act
    const first = await sendLimitationWarnings(deps);
    const second = await sendLimitationWarnings(deps);
    h.clock.set('2027-01-01T02:00:00.000Z'); // 30 days left, and the June debt 180
    const third = await sendLimitationWarnings(deps);
    // Assess
    expect(first).toEqual({ checked: 1, warned: 1 });
    expect(second).toEqual({ checked: 1, warned: 0 });
    expect(third).toEqual({ checked: 2, warned: 2 });
    const messages = (await outbox(h)).reverse();
    expect(messages.map((m) => [m.kind, m.debtId, m.to.userId])).toEqual([
      ['limitation.warning', soon.id, 'collector-1'],
      ['limitation.warning', soon.id, 'legal-1'],
      ['limitation.warning', soon.id, 'collector-1'],
      ['limitation.warning', soon.id, 'legal-1'],
      ['limitation.warning', june.id, 'collector-2'],
    ]);
    expect(messages[0]?.subject).toMatch(/63 days left .*last day 2027-01-31/);
    expect(messages[2]?.subject).toMatch(/30 days left/);
    const audit = (await (await h.as('auditor-1').get(`/v1/debts/${soon.id}/audit`)).json()).items;
    const warnings = audit.filter((e: { action: string }) => e.action === 'limitation.warning_sent');
    expect(warnings.map((e: any) => [e.actor, e.details.thresholds])).toEqual([
      [{ id: 'limitation-watch', role: 'system' }, [90, 180]],
      [{ id: 'limitation-watch', role: 'system' }, [30]],
    ]);
    expect((await (await h.as('auditor-1').get(`/v1/debts/${soon.id}/audit/verify`)).json()).valid).toBe(true);
  });

  it('warns at 180, 90 and 30 days one threshold at a time, never for a closed debt or after the last day', async () => {
    // Prepare: due 2023-06-30, so the period ends 2026-06-30; the same debt closed as paid.
    h = await startHarness();
    h.clock.set('2025-11-01T04:00:00.000Z');
    const debt = await h.createDebt({ dueDate: '2023-06-30', assignees: { collector: 'collector-1', legal: 'legal-1' } });
    const closed = await h.createDebt({ dueDate: '2023-06-30' });
    expect((await h.as('finance-1').patch(`/v1/debts/${closed.id}`, { status: 'closed', closeReason: 'paid' }, { 'if-match': String(closed.version) })).status).toBe(200);
    const deps = { table: h.table, notifier: new TableOutbox(h.table, h.clock), clock: h.clock };
    const thresholdsAt = async (instant: string) => {
      h?.clock.set(instant);
      const before = (await outbox(h as Harness)).length;
      await sendLimitationWarnings(deps);
      const after = await outbox(h as Harness);
      // Newest first: the messages of this run lead.
      return after.slice(0, after.length - before).map((m) => [m.debtId, /(\d+) days left/.exec(m.subject)?.[1]]);
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
    // Assess: one message to each of the two assignees per threshold crossed
    const twice = (days: string) => [[debt.id, days], [debt.id, days]];
    expect(runs).toEqual([[], twice('180'), [], twice('90'), twice('29'), [], []]);
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debt.id}/audit/verify`)).json()).valid).toBe(true);
  });

  it('runs in embedded mode on a timer through the outbox', async () => {
    // Prepare: fake timers before the app starts, so its timers are fake too.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    h = await startHarness({ EVIDENCE_LIMITATION_SCAN_HOURS: '24' });
    const debt = await h.createDebt({ dueDate: '2024-01-31' });
    // Act: the first scan runs 10 s after start, the next a day later.
    await vi.advanceTimersByTimeAsync(10_000);
    const afterFirst = await outbox(h);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    const afterSecond = await outbox(h);
    // Assess
    expect(afterFirst.map((m) => [m.kind, m.debtId, m.to.userId])).toEqual([['limitation.warning', debt.id, 'collector-1']]);
    expect(afterSecond).toHaveLength(1);
  });
});
