import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import {
  DUMMY_PASSWORD_HASH,
  generateInitialPassword,
  hashPassword,
  PASSWORD_HASH_OPTIONS,
  verifyAgainstNothing,
  verifyPassword,
} from '../../src/auth/password-hash.ts';
import { passwordProblems } from '../../src/auth/password-policy.ts';

describe('hashPassword / verifyPassword', () => {
  it('round-trips and refuses a wrong password', async () => {
    const stored = await hashPassword('春の小川はさらさら行くよ');
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword(stored, '春の小川はさらさら行くよ')).toBe(true);
    expect(await verifyPassword(stored, '春の小川はさらさら行くよ ')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('xq7#kv2m')).not.toBe(await hashPassword('xq7#kv2m'));
  });

  it.each(['', 'nonsense', '$argon2id$v=19$m=19456,t=2,p=1$abc', DUMMY_PASSWORD_HASH.slice(0, -10)])(
    'gives false, not an error, for the malformed hash %j',
    async (stored) => {
      expect(await verifyPassword(stored, 'xq7#kv2m')).toBe(false);
    },
  );
});

describe('verifyAgainstNothing', () => {
  it('always answers false', async () => {
    expect(await verifyAgainstNothing('xq7#kv2m')).toBe(false);
  });

  it('verifies against a hash made with the current parameters, so it costs as much as a real check', () => {
    expect(parseOptions(DUMMY_PASSWORD_HASH)).toMatchObject(PASSWORD_HASH_OPTIONS);
  });
});

describe('generateInitialPassword', () => {
  it('is four groups of five readable characters, unique and acceptable to the policy over 100 draws', () => {
    const drawn = Array.from({ length: 100 }, () => generateInitialPassword());
    expect(new Set(drawn).size).toBe(100);
    for (const password of drawn) {
      expect(password).toMatch(/^[2-9a-hjkmnp-z]{5}(?:-[2-9a-hjkmnp-z]{5}){3}$/);
      expect(password).not.toMatch(/[01ilo]/);
      expect(passwordProblems(password)).toEqual([]);
    }
  });

  it('carries at least 80 bits of entropy', () => {
    const symbols = new Set('23456789abcdefghjkmnpqrstuvwxyz').size;
    expect(20 * Math.log2(symbols)).toBeGreaterThanOrEqual(80);
  });
});
