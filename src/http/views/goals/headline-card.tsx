import type { HeadlineKpiOutput } from '../../../domain/output/evaluation-output.ts';
import type { ValueOutput } from '../../../domain/output/kpi-output.ts';
import { KpiHistoryFigure } from '../components/kpi-history-figure.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import type { KpiHistory } from '../kpi-history.ts';
import { shortYearText } from '../links.ts';

export interface HeadlineCardProps {
  readonly id: string;
  readonly card: HeadlineKpiOutput;
  /** The KPI's values by year, in the card's display unit. */
  readonly history: KpiHistory;
  readonly fy: number;
  /** The dataset's note on the KPI, shown when it has no values. */
  readonly note?: string | undefined;
}

/** A value in the card's unit (65.9万人) with the exact figure (658,815人) when the card scales it. */
function CardValue({
  value,
  kind,
  history,
  card,
  fy,
}: {
  value: ValueOutput | null;
  kind: 'target' | 'actual';
  history: KpiHistory;
  card: HeadlineKpiOutput;
  fy: number;
}) {
  if (value === null) return <>なし</>;
  const row = history.rows.find((r) => r.fiscalYear === value.fiscalYear);
  const shown = kind === 'actual' ? row?.actual : row?.target;
  const scaledText =
    card.display && shown && shown.value !== null ? `${shown.text}${card.display.unit}` : null;
  const plain = value.value === null ? value.text : `${value.text}${value.unit}`;
  return (
    <>
      {scaledText ?? plain}
      {scaledText ? <span class="mark">（{plain}）</span> : null}
      {value.provisional ? <span class="mark">（見込み）</span> : null}
      {value.fiscalYear !== null && value.fiscalYear !== fy ? (
        <span class="mark">（{shortYearText(value.fiscalYear)}の値）</span>
      ) : null}
    </>
  );
}

/** 関連KPI card: the year's actual, target and 達成率 from the evaluation, and a small chart of its values. */
export function HeadlineCard({ id, card, history, fy, note }: HeadlineCardProps) {
  const { kpi } = card;
  return (
    <li class="kpi-card">
      <h5 class="kpi-card__name">{kpi.name}</h5>
      <p class="kpi-card__status">
        <StatusBadge status={kpi.status} />
        {kpi.notEvaluableReason ? <span class="mark">（{kpi.notEvaluableReason}）</span> : null}
      </p>
      <dl class="kpi-card__figures">
        <dt>実績値</dt>
        <dd>
          <CardValue value={kpi.actual} kind="actual" history={history} card={card} fy={fy} />
        </dd>
        <dt>目標値</dt>
        <dd>
          <CardValue value={kpi.target} kind="target" history={history} card={card} fy={fy} />
        </dd>
        <dt>達成率</dt>
        <dd>{kpi.display.achievementRate ?? '—（算出できません）'}</dd>
      </dl>
      <KpiHistoryFigure id={id} name={kpi.name} history={history} size="card" missingNote={note} />
    </li>
  );
}
