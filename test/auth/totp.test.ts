import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  currentStep,
  generateTotpSecret,
  otpauthUri,
  totpAt,
  totpQrSvg,
  verifyTotp,
} from '../../src/auth/totp.ts';

// RFC 6238 Appendix B: the SHA-1 secret is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(new TextEncoder().encode('12345678901234567890'));

/** The code at a moment given in whole seconds since the epoch. */
const codeAt = (seconds: number) => totpAt(RFC_SECRET, currentStep(seconds * 1000));

describe('base32 (RFC 4648 §10 test vectors, without padding)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (text, encoded) => {
    expect(base32Encode(new TextEncoder().encode(text))).toBe(encoded);
    expect(new TextDecoder().decode(base32Decode(encoded))).toBe(text);
  });

  it('decodes lower case, spaces and padding', () => {
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======'))).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(RangeError);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe('generateTotpSecret', () => {
  it('is 20 random bytes in 32 base32 characters', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('totpAt (RFC 6238 Appendix B, SHA-1, last 6 of the 8 digits)', () => {
  it.each([
    [59, 1, '287082'],
    [1111111109, 37037036, '081804'],
    [1111111111, 37037037, '050471'],
    [1234567890, 41152263, '005924'],
    [2000000000, 66666666, '279037'],
    [20000000000, 666666666, '353130'],
  ])('T = %i s (step %i) → %s', (seconds, step, code) => {
    expect(currentStep(seconds * 1000)).toBe(step);
    expect(codeAt(seconds)).toBe(code);
  });
});

describe('verifyTotp', () => {
  const nowMs = 1111111111 * 1000;
  const now = currentStep(nowMs);
  const at = (step: number) => totpAt(RFC_SECRET, step);

  it('accepts the current step and returns it', () => {
    expect(verifyTotp(RFC_SECRET, '050471', nowMs, null)).toEqual({ ok: true, step: now });
  });

  it.each([-1, 0, 1])('accepts a drift of %i step', (drift) => {
    expect(verifyTotp(RFC_SECRET, at(now + drift), nowMs, null)).toEqual({ ok: true, step: now + drift });
  });

  it.each([-2, 2])('refuses a drift of %i steps', (drift) => {
    expect(verifyTotp(RFC_SECRET, at(now + drift), nowMs, null)).toEqual({ ok: false });
  });

  it('refuses the same step twice (replay)', () => {
    const first = verifyTotp(RFC_SECRET, at(now), nowMs, null);
    expect(first).toEqual({ ok: true, step: now });
    expect(verifyTotp(RFC_SECRET, at(now), nowMs, now)).toEqual({ ok: false });
    // Still refused a few seconds later, within the same window.
    expect(verifyTotp(RFC_SECRET, at(now), nowMs + 20_000, now)).toEqual({ ok: false });
  });

  it('refuses an older step after a newer one was used', () => {
    expect(verifyTotp(RFC_SECRET, at(now + 1), nowMs, null)).toEqual({ ok: true, step: now + 1 });
    expect(verifyTotp(RFC_SECRET, at(now), nowMs, now + 1)).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, at(now - 1), nowMs, now + 1)).toEqual({ ok: false });
  });

  it('accepts the next step after the last used one', () => {
    expect(verifyTotp(RFC_SECRET, at(now + 1), nowMs, now)).toEqual({ ok: true, step: now + 1 });
  });

  it('accepts spaces around and inside the code, and full-width digits', () => {
    expect(verifyTotp(RFC_SECRET, ' 050 471 ', nowMs, null)).toEqual({ ok: true, step: now });
    expect(verifyTotp(RFC_SECRET, '０５０４７１', nowMs, null)).toEqual({ ok: true, step: now });
  });

  it.each([
    '',
    '05047',
    '0504711',
    '05047a',
    '+50471',
    '-50471',
    '050.47',
    '５０４７１',
    '٠٥٠٤٧١', // Arabic-Indic digits: NFKC leaves them as they are, and they are not ASCII digits
    '050471\u0000',
  ])('refuses the malformed code %j', (code) => {
    expect(verifyTotp(RFC_SECRET, code, nowMs, null)).toEqual({ ok: false });
  });

  it('never throws on junk codes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (code) => {
        expect(() => verifyTotp(RFC_SECRET, code, nowMs, null)).not.toThrow();
      }),
    );
  });

  it('does not look before step 0', () => {
    expect(verifyTotp(RFC_SECRET, at(0), 0, null)).toEqual({ ok: true, step: 0 });
    expect(verifyTotp(RFC_SECRET, at(1), 0, null)).toEqual({ ok: true, step: 1 });
  });
});

describe('otpauthUri', () => {
  it('follows the Key Uri Format, percent-encoding the label and the issuer', () => {
    const uri = otpauthUri({
      issuer: '○○市 進捗管理',
      account: 'tanaka@example.lg.jp',
      secret: 'JBSWY3DPEHPK3PXP',
    });
    const issuer = encodeURIComponent('○○市 進捗管理');
    expect(uri).toBe(
      `otpauth://totp/${issuer}:tanaka%40example.lg.jp?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}` +
        '&algorithm=SHA1&digits=6&period=30',
    );
    expect(uri).not.toContain(' ');
    expect(uri).toContain('%20');
  });

  it('encodes a colon inside the issuer or account so the label keeps one separator', () => {
    const uri = otpauthUri({ issuer: 'A:B', account: 'c:d', secret: 'AAAA' });
    expect(uri.startsWith('otpauth://totp/A%3AB:c%3Ad?')).toBe(true);
  });

  it('round-trips through URL parsing', () => {
    const uri = new URL(otpauthUri({ issuer: '○○市', account: '田中 一郎', secret: 'JBSWY3DPEHPK3PXP' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('○○市');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/○○市:田中 一郎');
  });
});

describe('totpQrSvg', () => {
  it('returns an SVG labelled for screen readers', async () => {
    const svg = await totpQrSvg(
      otpauthUri({ issuer: '○○市', account: 'tanaka', secret: generateTotpSecret() }),
    );
    expect(
      svg.startsWith(
        '<svg role="img" aria-label="二要素認証の登録用QRコード" xmlns="http://www.w3.org/2000/svg"',
      ),
    ).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
  });
});
