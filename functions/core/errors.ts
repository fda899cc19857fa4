/**
 * Domain errors. Each names what went wrong in the domain's words; the HTTP layer maps them to
 * problem+json (see `http/problem.ts`). None of them carries I/O state.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One bad field of a request, named by its path (`debtor.uscc`, `installments.1.amount`). */
export interface FieldError {
  path: string;
  message: string;
}

/** Input that is well-formed JSON / multipart but breaks a rule. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The thing does not exist, or the caller may not know that it does (no existence leak). */
export class NotFoundError extends DomainError {}

/** The caller is known but its role may not do this. */
export class ForbiddenError extends DomainError {}

/** The request conflicts with the current state (frozen file, voided document, replayed key…). */
export class ConflictError extends DomainError {}

/** A handoff refused because readiness checks fail (DESIGN §8); the problem lists them. */
export class ChecksFailedError extends ConflictError {
  constructor(
    message: string,
    readonly failingChecks: ReadonlyArray<{ id: string; title: string; detail: string }>,
  ) {
    super(message);
  }
}

/** `If-Match` did not match the current version. */
export class PreconditionFailedError extends DomainError {
  constructor(
    message: string,
    readonly currentVersion?: number,
  ) {
    super(message);
  }
}

/** `If-Match` is required and was not sent. */
export class PreconditionRequiredError extends DomainError {}

/** Uploaded bytes are not of an accepted type, or not of the type declared. */
export class UnsupportedMediaError extends DomainError {}

/** Uploaded bytes are of an accepted type but cannot be used (encrypted, truncated, empty…). */
export class UnprocessableDocumentError extends DomainError {}

/** A body larger than the configured limit. */
export class PayloadTooLargeError extends DomainError {}

/** Too many concurrent writers kept winning the race for a debt's chain head. */
export class ContentionError extends DomainError {}

/** A request that does not match a schema known only at run time (a template's data): 400. */
export class SchemaViolationError extends ValidationError {}

/** The thing existed but is over: a used, expired or declined signing link. */
export class GoneError extends DomainError {}

/** Too many attempts or requests; `retryAfterSeconds` when waiting helps. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A sign-in refused: wrong login or password, a wrong code, or a disabled account (one answer for all, so nothing leaks). */
export class SignInFailedError extends DomainError {
  constructor(message = 'the login, password or code is not right') {
    super(message);
  }
}

/** The password was right and the account has TOTP: send the six-digit code too. */
export class SecondFactorRequiredError extends DomainError {
  constructor(message = 'this account needs the six-digit code of its authenticator app') {
    super(message);
  }
}

/** The account must first change its password or enrol a second factor (`steps`). */
export class AccountSetupRequiredError extends ForbiddenError {
  constructor(
    message: string,
    readonly steps: readonly string[],
  ) {
    super(message);
  }
}

/** A state-changing request sent with the session cookie from another origin (CSRF). */
export class CrossSiteRequestError extends ForbiddenError {}
