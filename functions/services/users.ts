import type { Principal, Role } from '../core/roles';
import type { Table } from '../ports/table';
import { keys, withoutKeys } from './table-layout';

/** The demo users of DESIGN §4, seeded on the first embedded start. */
export const DEMO_USERS: readonly Principal[] = [
  { id: 'admin-1', name: 'Admin One 管理员', roles: ['admin'] },
  { id: 'finance-1', name: 'Finance One 财务', roles: ['finance'] },
  { id: 'legal-1', name: 'Legal One 法务', roles: ['legal'] },
  { id: 'collector-1', name: 'Collector One 清欠员一', roles: ['collector'] },
  { id: 'collector-2', name: 'Collector Two 清欠员二', roles: ['collector'] },
  { id: 'sales-1', name: 'Sales One 销售', roles: ['sales'] },
  { id: 'auditor-1', name: 'Auditor One 审计', roles: ['auditor'] },
];

/**
 * Adds the users that are missing; existing users are left as they are, so a restart keeps any
 * change an admin made.
 */
export async function seedUsers(table: Table, users: readonly Principal[] = DEMO_USERS): Promise<void> {
  for (const user of users) {
    if (await table.get(keys.user(user.id))) continue;
    await table.transact([{ put: { ...keys.user(user.id), ...user }, condition: { absent: true } }]).catch(() => undefined);
  }
}

/** A user by id, or undefined. */
export async function findUser(table: Table, userId: string): Promise<Principal | undefined> {
  const item = await table.get(keys.user(userId));
  return item && withoutKeys<Principal>(item);
}

/** True when the user exists and holds `role`. */
export async function userHasRole(table: Table, userId: string, role: Role): Promise<boolean> {
  return (await findUser(table, userId))?.roles.includes(role) ?? false;
}
