import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const FONT_DIR = dirname(require.resolve('@fontsource/noto-sans-jp/package.json'));

interface Subset {
  readonly weight: number;
  readonly file: string;
  readonly ranges: readonly (readonly [number, number])[];
}

const parseRanges = (text: string): [number, number][] =>
  text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = Number.parseInt(from ?? '', 16);
    return [start, to === undefined ? start : Number.parseInt(to, 16)];
  });

/** The woff2 subsets of one weight as @fontsource lists them (file and unicode-range). */
function subsets(weight: number): Subset[] {
  const css = readFileSync(join(FONT_DIR, `${weight}.css`), 'utf8');
  return [...css.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)[^;]*;\s*unicode-range:\s*([^;]+);/g)].map(
    (m) => ({
      weight,
      file: m[1] as string,
      ranges: parseRanges(m[2] as string),
    }),
  );
}

/**
 * @font-face rules for Noto Sans JP (regular and bold) with the woff2 subsets the text needs inlined as data: URLs,
 * so the HTML file is self-contained (no fonts folder, no network) and Chromium prints it with the same glyphs.
 */
export function notoSansJpCss(text: string, weights: readonly number[] = [400, 700]): string {
  const codes = new Set<number>();
  for (const ch of text) codes.add(ch.codePointAt(0) as number);
  const sorted = [...codes].sort((a, b) => a - b);
  const needed = (s: Subset) => sorted.some((c) => s.ranges.some(([from, to]) => c >= from && c <= to));
  return weights
    .flatMap(subsets)
    .filter(needed)
    .map((s) => {
      const data = readFileSync(join(FONT_DIR, 'files', s.file)).toString('base64');
      const range = s.ranges.map(([a, b]) =>
        a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`,
      );
      return `@font-face{font-family:'Noto Sans JP';font-style:normal;font-weight:${s.weight};font-display:block;src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${range.join(',')};}`;
    })
    .join('\n');
}
