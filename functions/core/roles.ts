/** The roles of DESIGN §1. A user may hold more than one. */
export const ROLES = ['admin', 'finance', 'legal', 'collector', 'sales', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: a signed-in user. */
export interface Principal {
  id: string;
  name: string;
  roles: Role[];
}

/** Who did something, as written into the audit chain: the user and the role it acted in. */
export interface Actor {
  id: string;
  role: Role | 'system' | 'signer';
}

/** Roles that see every debt; collectors and sales see only the debts they are assigned to. */
export const ROLES_SEEING_ALL_DEBTS: readonly Role[] = ['admin', 'finance', 'legal', 'auditor'];
