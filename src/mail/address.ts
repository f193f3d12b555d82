// E-mail addresses as staff type them and as the service sends to them: one plain address (no display name, no
// comments), ASCII after NFKC so a full-width 「ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｌｇ．ｊｐ」 is read as typed in half width.
// Stricter than RFC 5322 on purpose: what it accepts, every mail server of a local government accepts.

const LOCAL = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${LOCAL}@${LABEL}(?:\\.${LABEL})+$`);

/** The longest address SMTP carries (RFC 5321 §4.5.3.1.3, a path of 256 less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * The address in `text`, normalised, or undefined when it is not one address, e.g.
 * `readEmailAddress(' tanaka@example.lg.jp ')` → 'tanaka@example.lg.jp', `readEmailAddress('tanaka@localhost')` → undefined.
 */
export function readEmailAddress(text: string): string | undefined {
  const address = text.normalize('NFKC').trim();
  if (address.length > EMAIL_MAX_LENGTH) return undefined;
  if (!ADDRESS.test(address) || address.includes('..') || address.startsWith('.')) return undefined;
  return address;
}

/** A sender as written in SHINCHOKU_MAIL_FROM: `進捗管理 <noreply@example.lg.jp>` or a bare address. */
export interface MailSender {
  readonly name?: string | undefined;
  readonly address: string;
}

/** The sender in `text`, or undefined when it is neither `名前 <address>` nor an address (no line breaks). */
export function readMailSender(text: string): MailSender | undefined {
  if (/[\r\n]/.test(text)) return undefined;
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(text.trim());
  if (named === null) {
    const address = readEmailAddress(text);
    return address === undefined ? undefined : { address };
  }
  const address = readEmailAddress(named[2] ?? '');
  const name = (named[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
  if (address === undefined || /["<>]/.test(name)) return undefined;
  return name === '' ? { address } : { name, address };
}
