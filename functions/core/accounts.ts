import { z } from 'zod';
import { ROLES, type Principal, type Role } from './roles';

/**
 * User accounts of the embedded service (README "Accounts"): who may sign in, how, and the
 * lock-out rules. Pure: hashing and storage live in services/accounts.ts.
 */

/** How an account signs in: a password (with TOTP), the demo mode's dev login, or an OpenID Connect provider. */
export type SignInMethod = 'password' | 'demo' | 'oidc';

export type AccountStatus = 'active' | 'disabled';

/** An account as stored (USER#<id> PROFILE); secrets never leave the service. */
export interface Account extends Principal {
  login: string;
  status: AccountStatus;
  method: SignInMethod;
  /** `scrypt$…` (services/passwords.ts); absent for demo and SSO accounts. */
  passwordHash?: string;
  /** Set by an admin's reset and on creation: the next sign-in must choose a new password. */
  mustChangePassword: boolean;
  /** Base32 TOTP secret once enrolment is confirmed. */
  totpSecret?: string;
  /** Secret offered by an enrolment not yet confirmed with a code. */
  pendingTotpSecret?: string;
  /** Last TOTP time step used: a code is accepted once (RFC 6238 §5.2). */
  lastTotpStep?: number;
  /** Sessions carry the generation they were made in; a reset or disable raises it, ending them all. */
  sessionGeneration: number;
  email?: string;
  createdAt: string;
}

/** What the API shows of an account. */
export interface AccountView extends Principal {
  login: string;
  status: AccountStatus;
  method: SignInMethod;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** What must be done before anything else is allowed (see {@link pendingSteps}). */
  pendingSteps: PendingStep[];
}

export type PendingStep = 'change-password' | 'enrol-totp';

/**
 * Steps an account must complete before it may use the service: a new password after an admin
 * set one, and a TOTP second factor for admins who sign in by password (DESIGN: admin needs MFA;
 * SSO admins get theirs from the provider, demo accounts have no password at all).
 *
 * @example
 * pendingSteps({ roles: ['admin'], method: 'password', mustChangePassword: false }) // ['enrol-totp']
 */
export function pendingSteps(account: Pick<Account, 'roles' | 'method' | 'mustChangePassword' | 'totpSecret'>): PendingStep[] {
  if (account.method !== 'password') return [];
  return [
    ...(account.mustChangePassword ? (['change-password'] as const) : []),
    ...(account.roles.includes('admin') && !account.totpSecret ? (['enrol-totp'] as const) : []),
  ];
}

/** The public view of an account. */
export function accountView(account: Account): AccountView {
  return {
    id: account.id,
    name: account.name,
    roles: account.roles,
    login: account.login,
    status: account.status,
    method: account.method,
    mustChangePassword: account.mustChangePassword,
    totpEnabled: Boolean(account.totpSecret),
    pendingSteps: pendingSteps(account),
  };
}

/** Logins are compared lower-case: `Li.Wei` and `li.wei` are one account. */
export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'a login is 2–64 letters, digits or . _ @ -, starting with a letter or digit');

/** At least 10 characters (NIST SP 800-63B asks 8; no composition rules), at most 256. */
export const passwordSchema = z.string().min(10, 'a password has at least 10 characters').max(256);

export const rolesSchema = z.array(z.enum(ROLES)).min(1).max(ROLES.length).transform((roles) => [...new Set(roles)] as Role[]);

export const nameSchema = z.string().trim().min(1).max(200);

/** A six-digit TOTP code. */
export const totpCodeSchema = z.string().trim().regex(/^\d{6}$/, 'a code is six digits');

/** Lock-out after repeated failures: per login and per client address. */
export interface ThrottlePolicy {
  /** Failures within `windowSeconds` that lock the key. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const ACCOUNT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
export const ADDRESS_THROTTLE: ThrottlePolicy = { maxFailures: 20, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

/** Failed sign-ins counted for one login or address. */
export interface ThrottleState {
  failures: number;
  windowStart: string;
  lockedUntil?: string;
}

/**
 * Seconds left of a lock-out at `now`, or 0 when the key may try.
 *
 * @example
 * lockedSeconds({ failures: 5, windowStart: '2026-01-01T00:00:00.000Z', lockedUntil: '2026-01-01T00:15:00.000Z' }, new Date('2026-01-01T00:10:00.000Z')) // 300
 */
export function lockedSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((Date.parse(state.lockedUntil) - now.getTime()) / 1000));
}

/**
 * The state after one more failure: a new window when the old one is over (or a lock ran out),
 * and a lock when the window holds `maxFailures`.
 *
 * @example
 * afterFailure(undefined, new Date('2026-01-01T00:00:00.000Z'), ACCOUNT_THROTTLE) // { failures: 1, windowStart: '2026-01-01T00:00:00.000Z' }
 */
export function afterFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowOver = !state || now.getTime() - Date.parse(state.windowStart) >= policy.windowSeconds * 1000;
  const lockOver = state?.lockedUntil !== undefined && lockedSeconds(state, now) === 0;
  const base = windowOver || lockOver ? { failures: 0, windowStart: now.toISOString() } : { failures: state.failures, windowStart: state.windowStart };
  const failures = base.failures + 1;
  return failures >= policy.maxFailures ? { ...base, failures, lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000).toISOString() } : { ...base, failures };
}
