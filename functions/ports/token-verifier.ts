import type { PendingStep } from '../core/accounts';
import type { Principal } from '../core/roles';

/**
 * Turns a bearer token into the user it speaks for. Embedded mode verifies locally issued JWTs;
 * AWS mode verifies Cognito tokens. Throws {@link InvalidTokenError} for anything else.
 */
export interface TokenVerifier {
  /** The user; `pendingSteps` when the account must first change its password or enrol TOTP. */
  verify(token: string): Promise<Principal & { pendingSteps?: readonly PendingStep[] }>;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}
