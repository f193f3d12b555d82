import { randomInt } from 'node:crypto';
import { type Algorithm, hash, type Options, verify } from '@node-rs/argon2';

// Algorithm.Argon2id is 2. The package declares Algorithm as an ambient const enum, which TypeScript will
// not let us read under verbatimModuleSyntax (TS2748), so the value is written out and checked against the type.
const ARGON2ID: Algorithm = 2;

/** Argon2id with the OWASP Password Storage Cheat Sheet minimum: 19 MiB of memory, 2 passes, 1 lane. */
export const PASSWORD_HASH_OPTIONS: Readonly<Options> = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * A hash of a random password nobody knows, made with PASSWORD_HASH_OPTIONS; verifying against it costs the same
 * as verifying a real account's password. Regenerate it whenever PASSWORD_HASH_OPTIONS changes (a test checks).
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$dN+D40QqVuOOsloPZtbqDg$yxlLS7hpFMPAB6ombxQPURHvXvv6Cf6q0h6GIHu/KRY';

/** Hashes a password for storage, as a PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$…`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/**
 * Whether a password matches a stored hash; a malformed or empty stored hash gives false rather than an error,
 * so a damaged row locks the account instead of breaking the login page.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * Spends as long as verifyPassword and always answers false: call it when the login ID does not exist, so that
 * the response time does not tell an attacker which accounts exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  await verifyPassword(DUMMY_PASSWORD_HASH, password);
  return false;
}

// Lower-case letters and digits without the look-alikes 0/o, 1/l/i: 31 symbols, read aloud or copied from paper
// without mistakes. 20 of them carry 20 × log2(31) ≈ 99 bits.
const INITIAL_PASSWORD_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const INITIAL_PASSWORD_GROUPS = 4;
const INITIAL_PASSWORD_GROUP_LENGTH = 5;

/**
 * A random one-time password for a new or reset account, e.g. `k7m2x-9qfzt-hw4cp-ern8d`: four groups of five
 * characters, about 99 bits of entropy, always acceptable to passwordProblems.
 */
export function generateInitialPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < INITIAL_PASSWORD_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < INITIAL_PASSWORD_GROUP_LENGTH; i++) {
      // randomInt draws without modulo bias.
      group += INITIAL_PASSWORD_ALPHABET[randomInt(INITIAL_PASSWORD_ALPHABET.length)];
    }
    groups.push(group);
  }
  return groups.join('-');
}
