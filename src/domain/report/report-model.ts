import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import { formatTimePoint, type TimePoint } from '../calendar/time-point.ts';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../evaluation/measure-status.ts';
import type { PlanEvaluation } from '../evaluation/plan-evaluation.ts';
import { evaluationOutput, type MeasureOutput } from '../output/evaluation-output.ts';
import type { KpiOutput, ValueOutput } from '../output/kpi-output.ts';
import { type FiguresOutput, type SummaryOutput, summaryOutput } from '../output/summary-output.ts';
import { goalLabel, type Plan } from '../plan/model.ts';
import type { Goal, HeadlineKpi, Initiative, Kpi } from '../plan/schema.ts';
import { rollUpProjects } from '../rollup/goal-rollup.ts';
import { inDisplayUnit } from '../values/display-unit.ts';
import { formatDecimal } from '../values/format-ja.ts';
import { formatThousandYen } from '../values/money.ts';

/**
 * The annual progress report as data, page by page in the seed's order: every text and figure already computed and
 * formatted from the plan and its rules, so the HTML, PDF, PowerPoint and Excel renderers only lay it out.
 */
export interface ReportModel {
  readonly title: string;
  readonly organisation: string;
  readonly fiscalYear: number;
  readonly fiscalYearLabel: string;
  /** 「R6年度実績(見込み)」: the year's actuals are provisional. */
  readonly provisional: boolean;
  readonly summary: SummaryPage;
  readonly goalPages: readonly GoalPage[];
  readonly foundation: FoundationPage | undefined;
  readonly kpiTables: readonly KpiTable[];
}

export interface SummaryPage {
  readonly basicGoal: string;
  readonly slogan: string | undefined;
  readonly subtitle: string | undefined;
  readonly total: FiguresOutput;
  readonly boxes: readonly (FiguresOutput & { code: string; label: string; title: string; kind: string })[];
  readonly previousYearLabel: string;
  readonly roundingNote: string | null;
  readonly counts: Readonly<Record<MeasureStatus, number>>;
}

export interface CardModel {
  readonly name: string;
  readonly values: readonly { readonly label: string; readonly text: string }[];
  readonly target: { readonly label: string; readonly text: string } | undefined;
  readonly achievementRate: string | undefined;
  readonly note: string | undefined;
}

export interface InitiativeModel {
  readonly text: string;
  readonly date: string | undefined;
  readonly isNew: boolean;
  readonly details: readonly string[];
}

export interface SectionModel {
  readonly guidelines: readonly string[];
  readonly cards: readonly CardModel[];
  readonly initiatives: readonly InitiativeModel[];
}

export interface GoalPage {
  readonly code: string;
  readonly heading: string;
  readonly title: string;
  readonly sections: readonly SectionModel[];
}

export interface FoundationPage {
  readonly title: string;
  readonly areas: readonly { readonly title: string; readonly sections: readonly SectionModel[] }[];
}

export interface KpiRowModel {
  readonly measureNames: readonly string[];
  readonly departments: readonly string[];
  /** One line per KPI, numbered ①② when there are several. */
  readonly items: readonly string[];
  readonly baselines: readonly string[];
  readonly targets: readonly string[];
  readonly actuals: readonly string[];
  readonly status: MeasureStatus;
  /** 【達成】 etc. computed, followed by the analysis text. */
  readonly analysis: string;
}

export interface KpiTable {
  readonly goal: { readonly code: string; readonly label: string };
  /** 「R5年度 60事業実施 決算額2,022,951千円」 lines, oldest first. */
  readonly projectLines: readonly string[];
  readonly groups: readonly { readonly heading: string | undefined; readonly rows: readonly KpiRowModel[] }[];
}

const NUMBERS = '①②③④⑤⑥⑦⑧⑨⑩';
const short = (fy: number) => formatFiscalYear(fy, 'short').replace('年度', '');

function valueText(
  v: ValueOutput | null,
  reportYear: number,
  kind: 'baseline' | 'target' | 'actual',
): string {
  if (v === null) return '—';
  if (kind === 'baseline') return v.asOf ? `${v.text} (${v.asOf})` : v.text;
  const other = v.fiscalYear !== null && v.fiscalYear !== reportYear;
  const suffix = other ? ` (${short(v.fiscalYear as number)}${kind === 'target' ? '目標値' : '実績値'})` : '';
  return `${v.text}${suffix}${v.provisional ? '※' : ''}`;
}

function kpiRow(m: MeasureOutput, reportYear: number): KpiRowModel {
  const numbered = (i: number) => (m.kpis.length > 1 ? (NUMBERS[i] ?? '') : '');
  const lines = (f: (k: KpiOutput) => string) => m.kpis.map((k, i) => `${numbered(i)}${f(k)}`);
  return {
    measureNames: [m.name, ...m.jointMeasures.map((j) => j.name)],
    departments: [m.department, ...m.jointMeasures.map((j) => j.department)].filter(
      (d, i, all) => all.indexOf(d) === i,
    ),
    items: lines((k) => `${k.name}（${k.unit}）`),
    baselines: lines((k) => valueText(k.baseline, reportYear, 'baseline')),
    targets: lines((k) => valueText(k.target, reportYear, 'target')),
    actuals: lines((k) => valueText(k.actual, reportYear, 'actual')),
    status: m.status,
    analysis: `【${MEASURE_STATUS_LABELS[m.status]}】${m.analysis ?? ''}`,
  };
}

