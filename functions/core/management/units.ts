import { z } from 'zod';

/**
 * Organisation units debts belong to (the measures, Art. 5 and work plan (2): "all units", "two-level
 * debt-clearing institutions"): the company, its subsidiaries and its project departments. A unit
 * may sit under another; reports group by the unit a debt names.
 */
export const UNIT_KINDS = ['company', 'subsidiary', 'project_department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface OrgUnit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId?: string;
  createdAt: string;
  createdBy: string;
}

/** Unit ids are short codes chosen by finance (they appear in every report and export). */
export const unitIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a unit id is 1–40 letters, digits, "_" or "-"');

export const createUnitSchema = z.strictObject({
  id: unitIdSchema,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(UNIT_KINDS),
  parentId: unitIdSchema.optional(),
});
export type CreateUnitInput = z.output<typeof createUnitSchema>;

/** The report label of debts that name no unit. */
export const NO_UNIT = '(none)';
