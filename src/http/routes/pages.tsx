import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { renderPage } from '../views/page.tsx';

/** The public pages (server-rendered, no JavaScript needed). */
export const pageRoutes = new Hono<AppEnv>().get('/', (c) => {
  const site = c.get('site');
  const summary = site.summary(site.defaultYear);
  return renderPage(
    c,
    'トップ',
    <>
      <h1>
        {summary.plan.name} {summary.fiscalYearLabel} 進捗状況
      </h1>
      <p>基本目標: {summary.plan.basicGoal}</p>
      <p>
        関連事業 {summary.total.display.projects} 決算額 {summary.total.display.amountOkuYen}
      </p>
    </>,
  );
});