function cardModel(card: HeadlineKpi, kpi: Kpi, output: KpiOutput, fiscalYear: number): CardModel {
  const scale = (value: Parameters<typeof formatDecimal>[0]) => {
    if (card.display === undefined) return `${formatDecimal(value)}${kpi.unit === '%' ? '%' : kpi.unit}`;
    return `${formatDecimal(inDisplayUnit(value, card.display))}${card.display.unit}`;
  };
  const values = kpi.actuals
    .filter((a) => a.fiscalYear <= fiscalYear && a.value.kind === 'value')
    .slice(-2)
    .map((a) => ({
      label: short(a.fiscalYear),
      text: a.value.kind === 'value' ? scale(a.value.value) : '—',
    }));
  const target = kpi.targets.find((t) => t.fiscalYear === fiscalYear) ?? kpi.targets.at(-1);
  const targetText =
    target === undefined
      ? undefined
      : 'relative' in target
        ? '前年度越え'
        : target.value.kind === 'value'
          ? scale(target.value.value)
          : undefined;
  return {
    name: kpi.name,
    values,
    target:
      target && targetText ? { label: `目標（${short(target.fiscalYear)}）`, text: targetText } : undefined,
    achievementRate: output.display.achievementRate ?? undefined,
    note: card.published?.note,
  };
}

/** 「R7.2月」 as the report prints a month; other time points in their short form. */
const printedDate = (tp: TimePoint): string =>
  tp.kind === 'month' && tp.position !== 'end' ? `${formatTimePoint(tp)}月` : formatTimePoint(tp);

const initiativeModel = (i: Initiative): InitiativeModel => ({
  text: i.text,
  date: i.date ? `${printedDate(i.date)}${i.until ? `〜${printedDate(i.until)}` : ''}` : undefined,
  isNew: i.isNew,
  details: i.details,
});

/** Builds the report of one fiscal year from the plan (pure). */
export function buildReport(plan: Plan, evaluation: PlanEvaluation): ReportModel {
  const { document } = plan;
  const fiscalYear = evaluation.fiscalYear;
  const summary: SummaryOutput = summaryOutput(plan, rollUpProjects(plan, fiscalYear), evaluation.counts);
  const output = evaluationOutput(plan, evaluation);
  const sections = (goal: Goal): SectionModel[] =>
    goal.sections.map((section, s) => ({
      guidelines: section.guidelines,
      initiatives: section.initiatives.map(initiativeModel),
      cards: evaluation.headlineKpis.flatMap((h, i) => {
        const out = output.headlineKpis[i];
        if (h.goal.goal.code !== goal.code || h.sectionIndex !== s || out === undefined) return [];
        return [cardModel(h.card, h.evaluation.kpi, out.kpi, fiscalYear)];
      }),
    }));
  const priority = document.goals.filter((g) => g.kind === 'priority');
  const foundationGoal = document.goals.find((g) => g.kind === 'foundation');
  const previous = fiscalYear - 1;
  const projectLine = (code: string, fy: number) => {
    const p = document.projects.find((x) => x.goal === code && x.fiscalYear === fy);
    return p
      ? `${short(fy)}年度 ${p.count}事業実施 決算額${formatThousandYen(p.amountThousandYen)}`
      : undefined;
  };
  const measuresUnder = (codes: ReadonlySet<string>) => output.measures.filter((m) => codes.has(m.goal));
  const subtree = (g: Goal): string[] => [g.code, ...g.children.flatMap(subtree)];
  const tableGoals = summary.goals
    .map((box) => plan.goals.get(box.code)?.goal)
    .filter((g): g is Goal => g !== undefined);
  return {
    title: `${document.plan.name} ${formatFiscalYear(fiscalYear)} 進捗報告資料`,
    organisation: document.organisation.name,
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    provisional: document.report.actualsProvisional && fiscalYear === plan.reportYear,
    summary: {
      basicGoal: document.plan.basicGoal,
      slogan: document.plan.slogan,
      subtitle: document.plan.subtitle,
      total: summary.total,
      boxes: summary.goals.map((g) => ({ ...g, kind: plan.goals.get(g.code)?.goal.kind ?? 'area' })),
      previousYearLabel: formatFiscalYear(previous, 'short'),
      roundingNote: summary.rounding.note,
      counts: summary.measureCounts,
    },
    goalPages: priority.map((g) => ({
      code: g.code,
      heading: `重点目標${NUMBERS[(g.number ?? 1) - 1] ?? ''} 「${g.title}」 取組状況`,
      title: goalLabel(g),
      sections: sections(g),
    })),
    foundation: foundationGoal && {
      title: `「${foundationGoal.title}」取組状況`,
      areas: foundationGoal.children.map((area) => ({ title: area.title, sections: sections(area) })),
    },
    kpiTables: tableGoals.map((g) => {
      const groups =
        g.children.length === 0
          ? [{ heading: undefined, rows: measuresUnder(new Set([g.code])) }]
          : [
              { heading: undefined, rows: measuresUnder(new Set([g.code])) },
              ...g.children.map((child) => ({
                heading: `${child.marker ?? ''} ${child.title}`.trim(),
                rows: measuresUnder(new Set(subtree(child))),
              })),
            ];
      return {
        goal: { code: g.code, label: goalLabel(g) },
        projectLines: [projectLine(g.code, previous), projectLine(g.code, fiscalYear)].filter(
          (l): l is string => l !== undefined,
        ),
        groups: groups
          .filter((group) => group.rows.length > 0)
          .map((group) => ({
            heading: group.heading,
            rows: group.rows.map((m) => kpiRow(m, plan.reportYear)),
          })),
      };
    }),
  };
}
