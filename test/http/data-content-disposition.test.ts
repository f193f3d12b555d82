import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiFileName,
  attachmentDisposition,
  safeFileName,
} from '../../src/http/api/content-disposition.ts';

describe('safeFileName', () => {
  it.each([
    ['みやぎ情報化推進ポリシー_令和6年度_データ.xlsx', 'みやぎ情報化推進ポリシー_令和6年度_データ.xlsx'],
    ['計画/令和6年度.csv', '計画_令和6年度.csv'],
    ['..\\..\\secret.txt', 'secret.txt'],
    ['a"b\r\nContent-Type: text/html.json', 'a_b_Content-Type_ text_html.json'],
    ['what?*<>|.zip', 'what_.zip'],
    ['report.xlsx. ', 'report.xlsx'],
    ['"\r\n', 'download'],
    ['\u30ab\u3099.json', 'ガ.json'], // macOS (NFD) → NFC
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('never lets a quote, backslash, slash or control character through, and is never empty', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const name = safeFileName(text);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not appear
        expect(name).not.toMatch(/["\\/\u0000-\u001f\u007f]/);
        expect(name.length).toBeGreaterThan(0);
        expect(Array.from(name).length).toBeLessThanOrEqual(120);
        expect(name.startsWith('.')).toBe(false);
      }),
    );
  });
});

describe('attachmentDisposition', () => {
  it('sends an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)', () => {
    expect(attachmentDisposition('データ (1).csv', 'data.csv')).toBe(
      `attachment; filename="data.csv"; filename*=UTF-8''%E3%83%87%E3%83%BC%E3%82%BF%20%281%29.csv`,
    );
  });

  it('cleans both names', () => {
    const header = attachmentDisposition('a/b"\r\nX: y', 'x"\r\n/y.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="x_y.txt"; filename*=UTF-8''a_b_X_%20y`);
    expect(asciiFileName('データ')).toBe('download');
  });

  it('always gives a header value of visible ASCII whose filename* decodes to the safe name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (name) => {
        const header = attachmentDisposition(name, 'fallback.bin');
        expect(header).toMatch(/^[\x20-\x7e]+$/);
        const encoded = /filename\*=UTF-8''(.*)$/.exec(header)?.[1] ?? '';
        expect(encoded).toMatch(/^[A-Za-z0-9%._~!#$&+^`|-]*$/);
        expect(decodeURIComponent(encoded)).toBe(safeFileName(name, 'fallback.bin'));
      }),
    );
  });
});
