/** Shared look of the PowerPoint report: the 16:9 page, fonts, colours and text-run helpers. */
import type { RunOptions, Slide, TextRun } from './pptx-lib.ts';

export type { RunOptions, Slide, TextRun };

export const FONT = 'Noto Sans JP';
export const LANG = 'ja-JP';
/** LAYOUT_WIDE: 13.333 × 7.5 inches. */
export const PAGE = { width: 13.333, height: 7.5, margin: 0.3 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const COLOURS = {
  ink: '1F2937',
  muted: '4B5563',
  accent: '1F4E79',
  accentLight: 'DCE6F2',
  header: '1F4E79',
  headerInk: 'FFFFFF',
  border: '9CA3AF',
  highlight: 'C00000',
  panel: 'F3F4F6',
} as const;

/** The font and language every run carries, so PowerPoint and LibreOffice pick a Japanese face. */
export const BASE: RunOptions = { fontFace: FONT, lang: LANG, color: COLOURS.ink };

/** One text run in the report's font. */
export const run = (text: string, options: RunOptions = {}): TextRun => ({
  text,
  options: { ...BASE, ...options },
});

/** Runs as separate paragraphs (one line each); `more` when other runs follow. */
export const lines = (texts: readonly string[], options: RunOptions = {}, more = false): TextRun[] =>
  texts.map((text, i) => run(text, { ...options, breakLine: more || i < texts.length - 1 }));

/** The slide title bar shared by every slide but the summary. */
export function addTitle(slide: Slide, title: string, subtitle?: string): void {
  slide.addText([run(title, { bold: true, fontSize: 20, color: COLOURS.accent })], {
    ...BASE,
    x: PAGE.margin,
    y: 0.2,
    w: CONTENT_WIDTH,
    h: 0.5,
    valign: 'middle',
    margin: 0,
  });
  slide.addShape('line', {
    x: PAGE.margin,
    y: 0.72,
    w: CONTENT_WIDTH,
    h: 0,
    line: { color: COLOURS.accent, width: 1.5 },
  });
  if (subtitle === undefined) return;
  slide.addText([run(subtitle, { fontSize: 12, color: COLOURS.muted })], {
    ...BASE,
    x: PAGE.margin,
    y: 0.78,
    w: CONTENT_WIDTH,
    h: 0.32,
    valign: 'middle',
    margin: 0,
  });
}

/**
 * Rough height (inches) of a text in a box `width` inches wide at `fontSize` points: full-width characters are about
 * one em wide; used only to split long content over several slides.
 */
export function textHeight(texts: readonly string[], width: number, fontSize: number): number {
  const perLine = Math.max(1, Math.floor((width * 72) / fontSize));
  const count = texts.reduce((n, t) => n + Math.max(1, Math.ceil(visualLength(t) / perLine)), 0);
  return (count * fontSize * 1.25) / 72;
}

/** Half-width characters count as half an em. */
const visualLength = (text: string): number =>
  [...text].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) < 0x2000 ? 0.55 : 1), 0);
