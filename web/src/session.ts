import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role } from '../../functions/core/roles';

export interface User {
  id: string;
  name: string;
  roles: Role[];
}

export interface Session {
  user: User;
  signOut: () => void;
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
