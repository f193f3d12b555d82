import { err, ok, type Result } from '../../domain/result.ts';

/** Strict: a byte that is not UTF-8 is an error, never a U+FFFD; a leading BOM is dropped. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Where a file stops being UTF-8: 1-based line and character column, and the offending byte. */
export interface BadByte {
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

/** Decodes a YAML/JSON file's bytes as UTF-8 (a BOM is allowed and dropped), or says where the first bad byte is. */
export function decodeUtf8(bytes: Uint8Array): Result<string, BadByte> {
  try {
    return ok(strictUtf8.decode(bytes));
  } catch {
    return err(locate(bytes, firstBadSequence(bytes)));
  }
}

/** A Japanese message naming the file, line and column, e.g. 「plan.yaml の 12行目 5文字目に…」. */
export function badByteMessage(fileName: string, bad: BadByte): string {
  const hex = bad.byte.toString(16).toUpperCase().padStart(2, '0');
  return (
    `${fileName} の文字コードを読み取れません: ${bad.line}行目 ${bad.column}文字目に UTF-8 として不正なバイト（0x${hex}）があります。` +
    'UTF-8 で保存し直してください。'
  );
}

/**
 * The offset where the first ill-formed sequence starts (WHATWG UTF-8: no overlong forms, no surrogates, nothing
 * above U+10FFFF, nothing cut off at the end), or the length when there is none.
 */
function firstBadSequence(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const [trailing, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [1, 0x80, 0xbf]
        : lead >= 0xe0 && lead <= 0xef
          ? [2, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf]
          : lead >= 0xf0 && lead <= 0xf4
            ? [3, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf]
            : [0, 0, 0];
    if (trailing === 0) return i;
    for (let k = 1; k <= trailing; k += 1) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += trailing + 1;
  }
  return bytes.length;
}

/** Line and column of an offset; everything before it is valid UTF-8, so characters are the non-continuation bytes. */
function locate(bytes: Uint8Array, offset: number): BadByte {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  let column = 1;
  for (let i = start; i < offset; i += 1) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      line += 1;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) column += 1;
  }
  return { line, column, byte: bytes[offset] ?? 0 };
}
