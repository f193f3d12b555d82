import { formatFiscalYear, parseFiscalYear } from '../calendar/fiscal-year.ts';
import type { Plan } from '../plan/model.ts';
import type { PublishedBox, PublishedSummary } from '../plan/schema.ts';
import {
  type ProjectRollup,
  ROUNDING_NOTE,
  type Rollup,
  rollUpProjects,
  roundedPartsAgainstTotal,
} from '../rollup/goal-rollup.ts';
import {
  addDecimal,
  compareDecimal,
  type Decimal,
  decimal,
  ROUNDING_MODE_LABELS,
  type RoundingMode,
} from '../values/decimal.ts';
import { formatDecimal, formatSignedDecimal } from '../values/format-ja.ts';
import {
  formatOkuYen,
  formatSignedCount,
  formatSignedOkuYen,
  formatThousandYen,
  toOkuYen,
} from '../values/money.ts';
import type { Finding, FindingLocation } from './finding.ts';
import { goalTrail } from './locations.ts';

/** The Japanese 端数処理 conventions a printed 億円 figure is tested against. */
const CONVENTIONS: readonly RoundingMode[] = ['half-up', 'truncate', 'away-from-zero'];

interface AmountFigure {
  readonly name: string;
  readonly printed: string;
  readonly modes: readonly RoundingMode[];
}

/** Checks the printed summary page against figures recomputed from the detail data (docs/domain.md §8). */
export function checkPublishedSummaries(plan: Plan, fiscalYear: number): Finding[] {
  return plan.document.publishedSummaries
    .map((summary, index) => ({ summary, index }))
    .filter(({ summary }) => summary.fiscalYear === fiscalYear)
    .flatMap(({ summary, index }) => checkSummary(plan, summary, `publishedSummaries[${index}]`));
}

function checkSummary(plan: Plan, summary: PublishedSummary, path: string): Finding[] {
  const { digits, mode } = plan.document.plan.rules.summary.okuYen;
  const rollup = rollUpProjects(plan, summary.fiscalYear);
  const findings: Finding[] = [];
  const amounts: AmountFigure[] = [];
  const pageLabel = `${formatFiscalYear(summary.fiscalYear)} 関連事業の概要（1ページ目）`;

  const checkBox = (box: PublishedBox, computed: Rollup, name: string, where: FindingLocation) => {
    const label = box.label === undefined ? undefined : labelYear(box.label);
    if (label !== undefined && label !== summary.fiscalYear) {
      findings.push({
        code: 'summary-label-year',
        severity: 'warning',
        where,
        message: `「${box.label}」と表示されていますが、数値は${formatFiscalYear(summary.fiscalYear, 'short')}のものです（${formatFiscalYear(summary.fiscalYear, 'short')}の明細と一致）。ラベルの年度を確認してください。`,
      });
    }
    const count = (printed: number, actual: number, what: string, signed: boolean) => {
      if (printed === actual) return;
      const show = (n: number) => (signed ? formatSignedCount(n) : `${n}件`);
      findings.push({
        code: 'summary-figure-mismatch',
        severity: 'error',
        where,
        message: `${name}の${what}「${show(printed)}」が、明細から求めた「${show(actual)}」と一致しません。`,
      });
    };
    const amount = (printed: Decimal, thousandYen: number, what: string, signed: boolean) => {
      const format = (m: RoundingMode) =>
        signed
          ? formatSignedOkuYen(thousandYen, { digits, mode: m })
          : formatOkuYen(thousandYen, { digits, mode: m });
      const modes = CONVENTIONS.filter(
        (m) => compareDecimal(toOkuYen(thousandYen, digits, m), printed) === 0,
      );
      const shown = signed ? formatSignedDecimal(printed) : formatDecimal(printed);
      amounts.push({ name: `${name}の${what}`, printed: `${shown}億円`, modes });
      if (modes.includes(mode)) return;
      const alternative =
        modes.length > 0 ? `（${modes.map((m) => ROUNDING_MODE_LABELS[m]).join('・')}なら一致）` : '';
      findings.push({
        code: 'summary-figure-mismatch',
        severity: 'error',
        where,
        message: `${name}の${what}「${shown}億円」が、明細（${formatThousandYen(thousandYen)}）を${ROUNDING_MODE_LABELS[mode]}した「${format(mode)}」と一致しません${alternative}。`,
      });
    };

    count(box.projects, computed.current.projects, '事業数', false);
    amount(box.amount, computed.current.amountThousandYen, '決算額', false);
    if (box.difference !== undefined && computed.difference !== undefined) {
      count(box.difference.projects, computed.difference.projects, '前年度比（事業数）', true);
      amount(box.difference.amount, computed.difference.amountThousandYen, '前年度比（決算額）', true);
    }
  };

  checkBox(summary.total, rollup.total, '合計', { path: `${path}.total`, label: `${pageLabel} › 合計` });
  summary.goals.forEach((box, i) => {
    const node = plan.goals.get(box.goal);
    const computed = rollup.goals.find((g) => g.goal.code === box.goal);
    const where = {
      path: `${path}.goals[${i}]`,
      label: `${pageLabel} › ${node ? goalTrail(node) : box.goal}`,
      goal: box.goal,
    };
    if (computed !== undefined)
      checkBox(box, computed, node?.goal.label ?? node?.goal.title ?? box.goal, where);
  });
  for (const g of rollup.goals) {
    if (!summary.goals.some((box) => box.goal === g.goal.code)) {
      findings.push({
        code: 'summary-goal-missing',
        severity: 'warning',
        where: { path, label: pageLabel, goal: g.goal.code },
        message: `「${g.goal.title}」の関連事業が概要ページに表示されていません。`,
      });
    }
  }
  findings.push(...checkConventions(amounts, mode, { path, label: pageLabel }));
  findings.push(...checkSums(plan, summary, rollup, { path, label: pageLabel }));
  return findings;
}

