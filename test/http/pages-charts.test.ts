import { describe, expect, it } from 'vitest';
import { amountBarChart } from '../../src/http/charts/amount-bar-chart.ts';
import { kpiHistoryChart } from '../../src/http/charts/kpi-history-chart.ts';
import { TOKEN } from '../../src/http/charts/palette.ts';

describe('server-rendered charts', () => {
  it('draws 決算額 per goal as an SVG with the printed figures and the token colours, without <style>', () => {
    const svg = amountBarChart({
      categories: ['D for Citizen', 'D for Local'],
      series: [
        { name: '令和5年度', values: [20.2, 15.9], labels: ['20.2億円', '15.9億円'] },
        { name: '令和6年度', values: [18.3, null], labels: ['18.3億円', ''] },
      ],
    });
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 600 \d+"/);
    expect(svg).not.toContain('<style');
    expect(svg).not.toContain('<script');
    for (const text of ['D for Citizen', '20.2億円', '18.3億円', '令和6年度']) expect(svg).toContain(text);
    expect(svg).toContain(TOKEN.blue900);
    expect(svg).toContain(TOKEN.blue500);
    expect(svg).toContain('Noto Sans JP');
  });

  it('draws a KPI history with gaps for missing values, never a bar of 0', () => {
    const svg = kpiHistoryChart(
      {
        years: ['R3年度', 'R4年度', 'R5年度', 'R6年度'],
        unit: '件',
        actuals: [null, null, null, 13],
        actualLabels: ['', '', '', '13'],
        targets: [null, null, null, 17],
        baseline: [8, null, null, null],
      },
      'full',
    );
    expect(svg).not.toContain('<style');
    for (const text of ['実績値', '目標値', '基準値', 'R3年度', '13']) expect(svg).toContain(text);
    const bars = svg.match(new RegExp(`<path [^>]*fill="${TOKEN.blue800}"`, 'g')) ?? [];
    // One bar for R6 and the legend's swatch; no bar for the years without an actual.
    expect(bars.length).toBe(2);
  });

  it('is pure: the same data gives the same drawing (apart from instance ids)', () => {
    const data = {
      years: ['R6年度'],
      unit: '%',
      actuals: [95.8],
      actualLabels: ['95.8'],
      targets: [80],
      baseline: [null],
    };
    const strip = (svg: string) => svg.replace(/zr\d+-/g, 'zr-');
    expect(strip(kpiHistoryChart(data, 'card'))).toBe(strip(kpiHistoryChart(data, 'card')));
  });
});
