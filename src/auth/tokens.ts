import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32; // 256 bits: OWASP asks for at least 64 bits of entropy in a session identifier.

/** A new session token for the cookie: 32 random bytes in base64url, 43 characters. */
export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The SHA-256 of a token in hex (64 characters): sessions are stored by this hash, so a leaked sessions table
 * does not let anyone sign in.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new CSRF token for a form: 32 random bytes in base64url, 43 characters. */
export function newCsrfToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether two tokens are equal, compared in constant time; false (not an error) when their lengths differ. */
export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
