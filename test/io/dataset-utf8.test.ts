import { describe, expect, it } from 'vitest';
import { badByteMessage, decodeUtf8 } from '../../src/io/dataset/utf8-text.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('decodes UTF-8 and drops a leading BOM', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'name: 宮城県\n'))).toEqual({
      ok: true,
      value: 'name: 宮城県\n',
    });
    expect(decodeUtf8(bytes('①㈱髙 😀'))).toEqual({ ok: true, value: '①㈱髙 😀' });
  });

  it.each<[string, Buffer, { line: number; column: number; byte: number }]>([
    [
      'a stray 0xFF on line 3 after four characters',
      bytes('a: 1\nb: 2\n宮城: ', [0xff], '\n'),
      { line: 3, column: 5, byte: 0xff },
    ],
    ['a lone continuation byte', bytes('x', [0x80]), { line: 1, column: 2, byte: 0x80 }],
    ['an overlong form of "/"', bytes('ab\n', [0xc0, 0xaf]), { line: 2, column: 1, byte: 0xc0 }],
    [
      'an encoded surrogate (CESU-8)',
      bytes('name: ', [0xed, 0xa0, 0x80]),
      { line: 1, column: 7, byte: 0xed },
    ],
    ['a character cut off at the end', bytes('宮城\n県', [0xe3, 0x81]), { line: 2, column: 2, byte: 0xe3 }],
    ['a Shift_JIS 宮 (0x8B 0x7B)', bytes('name: ', [0x8b, 0x7b]), { line: 1, column: 7, byte: 0x8b }],
    ['a byte above U+10FFFF', bytes([0xf5, 0x80, 0x80, 0x80]), { line: 1, column: 1, byte: 0xf5 }],
    [
      'a bad byte after a BOM (the BOM is not a column)',
      bytes([0xef, 0xbb, 0xbf], 'a', [0xfe]),
      { line: 1, column: 2, byte: 0xfe },
    ],
  ])('refuses %s with its line and column', (_name, input, where) => {
    expect(decodeUtf8(input)).toEqual({ ok: false, error: where });
  });

  it('says it in Japanese with the file, line, column and byte', () => {
    expect(badByteMessage('plan.yaml', { line: 12, column: 5, byte: 0x8b })).toBe(
      'plan.yaml の文字コードを読み取れません: 12行目 5文字目に UTF-8 として不正なバイト（0x8B）があります。UTF-8 で保存し直してください。',
    );
  });
});
