import type { Indicator, IndicatorInput } from '../../core/management/indicators';
import type { Actor } from '../../core/roles';
import { ValidationError } from '../../core/errors';
import type { Clock } from '../../ports/clock';
import type { Table } from '../../ports/table';
import { indicatorPartition, keys, withoutKeys } from '../table-layout';
import { findUser } from '../users';
import { checkUnitExists } from './units';

/** Task indicators: a unit's annual target and its decomposition to persons. */
export class IndicatorService {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  /** Sets (or replaces) a unit's indicator for a year. */
  async set(actor: Actor, year: number, unitId: string, input: IndicatorInput): Promise<Indicator> {
    await checkUnitExists(this.table, unitId);
    const unknown = [];
    for (const [index, person] of input.persons.entries()) if (!(await findUser(this.table, person.userId))) unknown.push({ path: `persons.${index}.userId`, message: `no user ${person.userId}` });
    if (unknown.length) throw new ValidationError('unknown persons', unknown);
    const indicator: Indicator = { year, unitId, ...input, updatedAt: this.clock.now().toISOString(), updatedBy: actor.id };
    await this.table.transact([{ put: { ...keys.indicator(year, unitId), ...indicator } }]);
    return indicator;
  }

  /** A year's indicators, by unit. */
  async ofYear(year: number): Promise<Indicator[]> {
    const page = await this.table.query(indicatorPartition(year), { limit: 1000 });
    return page.items.map((item) => withoutKeys<Indicator>(item));
  }
}
