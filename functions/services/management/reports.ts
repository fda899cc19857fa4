import type { Debt } from '../../core/debt';
import { ForbiddenError } from '../../core/errors';
import type { LegalDate } from '../../core/legal-date';
import type { YearBandId } from '../../core/management/age';
import { type AgedDebt, agedDebt, type AgingCell, agingByUnit } from '../../core/management/aging-by-unit';
import { type CommissionDebt, type CommissionStatement, commissionStatement, type StatementBook } from '../../core/management/commissions';
import { type KeyObject, keyObject, type KeyObjectFilter, matchesKeyObjectFilter } from '../../core/management/key-objects';
import { type MonthlyStatistics, monthlyStatistics } from '../../core/management/monthly';
import { limitationStartDate } from '../../core/debt';
import { type Principal, ROLES_SEEING_ALL_DEBTS } from '../../core/roles';
import type { Clock } from '../../ports/clock';
import type { Table } from '../../ports/table';
import type { DebtService } from '../debts';
import type { ReadinessService } from '../readiness';
import type { BookService } from './books';
import type { IndicatorService } from './indicators';
import { paymentsBetween } from './payments';
import { commissionRates } from './settings';

/**
 * The management reports of the measures: aging by unit (Art. 5), monthly statistics (work plan (3)),
 * commission statements (Art. 6–7) and key collection objects (work plan (4)).
 */
export class ManagementReports {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly debts: DebtService,
    private readonly books: BookService,
    private readonly indicators: IndicatorService,
    private readonly readiness?: ReadinessService,
  ) {}

  /** The aging table by unit and year band. */
  async aging(): Promise<{ asOf: string; cells: AgingCell[] }> {
    const asOf = this.clock.now();
    return { asOf: asOf.toISOString(), cells: agingByUnit(await this.allDebts(), asOf) };
  }

  /** The debts behind one cell of the aging table (any criterion left out matches all). */
  async agingDetails(filter: { unitId?: string; band?: YearBandId; currency?: string }): Promise<{ asOf: string; items: AgedDebt[] }> {
    const asOf = this.clock.now();
    const items: AgedDebt[] = [];
    for (const debt of await this.allDebts()) {
      const aged = agedDebt(debt, asOf);
      if (!aged) continue;
      if ((filter.unitId && aged.unitId !== filter.unitId) || (filter.band && aged.band !== filter.band) || (filter.currency && aged.currency !== filter.currency)) continue;
      items.push(aged);
    }
    items.sort((a, b) => (b.ageYears ?? -1) - (a.ageYears ?? -1) || a.debtId.localeCompare(b.debtId));
    return { asOf: asOf.toISOString(), items };
  }

  /** Monthly statistics for `month` (YYYY-MM) per unit and per collector. */
  async monthly(month: string): Promise<MonthlyStatistics> {
    const year = Number(month.slice(0, 4));
    const [debts, payments, indicators] = await Promise.all([this.allDebts(), paymentsBetween(this.table, `${year}-01-01`, '9999-12-31'), this.indicators.ofYear(year)]);
    return monthlyStatistics(month, debts, payments, indicators);
  }

  /** The commission statement of `person` for payments dated `from`–`to`; collectors only see their own. */
  async commissions(user: Principal, person: string, from: LegalDate, to: LegalDate): Promise<CommissionStatement & { rates: Awaited<ReturnType<typeof commissionRates>> }> {
    if (!user.roles.some((role) => ROLES_SEEING_ALL_DEBTS.includes(role)) && person !== user.id) throw new ForbiddenError('collectors see their own commission statements only');
    const rates = await commissionRates(this.table);
    const books: StatementBook[] = [];
    const debts = new Map<string, CommissionDebt>();
    for (const book of (await this.books.all()).filter((b) => b.responsibleId === person && b.periodStart <= to && b.deadline >= from)) {
      const covered = await this.books.coveredDebts(book);
      const view = await this.books.view(book);
      books.push({ book, progress: view.progress, debtIds: new Set(covered.map((d) => d.id)) });
      for (const debt of covered) debts.set(debt.id, commissionDebt(debt));
    }
    const payments = (await paymentsBetween(this.table, from, to)).filter((p) => debts.has(p.debtId));
    return { ...commissionStatement(person, from, to, books, payments, debts, rates), rates };
  }

  /** Key collection objects, highest score first, filtered. */
  async keyObjects(filter: KeyObjectFilter): Promise<{ asOf: string; items: KeyObject[] }> {
    const { asOf, entries } = await this.keyObjectEntries((entry) => matchesKeyObjectFilter(entry, filter));
    return { asOf, items: entries.slice(0, filter.limit) };
  }

  /** Legal's queue: open debts whose file is ready or nearly ready to hand off, ready first, then by score. */
  async legalQueue(): Promise<{ asOf: string; items: KeyObject[] }> {
    const { asOf, entries } = await this.keyObjectEntries((entry) => entry.handoff !== 'not_ready');
    return { asOf, items: entries.sort((a, b) => Number(b.handoff === 'ready') - Number(a.handoff === 'ready')) };
  }

  /** Every open debt's key-object entry that `keep` accepts, highest score first (readiness is assessed per debt). */
  private async keyObjectEntries(keep: (entry: KeyObject) => boolean): Promise<{ asOf: string; entries: KeyObject[] }> {
    const asOf = this.clock.now();
    const entries: KeyObject[] = [];
    for (const debt of await this.allDebts()) {
      if (debt.status !== 'open') continue;
      const report = this.readiness ? await this.readiness.assess(debt) : undefined;
      const readiness = report
        ? { score: report.score, ready: report.ready, failing: report.checks.filter((c) => c.status === 'fail').map((c) => c.id) }
        : { score: 0, ready: false, failing: ['readiness_not_available'] };
      const entry = keyObject(debt, asOf, readiness);
      if (entry && keep(entry)) entries.push(entry);
    }
    entries.sort((a, b) => b.score - a.score || a.debtId.localeCompare(b.debtId));
    return { asOf: asOf.toISOString(), entries };
  }

  private async allDebts(): Promise<Debt[]> {
    const debts: Debt[] = [];
    for await (const debt of this.debts.all()) debts.push(debt);
    return debts;
  }
}

function commissionDebt(debt: Debt): CommissionDebt {
  const dueDate = limitationStartDate(debt);
  return { id: debt.id, debtorName: debt.debtor.name, ...(debt.unitId ? { unitId: debt.unitId } : {}), ...(dueDate ? { dueDate } : {}), completedPending: debt.projectStage === 'completed_pending_settlement' };
}
