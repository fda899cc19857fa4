import { join } from 'node:path';
import { SqliteTable } from '../functions/adapters/sqlite/sqlite-table';
import type { Debt } from '../functions/core/debt';
import type { TableWrite } from '../functions/ports/table';
import { DebtService } from '../functions/services/debts';
import { BookService } from '../functions/services/management/books';
import { IndicatorService } from '../functions/services/management/indicators';
import { paymentsBetween } from '../functions/services/management/payments';
import { ManagementReports } from '../functions/services/management/reports';
import { monthlyWorkbook } from '../functions/services/management/workbook';
import { debtItem, keys, paymentIndex } from '../functions/services/table-layout';
import { type Figure, wallMs } from './measure';

const DEBTS = 100_000;
const UNITS = 20;
const COLLECTORS = 50;
const clock = { now: () => new Date('2026-11-29T02:00:00.000Z') };

/**
 * The monthly statistics and the aging table by unit over {@link DEBTS} debts (0–3 payments each,
 * 20 units, 50 collectors) in the embedded SQLite table, through the services as the API calls
 * them. The baselines read the same debts (and, for the monthly report, the year's payments) and
 * compute nothing, so the difference is the reports' own cost. One run each (a run takes seconds).
 */
export async function benchManagementReports(dir: string): Promise<Figure[]> {
  const table = SqliteTable.open(join(dir, 'management.sqlite'));
  try {
    let payments = 0;
    for (let start = 0; start < DEBTS; start += 25) {
      const writes: TableWrite[] = [];
      for (let i = start; i < Math.min(DEBTS, start + 25); i++) {
        const id = `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        const count = i % 4;
        const debt: Debt = {
          id,
          version: 1,
          status: i % 17 === 0 ? 'closed' : 'open',
          debtor: { name: `债务人 ${i % 40_000}` },
          currency: 'CNY',
          principal: `${100_000 + (i % 9_000) * 37}.${String(i % 100).padStart(2, '0')}`,
          dueDate: `${2019 + (i % 8)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          assignees: { collector: `collector-${i % COLLECTORS}` },
          jurisdiction: 'CN',
          timeZone: 'Asia/Shanghai',
          paid: `${count * 1000}.00`,
          createdAt: '2026-01-01T00:00:00.000Z',
          createdBy: 'bench',
          updatedAt: '2026-01-01T00:00:00.000Z',
          unitId: `U${i % UNITS}`,
        };
        writes.push({ put: debtItem(debt) });
        for (let p = 0; p < count; p++) {
          const paymentId = `${id.slice(0, -2)}${p}${p}`;
          const date = `2026-${String(1 + ((i + p * 5) % 11)).padStart(2, '0')}-15`;
          writes.push({ put: { ...keys.payment(id, paymentId), id: paymentId, amount: '1000.00', date, ...paymentIndex(id, paymentId, date) } });
          payments++;
        }
      }
      await table.transact(writes);
    }
    const debts = new DebtService(table, clock);
    const indicators = new IndicatorService(table, clock);
    const reports = new ManagementReports(table, clock, debts, new BookService(table, clock, debts), indicators);
    const debtScan = await wallMs(async () => {
      for await (const _debt of debts.all());
    });
    const scan = debtScan + (await wallMs(() => paymentsBetween(table, '2026-01-01', '9999-12-31')));
    let rows = 0;
    const monthly = await wallMs(async () => {
      const stats = await reports.monthly('2026-11');
      rows = stats.units.length + stats.persons.length;
      await monthlyWorkbook(stats, 'zh-CN');
    });
    const aging = await wallMs(() => reports.aging());
    console.log(`management reports: ${DEBTS.toLocaleString('en-US')} debts, ${payments.toLocaleString('en-US')} payments, ${rows} monthly rows`);
    const perSecond = (ms: number) => Math.round(DEBTS / (ms / 1000));
    return [
      { name: `monthly statistics + XLSX, ${DEBTS / 1000}k debts`, value: perSecond(monthly), unit: 'debts/s', baseline: { name: 'reading the debts and payments only', value: perSecond(scan) } },
      { name: `aging by unit, ${DEBTS / 1000}k debts`, value: perSecond(aging), unit: 'debts/s', baseline: { name: 'reading the debts only', value: perSecond(debtScan) } },
    ];
  } finally {
    table.close();
  }
}
