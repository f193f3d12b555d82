/**
 * Example requests for the /api page, built from the loaded plan (its report year, its first ids) and answered
 * through the same resolvers as the routes, then cut down to a readable excerpt.
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { SiteData } from '../site-data.ts';
import { goalFor, goalTreeFor, kpiFor, measureFor, summaryFor } from './resolvers.ts';

export interface ApiExample {
  readonly operationId: string;
  readonly url: string;
  readonly excerpt: string;
}

const prefer = (wanted: string, ids: Iterable<string>): string | undefined => {
  const list = [...ids];
  return list.includes(wanted) ? wanted : list[0];
};

/** One example per operation that the plan can answer (an empty plan has no goal to show, for instance). */
export function apiExamples(site: SiteData): ApiExample[] {
  const fy = site.defaultYear;
  const short = formatFiscalYear(fy, 'short').replace(/年度$/, '');
  const goal = prefer('citizen', site.plan.goals.keys());
  const measure = prefer('ai-iot-industry', site.plan.measures.keys());
  const kpi = prefer('digital-id-app-users', site.plan.kpis.keys());
  const examples: { operationId: string; url: string; answer: () => unknown }[] = [
    { operationId: 'getSummary', url: `/api/v1/summary?fy=${fy}`, answer: () => summaryFor(site, fy) },
    {
      operationId: 'listMeasureEvaluations',
      url: `/api/v1/measures?fy=${short}`,
      answer: () => site.evaluationOutput(fy),
    },
    {
      operationId: 'listFindings',
      url: `/api/v1/findings?fy=${formatFiscalYear(fy)}`,
      answer: () => site.findings(fy),
    },
    { operationId: 'listGoals', url: '/api/v1/goals', answer: () => goalTreeFor(site) },
  ];
  if (goal)
    examples.push({
      operationId: 'getGoal',
      url: `/api/v1/goals/${goal}`,
      answer: () => goalFor(site, goal),
    });
  if (measure)
    examples.push({
      operationId: 'getMeasure',
      url: `/api/v1/measures/${measure}?fy=${fy}`,
      answer: () => measureFor(site, measure, fy),
    });
  if (kpi)
    examples.push({
      operationId: 'getKpi',
      url: `/api/v1/kpis/${kpi}?fy=${fy}`,
      answer: () => kpiFor(site, kpi, fy),
    });
  return examples.flatMap(({ operationId, url, answer }) => {
    try {
      return [{ operationId, url, excerpt: excerptJson(answer()) }];
    } catch {
      return []; // e.g. a report year without 関連事業 figures: the route answers 404, so no example
    }
  });
}

const MAX_TEXT = 40;
const MAX_DEPTH = 4;
// Marks a placeholder so that it is printed bare (…（ほか26件）) rather than as a JSON string.
const MARK = '\u0000';

/** Keeps the first item of each array, four levels of nesting and the start of long texts. */
export function excerpt(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    if (depth >= MAX_DEPTH) return [`${MARK}…（${value.length}件）`];
    const rest = value.length > 1 ? [`${MARK}…（ほか${value.length - 1}件）`] : [];
    return [excerpt(value[0], depth + 1), ...rest];
  }
  if (value !== null && typeof value === 'object') {
    if (depth >= MAX_DEPTH) return `${MARK}{…}`;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, excerpt(v, depth + 1)]));
  }
  return value;
}

/** The excerpt as indented JSON with its placeholders unquoted. */
export const excerptJson = (value: unknown): string =>
  JSON.stringify(excerpt(value), null, 2).replace(/"\\u0000([^"]*)"/g, '$1');
