import type { Finding } from '../../../domain/audit/finding.ts';
import type { MeasureOutput } from '../../../domain/output/evaluation-output.ts';
import type { Goal } from '../../../domain/plan/schema.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { KpiHistoryFigure } from '../components/kpi-history-figure.tsx';
import { SeverityBadge, StatusBadge } from '../components/status-badge.tsx';
import { YearForm } from '../components/year-form.tsx';
import { goalName } from '../goal-names.ts';
import type { KpiHistory } from '../kpi-history.ts';
import { fyParam, goalHref, href, type PageYear, yearText } from '../links.ts';
import { KpiTable } from './kpi-table.tsx';

export interface MeasurePageProps {
  readonly year: PageYear;
  readonly measure: MeasureOutput;
  /** The primary goal and its ancestors, from the top. */
  readonly goalTrail: readonly Goal[];
  /** The other goals the measure is shown under. */
  readonly alsoUnder: readonly Goal[];
  readonly histories: readonly { id: string; name: string; history: KpiHistory; note?: string | undefined }[];
  /** Findings of the consistency check on this measure. */
  readonly findings: readonly Finding[];
  readonly provisional: boolean;
  /** How 達成率 and 進捗率 are rounded for display, e.g. 「小数点以下を切り捨て」. */
  readonly rateRounding: string;
}

const LABEL_CODES = new Set(['published-label-mismatch', 'published-label-multiple']);

/** 施策: department, KPIs with their evaluation, published vs computed status, 要因分析, and the KPIs' history. */
export function MeasurePage(props: MeasurePageProps) {
  const { year, measure, goalTrail, alsoUnder, histories, findings, provisional } = props;
  const goal = goalTrail[goalTrail.length - 1];
  const labelFindings = findings.filter((f) => LABEL_CODES.has(f.code));
  const otherFindings = findings.filter((f) => !LABEL_CODES.has(f.code));
  const excluded = measure.kpis.filter((k) => measure.excludedKpis.includes(k.id));
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'トップ', href: href('/', { fy: fyParam(year) }) },
          ...goalTrail.map((g) => ({ label: goalName(g), href: goalHref(g.code, year) })),
          { label: measure.name },
        ]}
      />
      <div class="page-heading">
        <h1>
          <span class="page-heading__kind">KPI設定施策 </span>
          {measure.name}
        </h1>
        <YearForm action={`/measures/${measure.id}`} year={year} />
      </div>
      <dl class="meta">
        <dt>目標</dt>
        <dd>{goal ? <a href={goalHref(goal.code, year)}>{goalName(goal)}</a> : measure.goalTitle}</dd>
        {alsoUnder.length > 0 ? (
          <>
            <dt>ほかに掲載されている目標</dt>
            <dd>
              {alsoUnder.map((g, i) => (
                <>
                  {i > 0 ? '、' : ''}
                  <a href={goalHref(g.code, year)}>{goalName(g)}</a>
                </>
              ))}
            </dd>
          </>
        ) : null}
        <dt>担当所属</dt>
        <dd>{measure.department}</dd>
        {measure.jointMeasures.map((j) => (
          <>
            <dt>共同施策</dt>
            <dd>
              {j.name}（{j.department}）
            </dd>
          </>
        ))}
      </dl>
      {provisional ? <p class="notice">{yearText(year.fy)}の実績値は見込みです。</p> : null}

      <h2>判定（{yearText(year.fy)}）</h2>
      <ul class="judgement">
        <li class="judgement__item">
          <span class="judgement__label">KPIの実績から再計算した判定 </span>
          <StatusBadge status={measure.status} />
        </li>
        <li class="judgement__item">
          <span class="judgement__label">公表資料に記載された判定 </span>
          {measure.publishedLabels.length === 0 ? (
            <span>記載なし</span>
          ) : (
            measure.publishedLabels.map((label) => <span class="published-label">【{label}】</span>)
          )}
        </li>
      </ul>
      {labelFindings.map((f) => (
        <div class="finding-box">
          <p>
            <SeverityBadge severity={f.severity} /> {f.message}
          </p>
        </div>
      ))}
      {excluded.length > 0 ? (
        <p class="note">
          値がないため判定から除外したKPI:{' '}
          {excluded.map((k) => `${k.name}（${k.notEvaluableReason ?? '値なし'}）`).join('、')}
        </p>
      ) : null}

      <h2>KPI</h2>
      <KpiTable measure={measure} fy={year.fy} />
      <p class="note">
        達成率は実績値÷目標値（減少が良い指標は目標値÷実績値）、進捗率は基準値から目標値までの進み具合です（表示は
        {props.rateRounding}）。
      </p>

      <h2>要因分析</h2>
      {measure.analysis ? (
        <p class="analysis">{measure.analysis}</p>
      ) : (
        <p>{yearText(year.fy)}の要因分析の記載はありません。</p>
      )}

      <h2>KPIの推移</h2>
      {histories.map((h, i) => (
        <section aria-labelledby={`history-${i}`}>
          <h3 id={`history-${i}`}>{h.name}</h3>
          <KpiHistoryFigure
            id={`history-chart-${i}`}
            name={h.name}
            history={h.history}
            size="full"
            missingNote={h.note}
          />
        </section>
      ))}

      {otherFindings.length > 0 ? (
        <>
          <h2>整合性チェックの指摘</h2>
          <ul class="findings">
            {otherFindings.map((f) => (
              <li class="finding">
                <p class="finding__head">
                  <SeverityBadge severity={f.severity} />
                </p>
                <p class="finding__message">{f.message}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
