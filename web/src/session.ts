import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role } from '../../functions/core/roles';

export interface User {
  id: string;
  name: string;
  roles: Role[];
  /** Embedded accounts: what must be done first (new password, admin TOTP). */
  pendingSteps?: Array<'change-password' | 'enrol-totp'>;
  login?: string;
  method?: 'password' | 'demo' | 'oidc';
  totpEnabled?: boolean;
}

export interface Session {
  user: User;
  signOut: () => void;
  /** Replaces the signed-in user after a change to the account (password, TOTP). */
  setUser: (user: User) => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in user; pages below the sign-in gate always have one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}

/** True when the user holds any of `roles`. */
export function hasRole(user: User, ...roles: Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
