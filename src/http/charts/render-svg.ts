import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { BarChart, LineChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { FONT_FAMILY, TOKEN } from './palette.ts';

use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/** The ECharts options the charts of this site may use. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption
>;

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

// Hover rules ECharts writes into the SVG, and the classes they target: the page has no interaction and the
// CSP forbids inline <style>.
const STYLE_ELEMENT = /<style[\s\S]*?<\/style>/g;
const HOVER_CLASS = / class="zr\d+-cls-\d+"/g;

/**
 * Renders a chart to an SVG string on the server (no DOM, no animation, no script) and frees the instance.
 * The SVG keeps a viewBox so CSS can scale it to the width of the page.
 */
export function renderChartSvg(option: ChartOption, size: ChartSize): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      silent: true,
      backgroundColor: TOKEN.white,
      textStyle: { fontFamily: FONT_FAMILY, color: TOKEN.gray800 },
      ...option,
    });
    return chart.renderToSVGString({ useViewBox: true }).replace(STYLE_ELEMENT, '').replace(HOVER_CLASS, '');
  } finally {
    chart.dispose();
  }
}
