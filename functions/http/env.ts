import type { Context } from 'hono';
import type { Debt } from '../core/debt';
import type { Actor, Principal, Role } from '../core/roles';

/** What middleware hands to route handlers. */
export interface AppEnv {
  Variables: {
    /** The signed-in user (absent on public routes). */
    principal: Principal;
    /** The role the route's rule admitted the user in. */
    actingRole: Role;
    /** The debt named by `:id`, already checked to be visible to the user. */
    debt: Debt;
    /** The credential the request was signed in with (bearer token or session cookie). */
    sessionToken: string;
  };
}

/** The actor a handler records: the signed-in user in the role its route admitted it in. */
export function actorOf(c: Context<AppEnv>): Actor {
  return { id: c.get('principal').id, role: c.get('actingRole') };
}
