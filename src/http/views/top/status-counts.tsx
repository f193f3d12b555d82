import { MEASURE_STATUSES, type MeasureStatus } from '../../../domain/evaluation/measure-status.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { fyParam, href, type PageYear } from '../links.ts';

/** How many measures reached each status, each linking to the KPI list filtered by that status. */
export function StatusCounts({ counts, year }: { counts: Record<MeasureStatus, number>; year: PageYear }) {
  return (
    <ul class="status-counts">
      {MEASURE_STATUSES.map((status) => (
        <li class={`status-counts__item status-counts__item--${status.replace('_', '-')}`}>
          <a href={href('/kpis', { status, fy: fyParam(year) })}>
            <StatusBadge status={status} />
            <span class="status-counts__number num">{counts[status]}</span>
            <span class="status-counts__unit">施策</span>
            <span class="visually-hidden">（KPI一覧で見る）</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
