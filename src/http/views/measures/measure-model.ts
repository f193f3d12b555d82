import { kpisOfMeasure } from '../../../domain/plan/model.ts';
import type { RuleSet } from '../../../domain/plan/rules.ts';
import type { Goal } from '../../../domain/plan/schema.ts';
import { ROUNDING_MODE_LABELS } from '../../../domain/values/decimal.ts';
import type { SiteData } from '../../site-data.ts';
import { kpiHistory } from '../kpi-history.ts';
import type { PageYear } from '../links.ts';
import type { MeasurePageProps } from './measure-page.tsx';

/** 「小数点以下を切り捨て」, 「小数第2位以下を四捨五入」: how a rate is rounded for display. */
const roundingText = (r: { digits: number; mode: keyof typeof ROUNDING_MODE_LABELS }): string =>
  `${r.digits === 0 ? '小数点' : `小数第${r.digits + 1}位`}以下を${ROUNDING_MODE_LABELS[r.mode]}`;

const rateRounding = (rules: RuleSet): string => {
  const achievement = roundingText(rules.achievementRate.display);
  const progress = roundingText(rules.progressRate.display);
  return achievement === progress ? achievement : `達成率は${achievement}、進捗率は${progress}`;
};

/** Everything the measure page shows; undefined when the plan has no such measure. */
export function measurePageProps(site: SiteData, id: string, year: PageYear): MeasurePageProps | undefined {
  const { plan } = site;
  const source = plan.measures.get(id);
  const measure = site.evaluationOutput(year.fy).measures.find((m) => m.id === id);
  if (source === undefined || measure === undefined) return undefined;
  const node = plan.goals.get(measure.goal);
  const goalTrail: Goal[] = node ? [...node.ancestors, node.goal] : [];
  const alsoUnder = measure.alsoUnder.flatMap((code) => {
    const g = plan.goals.get(code);
    return g ? [g.goal] : [];
  });
  const options = {
    reportYear: plan.reportYear,
    actualsProvisional: plan.document.report.actualsProvisional,
  };
  return {
    year,
    measure,
    goalTrail,
    alsoUnder,
    histories: kpisOfMeasure(plan, source).map((kpi) => ({
      id: kpi.id,
      name: kpi.name,
      history: kpiHistory(kpi, options),
      note: kpi.note,
    })),
    findings: site.findings(year.fy).findings.filter((f) => f.where.measure === id),
    provisional: options.actualsProvisional && year.fy === plan.reportYear,
    rateRounding: rateRounding(plan.document.plan.rules),
  };
}
