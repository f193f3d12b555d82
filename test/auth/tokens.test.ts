import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashToken, newCsrfToken, newSessionToken, tokensEqual } from '../../src/auth/tokens.ts';

describe.each([
  ['newSessionToken', newSessionToken],
  ['newCsrfToken', newCsrfToken],
])('%s', (_name, newToken) => {
  it('is 32 random bytes in base64url (43 characters) and never repeats', () => {
    const drawn = Array.from({ length: 1000 }, () => newToken());
    for (const token of drawn) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    expect(new Set(drawn).size).toBe(drawn.length);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 in hex, the same for the same token', () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = newSessionToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toBe(hashToken(newSessionToken()));
  });
});

describe('tokensEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['', 'a', false],
    ['é', 'e\u0301', false],
  ])('%j vs %j → %s', (a, b, equal) => {
    expect(tokensEqual(a, b)).toBe(equal);
  });

  it('agrees with === on any strings, never throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(tokensEqual(a, a)).toBe(true);
        expect(tokensEqual(a, b)).toBe(a === b);
      }),
    );
  });
});
