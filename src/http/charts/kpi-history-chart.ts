import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { AXIS_STYLE, TOKEN } from './palette.ts';
import { renderChartSvg } from './render-svg.ts';

/** A KPI's values by fiscal year; null = no value that year (drawn as a gap, never as 0). */
export interface KpiHistoryData {
  /** Axis labels, oldest first, e.g. R5年度. */
  readonly years: readonly string[];
  readonly unit: string;
  readonly actuals: readonly (number | null)[];
  /** Printed actuals for the bar labels, e.g. 1,527 (empty where there is no value). */
  readonly actualLabels: readonly string[];
  readonly targets: readonly (number | null)[];
  readonly baseline: readonly (number | null)[];
}

export type KpiChartSize = 'card' | 'full';

const SIZES = { card: { width: 360, height: 220 }, full: { width: 560, height: 300 } } as const;

const points = (values: readonly (number | null)[]) => values.map((v) => (v === null ? '-' : v));

/**
 * A KPI over the years: actuals as bars (labelled), targets as a dashed line with diamonds, the baseline as a
 * square; the legend names every mark, so no meaning rests on colour alone. Pure: data in, SVG out.
 */
export function kpiHistoryChart(data: KpiHistoryData, size: KpiChartSize = 'full'): string {
  const small = size === 'card';
  const series: (BarSeriesOption | LineSeriesOption)[] = [
    {
      type: 'bar',
      name: '実績値',
      data: points(data.actuals),
      itemStyle: { color: TOKEN.blue800 },
      barMaxWidth: small ? 28 : 40,
      label: {
        show: true,
        position: 'top',
        color: TOKEN.gray800,
        fontSize: small ? 11 : 12,
        formatter: (params: { dataIndex: number }) => data.actualLabels[params.dataIndex] ?? '',
      },
    },
  ];
  if (data.targets.some((v) => v !== null)) {
    series.push({
      type: 'line',
      name: '目標値',
      data: points(data.targets),
      connectNulls: false,
      symbol: 'diamond',
      symbolSize: small ? 9 : 11,
      itemStyle: { color: TOKEN.orange800 },
      lineStyle: { color: TOKEN.orange800, type: 'dashed', width: 2 },
    });
  }
  if (data.baseline.some((v) => v !== null)) {
    series.push({
      type: 'line',
      name: '基準値',
      data: points(data.baseline),
      symbol: 'rect',
      symbolSize: small ? 9 : 11,
      itemStyle: { color: TOKEN.gray700 },
      lineStyle: { width: 0 },
    });
  }
  return renderChartSvg(
    {
      legend: {
        top: 4,
        left: 'center',
        itemGap: small ? 12 : 24,
        textStyle: { color: TOKEN.gray800, fontSize: small ? 11 : 13 },
      },
      grid: { left: 8, right: 16, top: small ? 36 : 44, bottom: 8 },
      xAxis: { type: 'category', data: [...data.years], ...AXIS_STYLE },
      yAxis: {
        type: 'value',
        name: data.unit,
        nameTextStyle: { color: TOKEN.gray800, align: 'left' },
        ...AXIS_STYLE,
      },
      series,
    },
    SIZES[size],
  );
}
