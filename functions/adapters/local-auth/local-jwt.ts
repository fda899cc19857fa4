import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Principal, type Role } from '../../core/roles';
import { InvalidTokenError, type TokenVerifier } from '../../ports/token-verifier';

const ISSUER = 'evidence-file-service/embedded';
const AUDIENCE = 'evidence-file-service';

/**
 * Locally issued JWTs (HS256, jose) for embedded mode. The secret lives in the data folder; the
 * token carries the user's id, name and roles, and lives `ttlSeconds`.
 *
 * @example
 * const jwt = new LocalJwt(secret);
 * const token = await jwt.issue({ id: 'legal-1', name: 'Legal One', roles: ['legal'] });
 * (await jwt.verify(token)).roles // ['legal']
 */
export class LocalJwt implements TokenVerifier {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds = 12 * 60 * 60,
  ) {
    if (secret.length < 32) throw new RangeError('the signing secret must be at least 32 bytes');
  }

  async issue(user: Principal): Promise<string> {
    return new SignJWT({ name: user.name, roles: user.roles })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.secret);
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is Role => (ROLES as readonly unknown[]).includes(role)) : [];
      if (!payload.sub || roles.length === 0) throw new InvalidTokenError('the token names no user or no role');
      return { id: payload.sub, name: typeof payload.name === 'string' ? payload.name : payload.sub, roles };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(`the token is not valid: ${(error as Error).message}`);
    }
  }
}
