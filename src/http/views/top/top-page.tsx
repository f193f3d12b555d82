import type { Severity } from '../../../domain/audit/finding.ts';
import type { SummaryOutput } from '../../../domain/output/summary-output.ts';
import type { Goal } from '../../../domain/plan/schema.ts';
import { YearForm } from '../components/year-form.tsx';
import { fyParam, href, type PageYear, yearText } from '../links.ts';
import { AmountChart } from './amount-chart.tsx';
import { Figures, GoalCards } from './goal-cards.tsx';
import { StatusCounts } from './status-counts.tsx';

export interface TopPageProps {
  readonly year: PageYear;
  readonly plan: {
    name: string;
    basicGoal: string;
    slogan?: string | undefined;
    subtitle?: string | undefined;
  };
  readonly summary: SummaryOutput;
  /** The plan's top-level goals (priority goals and the foundation), in order. */
  readonly goals: readonly Goal[];
  readonly goalsByCode: ReadonlyMap<string, Goal>;
  readonly findingCounts: Record<Severity, number>;
  /** The year's actuals are 見込み (report.actualsProvisional for the report year). */
  readonly provisional: boolean;
}

/** トップ: the summary page of the report. */
export function TopPage({
  year,
  plan,
  summary,
  goals,
  goalsByCode,
  findingCounts,
  provisional,
}: TopPageProps) {
  const figures = new Map(summary.goals.map((g) => [g.code, g]));
  const hasFigures = summary.goals.length > 0;
  return (
    <>
      <div class="page-heading">
        <h1>
          {plan.name} <span class="page-heading__sub">{yearText(year.fy)} 進捗状況</span>
        </h1>
        <YearForm action="/" year={year} />
      </div>
      <section class="basic-goal" aria-labelledby="basic-goal-heading">
        <h2 id="basic-goal-heading" class="basic-goal__label">
          基本目標
        </h2>
        <p class="basic-goal__text">{plan.basicGoal}</p>
        {plan.slogan ? <p class="basic-goal__slogan">{plan.slogan}</p> : null}
        {plan.subtitle ? <p class="basic-goal__subtitle">「{plan.subtitle}」</p> : null}
      </section>
      {provisional ? (
        <p class="notice">{yearText(year.fy)}の実績値は見込みです（確定値ではありません）。</p>
      ) : null}

      <section aria-labelledby="projects-heading">
        <h2 id="projects-heading">関連事業の概要（{yearText(year.fy)}）</h2>
        {hasFigures ? (
          <>
            <div class="total-box">
              <p class="total-box__label">関連事業の合計</p>
              <Figures figures={summary.total} previousYear={year.fy - 1} />
            </div>
            <GoalCards goals={goals} figures={figures} year={year} />
            <p class="note">
              決算額は千円単位の明細から計算し、億円の小数第{summary.rounding.okuYenDigits}位に
              {summary.rounding.modeLabel}で表示しています。前年度比は前年度との差です。
              {summary.rounding.note ? <strong class="note__strong">{summary.rounding.note}。</strong> : null}
            </p>
            <AmountChart summary={summary} goalsByCode={goalsByCode} />
          </>
        ) : (
          <p>{yearText(year.fy)}の関連事業の数値はありません。</p>
        )}
      </section>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">KPI設定施策の判定（{yearText(year.fy)}）</h2>
        <StatusCounts counts={summary.measureCounts} year={year} />
        <p>
          <a href={href('/kpis', { fy: fyParam(year) })}>すべてのKPIを一覧で見る</a>
        </p>
      </section>

      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading">整合性チェック</h2>
        <p>
          公表資料の数値・判定を、保存されたデータから再計算した結果と照合しています（エラー
          <span class="num">{findingCounts.error}</span>件、警告
          <span class="num">{findingCounts.warning}</span>
          件、情報<span class="num">{findingCounts.info}</span>件）。
        </p>
        <p>
          <a href={href('/checks', { fy: fyParam(year) })}>
            整合性チェックの結果を見る（エラー{findingCounts.error}件・警告{findingCounts.warning}件）
          </a>
        </p>
      </section>
    </>
  );
}
