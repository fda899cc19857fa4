import type { Principal } from '../core/roles';

/**
 * Turns a bearer token into the user it speaks for. Embedded mode verifies locally issued JWTs;
 * AWS mode verifies Cognito tokens. Throws {@link InvalidTokenError} for anything else.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}
