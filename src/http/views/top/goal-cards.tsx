import type { FiguresOutput, SummaryOutput } from '../../../domain/output/summary-output.ts';
import type { Goal } from '../../../domain/plan/schema.ts';
import { goalKind, goalName } from '../goal-names.ts';
import { goalHref, type PageYear, shortYearText } from '../links.ts';

type GoalFigures = SummaryOutput['goals'][number];

/** 事業数, 決算額 and 前年度との差 of one goal or of the total. */
export function Figures({ figures, previousYear }: { figures: FiguresOutput; previousYear: number }) {
  const { display } = figures;
  return (
    <dl class="figures">
      <div class="figures__item">
        <dt>事業数</dt>
        <dd class="num">{display.projects}</dd>
      </div>
      <div class="figures__item">
        <dt>決算額</dt>
        <dd class="num">{display.amountOkuYen}</dd>
      </div>
      <div class="figures__item figures__item--wide">
        <dt>前年度（{shortYearText(previousYear)}）との差</dt>
        <dd class="num">
          {display.differenceProjects === null
            ? '前年度の数値なし'
            : `${display.differenceProjects}　${display.differenceOkuYen ?? ''}`}
        </dd>
      </div>
    </dl>
  );
}

function GoalTitle({ goal, year }: { goal: Goal; year: PageYear }) {
  const kind = goalKind(goal);
  return (
    <a href={goalHref(goal.code, year)} class="goal-card__link">
      {kind ? <span class="goal-card__kind">{kind} </span> : null}
      <span class="goal-card__name">{goalName(goal)}</span>
    </a>
  );
}

const NoFigures = () => <p class="goal-card__empty">この年度の関連事業の数値はありません。</p>;

export interface GoalCardsProps {
  readonly goals: readonly Goal[];
  readonly figures: ReadonlyMap<string, GoalFigures>;
  readonly year: PageYear;
}

/** The priority goals and the foundation as cards; the foundation carries its sub-areas with their figures. */
export function GoalCards({ goals, figures, year }: GoalCardsProps) {
  const previousYear = year.fy - 1;
  return (
    <ul class="goal-cards">
      {goals.map((goal) => {
        const own = figures.get(goal.code);
        const parts = goal.children.filter((child) => figures.has(child.code));
        return (
          <li class={`goal-card goal-card--${goal.kind}`}>
            <h3 class="goal-card__title">
              <GoalTitle goal={goal} year={year} />
            </h3>
            {own ? <Figures figures={own} previousYear={previousYear} /> : null}
            {parts.length > 0 ? (
              <ul class="goal-card__parts">
                {parts.map((child) => {
                  const f = figures.get(child.code);
                  return (
                    <li class="goal-card__part">
                      <h4 class="goal-card__title">
                        <GoalTitle goal={child} year={year} />
                      </h4>
                      {f ? <Figures figures={f} previousYear={previousYear} /> : null}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {!own && parts.length === 0 ? <NoFigures /> : null}
          </li>
        );
      })}
    </ul>
  );
}
