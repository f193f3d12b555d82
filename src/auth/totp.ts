import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { toString as qrCodeToString } from 'qrcode';

// RFC 6238 time-based one-time passwords with the parameters every authenticator app supports:
// HMAC-SHA1, 6 digits, a 30-second step, counted from the Unix epoch.
const DIGITS = 6;
const STEP_SECONDS = 30;
const SECRET_BYTES = 20; // RFC 4226 §4 R6: at least 128 bits, 160 recommended (the SHA-1 block output).
// Accept the previous and the next step as well, for clock drift and slow typing (RFC 6238 §5.2).
const ALLOWED_DRIFT_STEPS = 1;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The outcome of checking a code: on success, the step it belonged to, to be stored as the last used step. */
export type TotpVerification = { ok: true; step: number } | { ok: false };

/** Encodes bytes in RFC 4648 base32 without padding, e.g. the ASCII bytes of 'foobar' → 'MZXW6YTBOI'. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes RFC 4648 base32, ignoring letter case, spaces, hyphens and '=' padding, e.g. 'mzxw 6ytb oi' → 'foobar';
 * throws a RangeError on any other character, since secrets come from generateTotpSecret, not from users.
 */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value === -1) throw new RangeError(`base32: invalid character ${JSON.stringify(char)}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** A new shared secret: 20 random bytes in base32 without padding (32 characters), as authenticator apps expect. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

/** The time step a moment falls in: whole 30-second periods since 1970-01-01T00:00:00Z, e.g. 59 000 ms → 1. */
export function currentStep(nowMs: number): number {
  return Math.floor(nowMs / (STEP_SECONDS * 1000));
}

/** The 6-digit code for a secret at a time step (RFC 4226 HOTP with the step as counter), e.g. '287082'. */
export function totpAt(secret: string, step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`totp: invalid step ${step}`);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  // Dynamic truncation (RFC 4226 §5.3): 31 bits read at the offset named by the low nibble of the last byte.
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/**
 * Checks a code typed by a user against the steps around nowMs (one before to one after). A step at or before
 * lastUsedStep is refused, so a code works only once (RFC 6238 §5.2) and an older code cannot follow a newer one.
 * Spaces and full-width digits (１２３ ４５６, typed with the Japanese IME on) are accepted; anything other than
 * six digits is refused.
 */
export function verifyTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastUsedStep: number | null,
): TotpVerification {
  const typed = code.normalize('NFKC').replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(typed)) return { ok: false };
  const typedBytes = Buffer.from(typed, 'ascii');
  const now = currentStep(nowMs);
  let matched: number | undefined;
  // Every candidate is compared, in constant time, so the response time does not say which step matched.
  for (let step = now - ALLOWED_DRIFT_STEPS; step <= now + ALLOWED_DRIFT_STEPS; step++) {
    if (step < 0) continue;
    const same = timingSafeEqual(Buffer.from(totpAt(secret, step), 'ascii'), typedBytes);
    const fresh = lastUsedStep === null || step > lastUsedStep;
    if (same && fresh && matched === undefined) matched = step;
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}

/**
 * The otpauth:// URI an authenticator app reads from the enrolment QR code (Google Authenticator Key Uri Format),
 * e.g. otpauth://totp/%E2%97%8B%E2%97%8B%E5%B8%82:tanaka?secret=…&issuer=%E2%97%8B%E2%97%8B%E5%B8%82&….
 */
export function otpauthUri(options: { issuer: string; account: string; secret: string }): string {
  const issuer = encodeURIComponent(options.issuer);
  const label = `${issuer}:${encodeURIComponent(options.account)}`;
  const query = [
    `secret=${encodeURIComponent(options.secret)}`,
    `issuer=${issuer}`,
    'algorithm=SHA1',
    `digits=${DIGITS}`,
    `period=${STEP_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}

/** The enrolment QR code for an otpauth:// URI as inline SVG markup, labelled for screen readers. */
export async function totpQrSvg(uri: string): Promise<string> {
  const svg = await qrCodeToString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return svg.replace(/^<svg\b/, '<svg role="img" aria-label="二要素認証の登録用QRコード"');
}