/** Reads the fiscal year at the start of a label such as 「R5関連事業」. */
function labelYear(label: string): number | undefined {
  const match = /^\s*((?:令和|平成|[RHＲＨ])\s*(?:元|[0-9０-９]+))/.exec(label);
  if (match?.[1] === undefined) return undefined;
  const parsed = parseFiscalYear(match[1]);
  return parsed.ok ? parsed.value : undefined;
}

function checkConventions(
  amounts: readonly AmountFigure[],
  mode: RoundingMode,
  where: FindingLocation,
): Finding[] {
  const reproducible = amounts.filter((a) => a.modes.length > 0);
  if (reproducible.every((a) => a.modes.includes(mode))) return [];
  const groups = CONVENTIONS.map((m) => ({
    mode: m,
    figures: reproducible.filter((a) => a.modes.includes(m) && !(m !== mode && a.modes.includes(mode))),
  })).filter((g) => g.figures.length > 0);
  const list = groups
    .map(
      (g) => `${ROUNDING_MODE_LABELS[g.mode]}: ${g.figures.map((f) => `${f.name} ${f.printed}`).join('、')}`,
    )
    .join(' ／ ');
  return [
    {
      code: 'summary-rounding-inconsistent',
      severity: 'warning',
      where,
      message: `概要ページの億円表示で端数処理が混在しています（${list}）。計画の設定は${ROUNDING_MODE_LABELS[mode]}です。`,
    },
  ];
}

function checkSums(
  plan: Plan,
  summary: PublishedSummary,
  rollup: ProjectRollup,
  where: FindingLocation,
): Finding[] {
  const findings: Finding[] = [];
  const { digits, mode } = plan.document.plan.rules.summary.okuYen;
  const sum = (values: Decimal[]) => values.reduce(addDecimal, decimal(0));
  const partsAmount = sum(summary.goals.map((b) => b.amount));
  const partsCount = summary.goals.reduce((n, b) => n + b.projects, 0);
  if (partsCount !== summary.total.projects) {
    findings.push({
      code: 'summary-parts-sum',
      severity: 'error',
      where,
      message: `目標別の事業数の合計（${partsCount}件）が、合計の事業数（${summary.total.projects}件）と一致しません。`,
    });
  }
  if (compareDecimal(partsAmount, summary.total.amount) !== 0 && !summary.roundingNote) {
    findings.push({
      code: 'summary-parts-sum',
      severity: 'warning',
      where,
      message: `目標別の決算額の合計（${formatDecimal(partsAmount)}億円）が合計（${formatDecimal(summary.total.amount)}億円）と一致しません。端数処理による差であれば注記が必要です。`,
    });
  }
  const diffs = summary.goals.flatMap((b) => (b.difference ? [b.difference] : []));
  const total = summary.total.difference;
  if (total !== undefined && diffs.length === summary.goals.length && diffs.length > 0) {
    const diffCount = diffs.reduce((n, d) => n + d.projects, 0);
    const diffAmount = sum(diffs.map((d) => d.amount));
    const show = `目標別の前年度比の合計（${formatSignedCount(diffCount)} ${formatSignedDecimal(diffAmount)}億円）が、合計の前年度比（${formatSignedCount(total.projects)} ${formatSignedDecimal(total.amount)}億円）と一致しません`;
    if (diffCount !== total.projects) {
      // Counts are exact: they must always add up.
      findings.push({ code: 'summary-differences-sum', severity: 'error', where, message: `${show}。` });
    } else if (compareDecimal(diffAmount, total.amount) !== 0 && !summary.roundingNote) {
      findings.push({
        code: 'summary-differences-sum',
        severity: 'warning',
        where,
        message: `${show}。端数処理による差であれば注記が必要です。`,
      });
    }
  }
  // Recomputed with the plan's rounding, do the rounded parts add up to the rounded total? If not, the note is needed.
  const gap = roundedPartsAgainstTotal(rollup, digits, mode);
  if (!gap.matches && !summary.roundingNote) {
    findings.push({
      code: 'rounding-note-missing',
      severity: 'info',
      where,
      message: `明細から${ROUNDING_MODE_LABELS[mode]}で求めると、目標別の決算額の合計は${formatDecimal(gap.parts)}億円、合計は${formatDecimal(gap.total)}億円で一致しません。「${ROUNDING_NOTE}」の注記を付けてください。`,
    });
  }
  return findings;
}
