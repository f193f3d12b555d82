import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export interface ChartFigureProps {
  readonly id: string;
  /** Shown under the chart as its caption. */
  readonly caption: Child;
  /** What the chart shows, for screen readers: a short summary with the figures. */
  readonly label: string;
  /** The server-rendered SVG (trusted: produced by src/http/charts). */
  readonly svg: string;
  /** The chart's data as a table: its text alternative. */
  readonly table: Child;
  readonly class?: string;
}

/** A chart in a figure with a caption, an accessible name, and its data table behind a disclosure. */
export function ChartFigure({ id, caption, label, svg, table, class: className }: ChartFigureProps) {
  return (
    <figure class={className ? `chart ${className}` : 'chart'} id={id}>
      <div class="chart__image" role="img" aria-label={label}>
        {raw(svg)}
      </div>
      <figcaption class="chart__caption">{caption}</figcaption>
      <details class="chart__data">
        <summary>グラフの数値を表で見る</summary>
        {table}
      </details>
    </figure>
  );
}
