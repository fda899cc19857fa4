/**
 * The Timestamper port: RFC 3161 time-stamp tokens from a time-stamping authority, proving that
 * a seal existed at a time (PAdES B-T). Optional: without one, seals carry only the claimed
 * signing time. A failure is reported, never replaced by a made-up time (DESIGN §9).
 */
export interface Timestamper {
  /** Where the tokens come from (for the record). */
  readonly authority: string;
  /** A DER TimeStampToken (CMS ContentInfo) over a SHA-256 digest. Throws {@link TimestampError}. */
  timestamp(digest: Uint8Array): Promise<Uint8Array>;
}

/** The authority could not be reached, refused, or answered with a token that does not match. */
export class TimestampError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimestampError';
  }
}
