/**
 * Chart colours and type from @digital-go-jp/design-tokens (dist/tokens.css), named after their tokens. ECharts
 * draws on the server and needs literal values, so the hex codes are copied here; every colour used for a mark
 * has at least 3:1 contrast on white (WCAG 1.4.11), and text at least 4.5:1.
 */
export const TOKEN = {
  /** --color-primitive-blue-900 */
  blue900: '#0017c1',
  /** --color-primitive-blue-800 */
  blue800: '#0031d8',
  /** --color-primitive-blue-500 (3.9:1 on white) */
  blue500: '#4979f5',
  /** --color-primitive-orange-800 */
  orange800: '#c74700',
  /** --color-neutral-solid-gray-800 */
  gray800: '#333333',
  /** --color-neutral-solid-gray-700 */
  gray700: '#4d4d4d',
  /** --color-neutral-solid-gray-536 */
  gray536: '#767676',
  /** --color-neutral-solid-gray-100 */
  gray100: '#e6e6e6',
  /** --color-neutral-white */
  white: '#ffffff',
} as const;

/** --font-family-sans, served by the app itself (@fontsource/noto-sans-jp). */
export const FONT_FAMILY = "'Noto Sans JP', sans-serif";

/** Axis, grid and text styles shared by every chart. */
export const AXIS_STYLE = {
  axisLine: { lineStyle: { color: TOKEN.gray536 } },
  axisTick: { lineStyle: { color: TOKEN.gray536 } },
  axisLabel: { color: TOKEN.gray800, fontFamily: FONT_FAMILY, fontSize: 12 },
  splitLine: { lineStyle: { color: TOKEN.gray100 } },
} as const;
