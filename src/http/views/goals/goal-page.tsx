import type { HeadlineKpiOutput, MeasureOutput } from '../../../domain/output/evaluation-output.ts';
import type { SummaryOutput } from '../../../domain/output/summary-output.ts';
import type { Goal, Initiative } from '../../../domain/plan/schema.ts';
import { Breadcrumbs } from '../components/breadcrumbs.tsx';
import { YearForm } from '../components/year-form.tsx';
import { goalKind, goalName } from '../goal-names.ts';
import type { KpiHistory } from '../kpi-history.ts';
import { fyParam, goalHref, href, type PageYear, shortYearText, yearText } from '../links.ts';
import { GoalMeasures } from './goal-measures.tsx';
import { GoalProjects } from './goal-projects.tsx';
import { HeadlineCard } from './headline-card.tsx';
import { InitiativeList } from './initiative-list.tsx';

export interface HeadlineCardView {
  readonly card: HeadlineKpiOutput;
  readonly history: KpiHistory;
  readonly note?: string | undefined;
}

/** ポリシー行動指針 block with its 関連KPI cards and 主要取組. */
export interface GoalSectionView {
  readonly guidelines: readonly string[];
  readonly cards: readonly HeadlineCardView[];
  readonly initiatives: readonly Initiative[];
}

export interface GoalPageProps {
  readonly year: PageYear;
  readonly goal: Goal;
  readonly ancestors: readonly Goal[];
  readonly sections: readonly GoalSectionView[];
  readonly projects: readonly SummaryOutput['goals'][number][];
  readonly rounding: SummaryOutput['rounding'];
  /** The goal above whose figures include this sub-area's projects, when it has none of its own. */
  readonly projectsCountedAt?: Goal | undefined;
  readonly measures: readonly MeasureOutput[];
  readonly goalNames: ReadonlyMap<string, string>;
  readonly provisional: boolean;
  /** The fiscal year the initiatives belong to (the report's year). */
  readonly reportYear: number;
}

/** A goal (or sub-area): guidelines, headline KPIs, major initiatives, project figures and measures. */
export function GoalPage(props: GoalPageProps) {
  const { year, goal, ancestors, sections, measures } = props;
  const kind = goalKind(goal);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'トップ', href: href('/', { fy: fyParam(year) }) },
          ...ancestors.map((a) => ({ label: goalName(a), href: goalHref(a.code, year) })),
          { label: goalName(goal) },
        ]}
      />
      <div class="page-heading">
        <h1>
          {kind ? <span class="page-heading__kind">{kind} </span> : null}
          {goalName(goal)}
        </h1>
        <YearForm action={`/goals/${goal.code}`} year={year} />
      </div>
      <p class="lead">{yearText(year.fy)}の取組と成果</p>
      {props.provisional ? <p class="notice">{yearText(year.fy)}の実績値は見込みです。</p> : null}
      {goal.children.length > 0 ? (
        <nav aria-labelledby="subgoals-heading">
          <h2 id="subgoals-heading">この目標の区分</h2>
          <ul class="subgoals">
            {goal.children.map((child) => (
              <li>
                <a href={goalHref(child.code, year)}>{goalName(child)}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      <h2>関連事業</h2>
      {props.projectsCountedAt ? (
        <p>
          この区分の関連事業は「
          <a href={goalHref(props.projectsCountedAt.code, year)}>{goalName(props.projectsCountedAt)}</a>
          」全体で集計されています。
        </p>
      ) : (
        <GoalProjects rows={props.projects} fy={year.fy} rounding={props.rounding} />
      )}

      {sections.length > 0 ? (
        <>
          <h2>ポリシー行動指針と{shortYearText(props.reportYear)}の主要取組</h2>
          {sections.map((section, si) => (
            <section class="section-block" aria-labelledby={`section-${si}`}>
              <h3 id={`section-${si}`}>{section.guidelines.join('・')}</h3>
              {section.cards.length > 0 ? (
                <>
                  <h4>関連KPI</h4>
                  <ul class="kpi-cards">
                    {section.cards.map((c, ci) => (
                      <HeadlineCard
                        id={`kpi-${si}-${ci}`}
                        card={c.card}
                        history={c.history}
                        fy={year.fy}
                        note={c.note}
                      />
                    ))}
                  </ul>
                </>
              ) : null}
              {section.initiatives.length > 0 ? (
                <>
                  <h4>主要取組</h4>
                  <InitiativeList initiatives={section.initiatives} />
                </>
              ) : null}
            </section>
          ))}
        </>
      ) : null}

      <h2>KPI設定施策</h2>
      <GoalMeasures goalCode={goal.code} measures={measures} goalNames={props.goalNames} year={year} />
      <p>
        <a href={href('/kpis', { goal: goal.code, fy: fyParam(year) })}>この目標のKPIを一覧で見る</a>
      </p>
    </>
  );
}
