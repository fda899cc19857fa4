import { type CommissionRates, DEFAULT_COMMISSION_RATES } from '../../core/management/commission-rates';
import type { Actor } from '../../core/roles';
import type { Clock } from '../../ports/clock';
import type { Table } from '../../ports/table';
import { keys } from '../table-layout';

export interface StoredRates extends CommissionRates {
  /** Absent while the defaults of the measures apply. */
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * The commission rates in force: as last set by finance or admin, else the measures' defaults.
 *
 * @example
 * (await commissionRates(table)).completedPendingRate // '0.005' until finance sets another
 */
export async function commissionRates(table: Table): Promise<StoredRates> {
  const item = await table.get(keys.commissionRates());
  if (!item) return DEFAULT_COMMISSION_RATES;
  return { bands: item.bands as CommissionRates['bands'], completedPendingRate: item.completedPendingRate as string, updatedAt: item.updatedAt as string, updatedBy: item.updatedBy as string };
}

/**
 * Replaces the commission rates. They apply to every statement computed from now on.
 *
 * @example
 * await setCommissionRates(table, clock, { id: 'finance-1', role: 'finance' }, DEFAULT_COMMISSION_RATES)
 */
export async function setCommissionRates(table: Table, clock: Clock, actor: Actor, rates: CommissionRates): Promise<StoredRates> {
  const stored = { ...rates, updatedAt: clock.now().toISOString(), updatedBy: actor.id };
  await table.transact([{ put: { ...keys.commissionRates(), ...stored } }]);
  return stored;
}
