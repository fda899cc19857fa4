import type { Account } from '../core/accounts';
import type { Principal, Role } from '../core/roles';
import type { Table, TableItem } from '../ports/table';
import { KIND_USER, keys, withoutKeys } from './table-layout';

/** The demo users of DESIGN §4, seeded only in demo mode (`EVIDENCE_DEMO=1`, `npm run demo`). */
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
 * The stored item of an account, with its byKind entry (every user, by id) and the writes that
 * keep its login unique.
 */
export function accountItem(account: Account & { version: number }): TableItem {
  return { ...keys.user(account.id), ...account, gsi4pk: KIND_USER, gsi4sk: account.id };
}

/**
 * Adds the demo users that are missing (no password: they sign in by dev login, in demo mode
 * only); existing users are left as they are, so a restart keeps any change an admin made.
 *
 * @example
 * await seedUsers(table);
 */
export async function seedUsers(table: Table, users: readonly Principal[] = DEMO_USERS, now: Date = new Date()): Promise<void> {
  for (const user of users) {
    if (await table.get(keys.user(user.id))) continue;
    const account: Account & { version: number } = {
      ...user,
      login: user.id,
      status: 'active',
      method: 'demo',
      mustChangePassword: false,
      sessionGeneration: 0,
      createdAt: now.toISOString(),
      version: 1,
    };
    await table
      .transact([
        { put: accountItem(account), condition: { absent: true } },
        { put: { ...keys.userLogin(account.login), userId: account.id }, condition: { absent: true } },
      ])
      .catch(() => undefined);
  }
}

/** The stored account of a user id, or undefined. */
export async function findAccount(table: Table, userId: string): Promise<(Account & { version: number }) | undefined> {
  const item = await table.get(keys.user(userId));
  return item && withoutKeys<Account & { version: number }>(item);
}

/** A user by id (name, roles, e-mail; never a secret), or undefined. */
export async function findUser(table: Table, userId: string): Promise<(Principal & { email?: string; status?: string }) | undefined> {
  const account = await findAccount(table, userId);
  if (!account) return undefined;
  const { id, name, roles, status, email } = account as Account & { email?: string };
  return { id, name, roles, ...(status ? { status } : {}), ...(email ? { email } : {}) };
}

/** True when the user exists and holds `role`. */
export async function userHasRole(table: Table, userId: string, role: Role): Promise<boolean> {
  return (await findUser(table, userId))?.roles.includes(role) ?? false;
}
