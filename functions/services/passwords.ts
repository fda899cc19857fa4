import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with Node's scrypt (RFC 7914), a memory-hard KDF. Parameters: N = 2^15,
 * r = 8, p = 1 (32 MiB and ~50–100 ms per hash on one core: OWASP's minimum for scrypt is
 * N = 2^17 with r = 8, p = 1 *or* equivalent; we keep 2^15 because the embedded service runs on
 * small office machines, and the lock-out bounds online guessing), 16-byte random salt, 32-byte key.
 * Stored as `scrypt$N$r$p$<salt b64url>$<key b64url>`, so the parameters can be raised later and
 * old hashes still verify.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // maxmem: 128·N·r bytes for the scrypt state plus headroom.
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * Hashes a password for storage.
 *
 * @example
 * const stored = await hashPassword('correct horse battery');
 * await verifyPassword('correct horse battery', stored) // true
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMETERS.N, PARAMETERS.r, PARAMETERS.p);
  return ['scrypt', PARAMETERS.N, PARAMETERS.r, PARAMETERS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * True when `password` matches `stored`; compares in constant time. Without a stored hash it
 * still spends one derivation, so an unknown login takes as long as a wrong password.
 *
 * @example
 * await verifyPassword('guess', undefined) // false
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) {
    await derive(password, randomBytes(16), PARAMETERS.N, PARAMETERS.r, PARAMETERS.p);
    return false;
  }
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
