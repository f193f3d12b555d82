/**
 * `Content-Disposition: attachment` with a Japanese file name (RFC 6266, RFC 5987): `filename="…"` carries an
 * ASCII fallback for old clients, `filename*=UTF-8''…` the percent-encoded UTF-8 name that browsers prefer.
 */

const MAX_NAME_LENGTH = 120;

/**
 * A file name safe on every system: NFC, no quotes, backslashes or slashes (no path), no control characters
 * (no CR/LF header injection), none of Windows' reserved `: * ? < > |`, no leading or trailing dots, at most 120 characters.
 * Example: 「みやぎ情報化推進ポリシー/令和6年度"\r\n」 → 「みやぎ情報化推進ポリシー_令和6年度_」.
 */
export function safeFileName(name: string, fallback = 'download'): string {
  const cleaned = name
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed here
    .replace(/[\u0000-\u001f\u007f-\u009f"'\\/:*?<>|]+/g, '_')
    .replace(/^[.\s_]+/, '')
    .replace(/[.\s]+$/, '');
  const limited = Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('');
  return limited === '' ? fallback : limited;
}

/** The ASCII fallback: anything outside letters, digits, `.`, `-` and `_` becomes `_`. */
export const asciiFileName = (name: string, fallback = 'download'): string => {
  const ascii = safeFileName(name, fallback).replace(/[^A-Za-z0-9._-]+/g, '_');
  return /[A-Za-z0-9]/.test(ascii) ? ascii : fallback;
};

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * unescaped, which attr-char does not allow. */
const encodeRfc5987 = (text: string): string =>
  encodeURIComponent(text).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** The header value for downloading `name` (any text), with `ascii` as the fallback name. */
export function attachmentDisposition(name: string, ascii: string): string {
  const safe = safeFileName(name, ascii);
  return `attachment; filename="${asciiFileName(ascii)}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
