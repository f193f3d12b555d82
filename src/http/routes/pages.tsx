import { type Context, Hono } from 'hono';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { departmentLabel, walkGoals } from '../../domain/plan/model.ts';
import type { Goal } from '../../domain/plan/schema.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { ChecksPage, SEVERITIES } from '../views/checks/checks-page.tsx';
import { goalFullName, goalName } from '../views/goal-names.ts';
import { goalPageProps } from '../views/goals/goal-model.ts';
import { GoalPage } from '../views/goals/goal-page.tsx';
import { KpiListPage } from '../views/kpis/kpi-list-page.tsx';
import {
  defaultOrder,
  filterRows,
  goalOptions,
  kpiRows,
  SORT_KEYS,
  type SortOrder,
  STATUS_ORDER,
  sortRows,
} from '../views/kpis/kpi-rows.ts';
import { type PageYear, yearText } from '../views/links.ts';
import { measurePageProps } from '../views/measures/measure-model.ts';
import { MeasurePage } from '../views/measures/measure-page.tsx';
import { renderPage } from '../views/page.tsx';
import { TopPage } from '../views/top/top-page.tsx';

type PageContext = Context<AppEnv>;

/** Reads `?fy=` (2024, R6, 令和6年度 …); absent means the report year; a year without data is refused. */
function pageYear(c: PageContext): PageYear {
  const site = c.get('site');
  const year = { years: site.years, defaultYear: site.defaultYear };
  const raw = c.req.query('fy');
  if (raw === undefined || raw.trim() === '') return { ...year, fy: site.defaultYear };
  const parsed = parseFiscalYear(raw);
  if (!parsed.ok) {
    throw new AppError(
      'bad_request',
      `年度（fy）の指定「${raw}」を年度として読み取れません。例: 2024、R6、令和6年度`,
    );
  }
  if (!year.years.includes(parsed.value)) {
    throw new AppError(
      'bad_request',
      `年度（fy）の指定「${raw}」（${formatFiscalYear(parsed.value)}）のデータはありません。指定できる年度: ${year.years.map(yearText).join('、')}`,
    );
  }
  return { ...year, fy: parsed.value };
}

/**
 * An optional query parameter that must be one of the allowed values; empty (a form's 「すべて」) means not given.
 * Anything else is refused with a message naming the parameter.
 */
function choice<T extends string>(
  c: PageContext,
  name: string,
  label: string,
  allowed: readonly T[],
  shown: readonly string[] = allowed,
): T | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new AppError(
    'bad_request',
    `${label}（${name}）の指定「${raw}」は使えません。指定できる値: ${shown.join('、')}`,
  );
}

const goalIndex = (c: PageContext): Map<string, Goal> =>
  new Map([...walkGoals(c.get('site').plan.document.goals)].map((node) => [node.goal.code, node.goal]));

/** The public pages (server-rendered, no JavaScript needed). */
export const pageRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const site = c.get('site');
    const year = pageYear(c);
    const { document } = site.plan;
    return renderPage(
      c,
      `${yearText(year.fy)} 進捗状況`,
      <TopPage
        year={year}
        plan={document.plan}
        summary={site.summary(year.fy)}
        goals={document.goals}
        goalsByCode={goalIndex(c)}
        findingCounts={site.findings(year.fy).counts}
        provisional={document.report.actualsProvisional && year.fy === site.plan.reportYear}
      />,
    );
  })
  .get('/goals/:code', (c) => {
    const year = pageYear(c);
    const code = c.req.param('code');
    const props = goalPageProps(c.get('site'), code, year);
    if (props === undefined) throw new AppError('not_found', `目標「${code}」はこの計画にありません。`);
    return renderPage(c, `${goalFullName(props.goal)}（${yearText(year.fy)}）`, <GoalPage {...props} />);
  })
  .get('/measures/:id', (c) => {
    const year = pageYear(c);
    const id = c.req.param('id');
    const props = measurePageProps(c.get('site'), id, year);
    if (props === undefined) throw new AppError('not_found', `施策「${id}」はこの計画にありません。`);
    return renderPage(c, `${props.measure.name}（${yearText(year.fy)}）`, <MeasurePage {...props} />);
  })
  .get('/kpis', (c) => {
    const site = c.get('site');
    const year = pageYear(c);
    const goals = goalOptions(site);
    const departments = site.plan.document.departments.map((d) => ({
      code: d.code,
      label: departmentLabel(d),
    }));
    const filter = {
      goal: choice(
        c,
        'goal',
        '目標',
        goals.map((g) => g.code),
      ),
      department: choice(
        c,
        'department',
        '担当所属',
        departments.map((d) => d.code),
      ),
      status: choice(c, 'status', '判定', STATUS_ORDER),
    };
    const sortKey = choice(c, 'sort', '並べ替えの列', SORT_KEYS);
    const order = choice<SortOrder>(c, 'order', '並び順', ['asc', 'desc'], ['asc（昇順）', 'desc（降順）']);
    const sort = sortKey ? { key: sortKey, order: order ?? defaultOrder(sortKey) } : undefined;
    const all = kpiRows(site, year.fy);
    const matching = filterRows(site, all, filter);
    const rows = sort ? sortRows(site, matching, sort.key, sort.order) : matching;
    return renderPage(
      c,
      `KPI一覧（${yearText(year.fy)}）`,
      <KpiListPage
        year={year}
        rows={rows}
        total={all.length}
        filter={filter}
        sort={sort}
        goals={goals}
        departments={departments}
      />,
    );
  })
  .get('/checks', (c) => {
    const site = c.get('site');
    const year = pageYear(c);
    const severity = choice(c, 'severity', '重要度', SEVERITIES, [
      'error（エラー）',
      'warning（警告）',
      'info（情報）',
    ]);
    const measureNames = new Map([...site.plan.measures.values()].map((m) => [m.id, m.name]));
    const goalNames = new Map([...goalIndex(c).values()].map((g) => [g.code, goalName(g)]));
    return renderPage(
      c,
      `整合性チェック（${yearText(year.fy)}）`,
      <ChecksPage
        year={year}
        output={site.findings(year.fy)}
        severity={severity}
        measureNames={measureNames}
        goalNames={goalNames}
      />,
    );
  });
