/**
 * Text encodings of CSV files: UTF-8 with BOM (the default: Excel opens it), UTF-8, or Shift_JIS (Windows-31J /
 * CP932) on request (docs/domain.md §9). Decoding is strict: a byte that is not valid in the detected encoding is an
 * error with its position, never mojibake or a silent U+FFFD.
 */
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { err, ok, type Result } from '../../domain/result.ts';

export type CsvEncoding = 'utf8bom' | 'utf8' | 'sjis';

export const CSV_ENCODING_LABELS: Readonly<Record<CsvEncoding, string>> = {
  utf8bom: 'UTF-8（BOM付き）',
  utf8: 'UTF-8（BOMなし）',
  sjis: 'Shift_JIS（Windows-31J）',
};

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Node's ICU Shift_JIS is Windows-31J: NEC and IBM extensions (①, ㈱, 髙) decode; unmapped pairs throw.
const strictSjis = new TextDecoder('shift_jis', { fatal: true });

/**
 * JIS X 0208 characters that Windows-31J spells with other code points (the well-known mapping differences):
 * text typed on a Mac or copied from the web (— U+2014, 〜 U+301C, − U+2212) is written as the Windows character
 * Excel shows the same way (― U+2015, ～ U+FF5E, － U+FF0D), instead of being refused.
 */
const WINDOWS_31J_EQUIVALENTS: Readonly<Record<string, string>> = {
  '\u2014': '\u2015',
  '\u301c': '\uff5e',
  '\u2016': '\u2225',
  '\u2212': '\uff0d',
  '\u00a2': '\uffe0',
  '\u00a3': '\uffe1',
  '\u00ac': '\uffe2',
};

/** Replaces the characters Windows-31J holds under another code point (see WINDOWS_31J_EQUIVALENTS). */
export const toWindows31J = (text: string): string =>
  text.replace(/[\u2014\u301c\u2016\u2212\u00a2\u00a3\u00ac]/g, (ch) => WINDOWS_31J_EQUIVALENTS[ch] ?? ch);

/** Encodes text; for Shift_JIS check every cell with firstUnencodable first (iconv writes `?` for the rest). */
export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  switch (encoding) {
    case 'utf8bom':
      return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'sjis':
      return iconv.encode(toWindows31J(text), 'cp932');
  }
}

/**
 * The first character of `text` that does not survive Shift_JIS encoding and our strict decoding unchanged
 * after the Windows-31J equivalents are applied (e.g. 😀, ¥), or undefined when the whole text does.
 */
export function firstUnencodable(text: string): string | undefined {
  if (roundTrips(toWindows31J(text))) return undefined;
  return Array.from(text).find((ch) => !roundTrips(toWindows31J(ch)));
}

function roundTrips(text: string): boolean {
  try {
    return strictSjis.decode(iconv.encode(text, 'cp932')) === text;
  } catch {
    return false;
  }
}

export interface DecodedText {
  readonly text: string;
  readonly encoding: CsvEncoding;
}

/** Where decoding failed: 1-based byte position and line, with a Japanese message. */
export interface DecodeError {
  readonly row: number;
  readonly message: string;
}

/** Decodes a CSV file: UTF-8 (BOM stripped) when it is valid UTF-8, else Shift_JIS; both strict. */
export function decodeCsvBytes(bytes: Buffer): Result<DecodedText, DecodeError> {
  if (bytes.subarray(0, 3).equals(BOM)) {
    const body = bytes.subarray(3);
    const text = tryDecode(strictUtf8, body);
    return text === undefined
      ? err(badBytes(body, strictUtf8, 'UTF-8', 3))
      : ok({ text, encoding: 'utf8bom' });
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return err({
      row: 1,
      message: 'UTF-16 のファイルは読み込めません。UTF-8 または Shift_JIS の CSV で保存してください。',
    });
  }
  const utf8 = tryDecode(strictUtf8, bytes);
  if (utf8 !== undefined) return ok({ text: utf8, encoding: 'utf8' });
  const sjis = tryDecode(strictSjis, bytes);
  if (sjis !== undefined) return ok({ text: sjis, encoding: 'sjis' });
  // Neither: report the position in the encoding that got further, the likelier one.
  const utf8Error = firstInvalidByte(strictUtf8, bytes);
  const sjisError = firstInvalidByte(strictSjis, bytes);
  return err(
    utf8Error > sjisError
      ? badBytes(bytes, strictUtf8, 'UTF-8', 0)
      : badBytes(bytes, strictSjis, 'Shift_JIS', 0),
  );
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function badBytes(bytes: Buffer, decoder: TextDecoder, name: string, skipped: number): DecodeError {
  const offset = firstInvalidByte(decoder, bytes);
  const row = lineOf(bytes, offset);
  const position = skipped + offset + 1;
  const hex = Array.from(bytes.subarray(Math.max(0, offset - 1), offset + 2), (b) =>
    b.toString(16).toUpperCase().padStart(2, '0'),
  ).join(' ');
  return {
    row,
    message:
      `文字コードを読み取れません: ${name} として不正なバイトが ${position} バイト目（${row}行目付近、${hex}）にあります。` +
      'UTF-8（BOM付き）または Shift_JIS で保存し直してください。',
  };
}

/**
 * The 0-based offset of the byte where decoding first fails: the shortest prefix that fails in streaming mode
 * (an incomplete character at the end of a prefix is held, not failed), found by bisection; the last byte when
 * only the end of the file is incomplete.
 */
function firstInvalidByte(decoder: TextDecoder, bytes: Uint8Array): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder(decoder.encoding, { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) return Math.max(0, bytes.length - 1);
  let low = 0; // fails(low) is false
  let high = bytes.length; // fails(high) is true
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fails(middle)) high = middle;
    else low = middle;
  }
  return high - 1;
}

/** The 1-based line of a byte offset (LF never occurs inside a UTF-8 or Shift_JIS character). */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}
