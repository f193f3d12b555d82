import type { BarSeriesOption } from 'echarts/charts';
import { AXIS_STYLE, TOKEN } from './palette.ts';
import { renderChartSvg } from './render-svg.ts';

export interface AmountSeries {
  /** Legend name, e.g. 令和6年度. */
  readonly name: string;
  /** Bar lengths in 億円 (drawing only); null = no figures for that goal and year (no bar, never 0). */
  readonly values: readonly (number | null)[];
  /** The printed figures beside the bars, e.g. 18.3億円 (rounded by the plan's rule). */
  readonly labels: readonly string[];
}

export interface AmountChartData {
  /** Goal names, top to bottom. */
  readonly categories: readonly string[];
  /** Oldest year first; the last series is drawn in the strongest colour. */
  readonly series: readonly AmountSeries[];
}

const COLOURS = [TOKEN.blue500, TOKEN.blue900] as const;

/** 決算額 per goal as horizontal grouped bars, one bar per fiscal year: pure, data in and SVG out. */
export function amountBarChart(data: AmountChartData): string {
  const rowHeight = 24 + data.series.length * 24;
  const height = 64 + data.categories.length * rowHeight;
  const colourOf = (index: number) => COLOURS[COLOURS.length - data.series.length + index] ?? TOKEN.blue900;
  const series: BarSeriesOption[] = data.series.map((s, index) => ({
    type: 'bar',
    name: s.name,
    data: s.values.map((value) => (value === null ? '-' : value)),
    itemStyle: { color: colourOf(index) },
    barMaxWidth: 22,
    label: {
      show: true,
      position: 'right',
      color: TOKEN.gray800,
      fontSize: 13,
      formatter: (params: { dataIndex: number }) => s.labels[params.dataIndex] ?? '',
    },
  }));
  return renderChartSvg(
    {
      legend: { top: 8, left: 'center', itemGap: 24, textStyle: { color: TOKEN.gray800, fontSize: 13 } },
      grid: { left: 8, right: 72, top: 44, bottom: 28 },
      xAxis: {
        type: 'value',
        name: '億円',
        nameTextStyle: { color: TOKEN.gray800 },
        ...AXIS_STYLE,
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: [...data.categories],
        ...AXIS_STYLE,
        axisLabel: { ...AXIS_STYLE.axisLabel, fontSize: 13 },
      },
      series,
    },
    { width: 600, height },
  );
}
