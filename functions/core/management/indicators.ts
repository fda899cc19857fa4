import Decimal from 'decimal.js';
import { z } from 'zod';
import { formatMoney, moneySchema } from '../money';
import { unitIdSchema } from './units';

/**
 * Task indicators (work plan (1), (3), the "four determinations": personnel, indicators, tasks,
 * rewards and punishments): a unit's annual recovery target, decomposed to the persons who collect.
 */
export interface Indicator {
  year: number;
  unitId: string;
  target: string;
  persons: Array<{ userId: string; target: string }>;
  updatedAt: string;
  updatedBy: string;
}

export const indicatorSchema = z
  .strictObject({
    target: moneySchema,
    persons: z.array(z.strictObject({ userId: z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/, 'not a user id'), target: moneySchema })).max(500).default([]),
  })
  .superRefine((indicator, context) => {
    const sum = indicator.persons.reduce((total, person) => total.plus(person.target), new Decimal(0));
    if (sum.gt(indicator.target)) {
      context.addIssue({ code: 'custom', path: ['persons'], message: `the persons' targets add up to ${formatMoney(sum)}, more than the unit's ${indicator.target}` });
    }
    const ids = indicator.persons.map((p) => p.userId);
    if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', path: ['persons'], message: 'each person appears once' });
  });
export type IndicatorInput = z.output<typeof indicatorSchema>;

export const indicatorParamsSchema = z.object({ year: z.coerce.number().int().min(2000).max(2100), unitId: unitIdSchema });
