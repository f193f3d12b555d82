import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { seedPlan } from '../support/plans.ts';

const app = createApp(new SiteData(seedPlan()));

async function page(path: string): Promise<{ status: number; headers: Headers; html: string; text: string }> {
  const res = await app.request(path);
  const html = await res.text();
  return { status: res.status, headers: res.headers, html, text: textOf(html) };
}

/** The page's text as a reader sees it: tags removed, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(
      /<\/?(p|li|dt|dd|div|h[1-6]|td|th|tr|caption|figcaption|summary|option|label|nav|section)\b[^>]*>/g,
      ' ',
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The body rows of the table with the given id. */
function tableRows(html: string, id: string): string[] {
  const table = new RegExp(`<table id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return body.split('</tr>').filter((row) => row.includes('<tr'));
}

const measureLinks = (html: string) =>
  [...html.matchAll(/href="\/measures\/([a-z0-9-]+)"/g)].map((m) => m[1]);

const PAGES = [
  '/',
  '/?fy=2023',
  '/?fy=2022',
  '/goals/citizen',
  '/goals/local',
  '/goals/business',
  '/goals/foundation',
  '/goals/prefecture',
  '/goals/prefecture-talent',
  '/goals/citizen?fy=R5',
  '/measures/ai-iot-industry',
  '/measures/telework',
  '/measures/local-products-digital-marketing',
  '/measures/rural-dx?fy=2023',
  '/kpis',
  '/kpis?status=not_achieved&sort=achievement&order=desc',
  '/kpis?fy=2022',
  '/checks',
  '/checks?severity=warning&fy=R5',
];

describe('every page', () => {
  it.each(PAGES)(
    '%s is an HTML page without script, with captioned tables and ordered headings',
    async (path) => {
      const { status, headers, html } = await page(path);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toMatch(/^<!DOCTYPE html><html lang="ja">/);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<style/i);
      expect(html.replace(/<svg[\s\S]*?<\/svg>/g, '')).not.toContain(' style="'); // style attributes only in SVG
      const tables = html.match(/<table[^>]*>/g) ?? [];
      expect(html.match(/<table[^>]*><caption/g) ?? []).toHaveLength(tables.length);
      for (const th of html.match(/<th[\s>][^>]*>?/g) ?? []) expect(th).toMatch(/scope="(col|row)"/);
      for (const region of html.match(/<div class="table-scroll"[^>]*>/g) ?? []) {
        expect(region).toMatch(/role="region"/);
        expect(region).toMatch(/aria-labelledby="[^"]+-caption"/);
        expect(region).toMatch(/tabindex="0"/);
      }
      const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      expect(levels[0]).toBe(1);
      levels.forEach((level, i) => {
        if (i > 0) expect(level).toBeLessThanOrEqual((levels[i - 1] ?? 1) + 1);
      });
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );

  it('carries the security headers', async () => {
    const { headers } = await page('/');
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
  });

  it('offers the year selector as a GET form with a labelled select and a button', async () => {
    const { html } = await page('/goals/citizen');
    expect(html).toMatch(/<form class="year-form" method="get" action="\/goals\/citizen"/);
    expect(html).toContain('<label for="year-form-fy">年度</label>');
    expect(html).toMatch(/<option value="2024" selected="">令和6年度（2024年度）<\/option>/);
    expect(html).toContain('<option value="2023">令和5年度（2023年度）</option>');
    expect(html).toMatch(/<button type="submit" class="button">表示<\/button>/);
  });

  it.each(['2023', 'R5', '令和5年度', 'Ｒ５年度'])(
    'reads fy=%s as 令和5年度 and keeps it in links',
    async (fy) => {
      const { status, html, text } = await page(`/?fy=${encodeURIComponent(fy)}`);
      expect(status).toBe(200);
      expect(text).toContain('令和5年度（2023年度） 進捗状況');
      expect(text).toContain('176件');
      expect(html).toContain('href="/goals/citizen?fy=2023"');
      expect(html).toContain('href="/kpis?status=not_achieved&amp;fy=2023"');
    },
  );
});

describe('GET /', () => {
  it('shows the plan, the basic goal and the totals of FY2024 with the difference labelled', async () => {
    const { text } = await page('/');
    expect(text).toContain('みやぎ情報化推進ポリシー');
    expect(text).toContain('情報化で実現する富県躍進！');
    expect(text).toContain('デジタル D × みやぎ = PROGRESS');
    expect(text).toContain('誰一人取り残さないデジタル社会の実現');
    expect(text).toContain('令和6年度（2024年度）');
    for (const figure of [
      '184件',
      '70.5億円',
      '+8件',
      '+8.2億円',
      '18.3億円',
      '28.9億円',
      '△1.9億円',
      '19.5億円',
    ]) {
      expect(text).toContain(figure);
    }
    expect(text).toContain('前年度（R5年度）との差');
    expect(text).toContain('端数処理の関係で合計が一致しない場合があります');
    expect(text).toContain('令和6年度（2024年度）の実績値は見込みです');
  });

  it('has a card per priority goal and the foundation with its two sub-areas, linking to their pages', async () => {
    const { html, text } = await page('/');
    for (const code of ['citizen', 'local', 'business', 'foundation', 'municipal', 'prefecture']) {
      expect(html).toContain(`href="/goals/${code}"`);
    }
    expect(text).toContain('重点目標① D for Citizen 最適化による県民サービスの向上');
    expect(text).toContain('基盤取組 Foundation 目標達成のための基盤取組');
    expect(text).toContain('市町村の情報化への支援 事業数 8件 決算額 0.9億円');
  });

  it('counts the measures by status, linking to the KPI list, and links the checks with their counts', async () => {
    const { html, text } = await page('/');
    expect(text).toMatch(/【達成】 ?18 ?施策/);
    expect(text).toMatch(/【一部達成】 ?1 ?施策/);
    expect(text).toMatch(/【未達成】 ?8 ?施策/);
    expect(text).toMatch(/【判定不能】 ?0 ?施策/);
    expect(html).toContain('href="/kpis?status=not_achieved"');
    expect(html).toContain('href="/checks"');
    expect(text).toContain('整合性チェックの結果を見る（エラー6件・警告9件）');
  });

  it('draws 決算額 per goal for two years as an SVG figure with a table alternative', async () => {
    const { html } = await page('/');
    const figure = /<figure class="chart" id="amount-chart">[\s\S]*?<\/figure>/.exec(html)?.[0] ?? '';
    expect(figure).toMatch(
      /<div class="chart__image" role="img" aria-label="目標別の決算額（億円）: D for Citizen 令和5年度（2023年度） 20.2億円 令和6年度（2024年度） 18.3億円/,
    );
    expect(figure).toContain('<svg');
    expect(figure).toContain('<figcaption');
    expect(figure).toContain('<details class="chart__data">');
    expect(figure).toContain('1,828,557千円');
    expect(figure).toContain('△194,394千円');
  });

  it('says so when a year has no project figures instead of printing 0件', async () => {
    const { html, text } = await page('/?fy=2022');
    expect(text).toContain('令和4年度（2022年度）の関連事業の数値はありません');
    const section = /<section aria-labelledby="projects-heading">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).not.toContain('0件');
    expect(section).not.toContain('<svg');
  });
});

describe('GET /goals/:code', () => {
  it('shows a priority goal: figures, guidelines, headline KPI cards, initiatives and measures', async () => {
    const { html, text } = await page('/goals/citizen');
    expect(text).toContain('重点目標① D for Citizen 最適化による県民サービスの向上');
    expect(text).toContain('61件');
    expect(text).toContain('1,828,557千円');
    expect(text).toContain('マイナンバーカードの普及促進');
    expect(text).toContain('デジタル身分証アプリ登録者数');
    expect(text).toContain('502%');
    expect(text).toContain('65.9万人（658,815人）（見込み）');
    expect(text).toContain('13.1万人（131,000人）');
    expect(text).toContain('みやぎ電子申請サービス リニューアル（令和7年2月）');
    expect(text).toContain('【新】外国人県民へのオンライン日本語講座実施');
    expect(text).toContain('窓口キャッシュレス 手続数');
    expect(html).toContain('href="/measures/open-data-miyagi"');
    expect(html).toMatch(
      /<div class="chart__image" role="img" aria-label="デジタル身分証アプリ登録者数（万人）の推移: R5年度実績値約12.9、R6年度目標値13.1、R6年度実績値65.9（見込み）"/,
    );
  });

  it('says a headline KPI without values has none, never 0', async () => {
    const { html, text } = await page('/goals/local');
    const card =
      /<h5 class="kpi-card__name">デジタル化が「ある程度進んでいる」以上の企業の割合<\/h5>[\s\S]*?<\/li>/.exec(
        html,
      )?.[0] ?? '';
    expect(textOf(card)).toContain('数値がないため、グラフはありません');
    expect(textOf(card)).toContain('【判定不能】');
    expect(textOf(card)).not.toMatch(/\b0%/);
    expect(text).toContain('先進モデル創出件数');
  });

  it('lists the measures of its sub-areas under a parent goal, with the projects of both sub-areas', async () => {
    const { html, text } = await page('/goals/foundation');
    const links = measureLinks(html);
    expect(links).toContain('joint-e-application');
    expect(links).toContain('digital-advisor');
    expect(links).toContain('police-ict-training');
    expect(text).toContain('KPI設定施策の判定（令和6年度（2024年度）、13施策）');
    expect(text).toContain('92,965千円');
    expect(text).toContain('1,953,251千円');
    expect(html).toContain('href="/goals/municipal"');
  });

  it('points a sub-area without figures of its own to the goal whose figures include it', async () => {
    const { html, text } = await page('/goals/prefecture-talent');
    expect(text).toContain('この区分の関連事業は「県行政の情報化の基盤整備」全体で集計されています');
    expect(html).toContain('href="/goals/prefecture"');
    expect(measureLinks(html)).toEqual(['dx-training', 'ict-lesson-improvement', 'police-ict-training']);
  });

  it('is a 404 page for an unknown goal', async () => {
    const { status, headers, text } = await page('/goals/nope');
    expect(status).toBe(404);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('目標「nope」はこの計画にありません');
  });
});

describe('GET /measures/:id', () => {
  it('shows the KPI table with the computed status and rates (ai-iot-industry: 【一部達成】, 76%)', async () => {
    const { html, text } = await page('/measures/ai-iot-industry');
    expect(text).toContain('AI・IoT産業創出・活用促進支援事業');
    expect(text).toContain('企画部 産業デジタル推進課');
    expect(text).toContain('【一部達成】');
    const rows = tableRows(html, 'kpi-table').map(textOf);
    expect(rows[0]).toContain('① 先進モデル創出件数（件）');
    expect(rows[0]).toContain('8（R3年度時点）');
    expect(rows[0]).toContain('13（見込み）');
    expect(rows[0]).toContain('【未達成】');
    expect(rows[0]).toContain('76%');
    expect(rows[0]).toContain('55%');
    expect(rows[1]).toContain('未計測');
    expect(rows[1]).toContain('119%');
    expect(text).toContain('県内IT企業単独での実施希望が多かった');
    expect(html).toMatch(/<figure class="chart" id="history-chart-0">/);
    expect(html).toContain('<table id="history-chart-0-table"');
  });

  it('shows both published labels, the computed one and the finding (local-products-digital-marketing)', async () => {
    const { html, text } = await page('/measures/local-products-digital-marketing');
    const judgement = textOf(/<ul class="judgement">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '');
    expect(judgement).toContain('KPIの実績から再計算した判定 【達成】');
    expect(judgement).toContain('公表資料に記載された判定 【未達成】【達成】');
    expect(text).toContain('エラー');
    expect(text).toMatch(/判定が.*2つ/);
  });

  it('marks a value of another year with its year (education-informatisation: 74.7 R5)', async () => {
    const { text } = await page('/measures/education-informatisation');
    expect(text).toContain('74.7（R5年度実績値）');
  });

  it('names a value in a unit other than the KPI’s (telework: 人/年) and notes the excluded KPI', async () => {
    const { text } = await page('/measures/telework');
    expect(text).toContain('300（人/年）');
    expect(text).toContain('値がないため判定から除外したKPI');
  });

  it('is a 404 page for an unknown measure', async () => {
    const { status, text } = await page('/measures/nope');
    expect(status).toBe(404);
    expect(text).toContain('施策「nope」はこの計画にありません');
  });
});

describe('GET /kpis', () => {
  it('lists every KPI of the measures and the headline KPIs outside measures', async () => {
    const { html, text } = await page('/kpis');
    const rows = tableRows(html, 'kpi-list');
    expect(rows.length).toBeGreaterThan(30);
    expect(text).toContain(`すべてのKPI: ${rows.length}件（全${rows.length}件）`);
    expect(text).toContain('デジタル身分証アプリ登録者数（人）');
    expect(text).toContain('施策なし（関連KPIのみ）');
    expect(html).toContain('<form class="filter-form" method="get" action="/kpis"');
    for (const name of ['goal', 'department', 'status', 'fy']) expect(html).toContain(`name="${name}"`);
  });

  it('filters by status: the 8 measures judged 未達成', async () => {
    const { html, text } = await page('/kpis?status=not_achieved');
    const measures = new Set(measureLinks(tableRows(html, 'kpi-list').join('')));
    expect(measures).toEqual(
      new Set([
        'open-data-miyagi',
        'free-wifi',
        'my-number-card',
        'ict-company-location',
        'rural-dx',
        'paperless-meetings',
        'digital-advisor',
        'security-self-check',
      ]),
    );
    expect(text).toMatch(/判定「未達成」に該当するKPI: \d+件/);
    expect(html).toMatch(/<option value="not_achieved" selected="">未達成<\/option>/);
  });

  it('filters by goal (with its sub-areas) and by department, and combines filters', async () => {
    const all = tableRows((await page('/kpis')).html, 'kpi-list').length;
    const foundation = new Set(
      measureLinks(tableRows((await page('/kpis?goal=foundation')).html, 'kpi-list').join('')),
    );
    expect(foundation.has('dx-training')).toBe(true);
    expect(foundation.has('joint-e-application')).toBe(true);
    expect(foundation.has('telework')).toBe(false);
    const education = tableRows((await page('/kpis?department=kyoiku-kikaku')).html, 'kpi-list');
    expect(education.length).toBeGreaterThan(0);
    expect(education.length).toBeLessThan(all);
    for (const row of education) expect(textOf(row)).toContain('教育庁 教育企画室');
    const both = await page('/kpis?goal=business&status=achieved');
    for (const row of tableRows(both.html, 'kpi-list')) expect(textOf(row)).toContain('D for Business');
    const none = await page('/kpis?goal=municipal&status=not_achieved');
    expect(none.text).toContain('条件に該当するKPIはありません');
  });

  it('sorts by 達成率 either way, rows without a rate last, and marks the sorted column', async () => {
    const rates = async (query: string) =>
      tableRows((await page(`/kpis?${query}`)).html, 'kpi-list').map((row) => {
        const cells = row.split('</td>');
        const text = textOf(cells[6] ?? '');
        return /(\d+)%/.exec(text) ? Number(/(\d+)%/.exec(text)?.[1]) : null;
      });
    const desc = await rates('sort=achievement&order=desc');
    const numbers = desc.filter((r): r is number => r !== null);
    expect(numbers[0]).toBe(502);
    expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
    expect(desc.indexOf(null)).toBe(numbers.length);
    const asc = (await rates('sort=achievement&order=asc')).filter((r): r is number => r !== null);
    expect(asc).toEqual([...numbers].reverse());
    const { html } = await page('/kpis?sort=achievement&order=desc&status=achieved');
    expect(html).toMatch(
      /<th scope="col" aria-sort="descending"><a class="sort-link" href="\/kpis\?status=achieved&amp;sort=achievement&amp;order=asc">達成率/,
    );
    expect(html).toContain('<input type="hidden" name="sort" value="achievement"/>');
  });

  it('sorts by name and keeps the filter in the sort links', async () => {
    const { html } = await page('/kpis?goal=local&sort=name');
    const names = tableRows(html, 'kpi-list').map((row) =>
      textOf(/<th scope="row">([\s\S]*?)<\/th>/.exec(row)?.[1] ?? ''),
    );
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'ja')));
    expect(html).toContain('href="/kpis?goal=local&amp;sort=department&amp;order=asc"');
  });
});

describe('GET /checks', () => {
  it('groups the findings by severity, each linking to the page concerned', async () => {
    const { html, text } = await page('/checks');
    expect(text).toContain('エラー（6件）');
    expect(text).toContain('警告（9件）');
    expect(text).toContain('情報（8件）');
    expect(html).toContain('href="/measures/local-products-digital-marketing"');
    expect(html).toContain('href="/goals/local"');
    expect(text).toContain('D for Localの決算額「29.0億円」');
  });

  it('filters by severity', async () => {
    const { text } = await page('/checks?severity=error');
    expect(text).toContain('エラー（6件）');
    expect(text).not.toContain('警告（9件）');
    expect(text).not.toContain('情報（8件）');
  });
});

describe('bad requests', () => {
  it.each([
    ['/?fy=X9', '年度（fy）の指定「X9」'],
    ['/?fy=2030', '年度（fy）の指定「2030」（令和12年度）のデータはありません'],
    ['/goals/citizen?fy=2019', '年度（fy）'],
    ['/measures/telework?fy=abc', '年度（fy）'],
    ['/kpis?status=foo', '判定（status）の指定「foo」は使えません'],
    ['/kpis?sort=bar', '並べ替えの列（sort）の指定「bar」は使えません'],
    ['/kpis?sort=name&order=up', '並び順（order）の指定「up」は使えません'],
    ['/kpis?goal=nope', '目標（goal）の指定「nope」は使えません'],
    ['/kpis?department=nope', '担当所属（department）'],
    ['/checks?severity=fatal', '重要度（severity）の指定「fatal」は使えません'],
  ])('%s is a 400 page naming the parameter', async (path, message) => {
    const { status, headers, text } = await page(path);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('指定が正しくありません');
    expect(text).toContain(message);
  });

  it('escapes the refused value in the page', async () => {
    const { status, html } = await page(`/kpis?status=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(status).toBe(400);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
  });
});
