import { ConflictError, ValidationError } from '../../core/errors';
import type { CreateUnitInput, OrgUnit } from '../../core/management/units';
import type { Actor } from '../../core/roles';
import type { Clock } from '../../ports/clock';
import { type Table, TransactionConflictError } from '../../ports/table';
import { KIND_UNIT, keys, withoutKeys } from '../table-layout';

/**
 * A 422 unless `unitId` names a unit (debts and books may only name units that exist).
 *
 * @example
 * await checkUnitExists(table, 'FJ-01')
 */
export async function checkUnitExists(table: Table, unitId: string, path = 'unitId'): Promise<void> {
  if (!(await table.get(keys.unit(unitId)))) throw new ValidationError(`no organisation unit ${unitId}`, [{ path, message: 'unknown unit' }]);
}

/** Organisation units: the company, its subsidiaries and project departments. */
export class UnitService {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  /** Adds a unit; its id is unique and its parent, if named, exists. */
  async create(actor: Actor, input: CreateUnitInput): Promise<OrgUnit> {
    if (input.parentId) await checkUnitExists(this.table, input.parentId, 'parentId');
    const unit: OrgUnit = { ...input, createdAt: this.clock.now().toISOString(), createdBy: actor.id };
    try {
      await this.table.transact([{ put: { ...keys.unit(unit.id), ...unit, gsi4pk: KIND_UNIT, gsi4sk: unit.id }, condition: { absent: true } }]);
    } catch (error) {
      if (error instanceof TransactionConflictError) throw new ConflictError(`a unit ${unit.id} already exists`);
      throw error;
    }
    return unit;
  }

  /** Every unit, by id. */
  async list(): Promise<OrgUnit[]> {
    const units: OrgUnit[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.table.queryIndex('byKind', KIND_UNIT, { limit: 1000, ...(cursor ? { cursor } : {}) });
      units.push(...page.items.map((item) => withoutKeys<OrgUnit>(item)));
      cursor = page.cursor;
    } while (cursor);
    return units;
  }
}
