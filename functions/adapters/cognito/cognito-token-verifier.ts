import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { ROLES, type Principal, type Role } from '../../core/roles';
import type { Table } from '../../ports/table';
import { InvalidTokenError, type TokenVerifier } from '../../ports/token-verifier';
import { keys } from '../../services/table-layout';

export interface CognitoTokenVerifierOptions {
  userPoolId: string;
  /** The app client the web app signs in with: ID tokens carry it as `aud`, access tokens as `client_id`. */
  clientId: string;
  /** Where user profiles are kept, so that finance can assign users who have signed in. */
  profiles: Table;
}

/**
 * Cognito tokens (ID or access) verified with aws-jwt-verify: signature against the pool's JWKS,
 * issuer, client, expiry and token use. The user is `cognito:username` (`username` in access
 * tokens); the roles are the token's `cognito:groups` that name a role of DESIGN §1, other
 * groups are ignored. A user in no role group is signed in but may do nothing (403).
 *
 * Each verified user's profile (`USER#<id>`: name, roles, email) is written to the table when new
 * or changed, since assignment checks and notifications read users from there.
 *
 * @example
 * const tokens = new CognitoTokenVerifier({ userPoolId, clientId, profiles: table });
 * const user = await tokens.verify(bearer);
 */
export class CognitoTokenVerifier implements TokenVerifier {
  readonly jwt;
  /** Profiles written by this container, so an unchanged user costs no table read. */
  private readonly written = new Map<string, string>();

  constructor(private readonly options: CognitoTokenVerifierOptions) {
    this.jwt = CognitoJwtVerifier.create({ userPoolId: options.userPoolId, clientId: options.clientId, tokenUse: null });
  }

  async verify(token: string): Promise<Principal> {
    let claims: Record<string, unknown>;
    try {
      claims = (await this.jwt.verify(token)) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidTokenError(`the token is not valid: ${(error as Error).message}`);
    }
    const id = stringClaim(claims, 'cognito:username') ?? stringClaim(claims, 'username');
    if (!id) throw new InvalidTokenError('the token names no user');
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
    const roles = ROLES.filter((role): role is Role => groups.includes(role));
    const principal: Principal = { id, name: stringClaim(claims, 'name') ?? id, roles };
    await this.remember(principal, stringClaim(claims, 'email'));
    return principal;
  }

  private async remember(principal: Principal, email: string | undefined): Promise<void> {
    const fingerprint = JSON.stringify([principal, email]);
    if (this.written.get(principal.id) === fingerprint) return;
    const stored = await this.options.profiles.get(keys.user(principal.id));
    // An access token carries no name or email: keep what an ID token told us before.
    const name = principal.name !== principal.id ? principal.name : ((stored?.name as string | undefined) ?? principal.name);
    const mail = email ?? (stored?.email as string | undefined);
    const changed = !stored || stored.name !== name || JSON.stringify(stored.roles) !== JSON.stringify(principal.roles) || stored.email !== mail;
    if (changed) {
      await this.options.profiles.transact([{ put: { ...keys.user(principal.id), id: principal.id, name, roles: principal.roles, ...(mail ? { email: mail } : {}) } }]);
    }
    this.written.set(principal.id, fingerprint);
  }
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
