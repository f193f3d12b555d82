import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { evaluatePlan } from '../../src/domain/evaluation/plan-evaluation.ts';
import type { Plan } from '../../src/domain/plan/model.ts';
import { buildReport, type ReportModel } from '../../src/domain/report/report-model.ts';
import { readDataset } from '../../src/io/dataset/read-dataset.ts';
import { renderReportHtml, renderReportHtmlDocument } from '../../src/io/report-html/index.ts';

const DATA = 'data/miyagi-fy2024.yaml';

let plan: Plan;
let model: ReportModel;
let html: string;

beforeAll(async () => {
  const loaded = await readDataset(DATA);
  if (!loaded.ok) throw new Error('dataset does not load');
  plan = loaded.value;
  model = buildReport(plan, evaluatePlan(plan, plan.reportYear));
  html = renderReportHtml(model);
});

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('renderReportHtml (miyagi R6)', () => {
  it('is a Japanese A4 landscape print document with page numbers', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="ja">');
    expect(html).toMatch(/@page\s*\{\s*size: A4 landscape;/);
    expect(html).toContain('counter(page) " / " counter(pages)');
    expect(html).toContain('break-after: page');
  });

  it('shows the summary totals and differences', () => {
    expect(html).toContain('184件');
    expect(html).toContain('70.5億円');
    expect(html).toContain('+8.2億円');
    expect(html).toContain('(前年度比+8件 +8.2億円)');
    expect(html).toContain('R6年度実績(見込み)');
    expect(html).toContain(model.summary.basicGoal);
    for (const box of model.summary.boxes) expect(html).toContain(box.display.amountOkuYen);
    if (model.summary.roundingNote) expect(html).toContain(model.summary.roundingNote);
  });

  it('has one page per priority goal and the foundation table in the seed order', () => {
    expect(model.goalPages).toHaveLength(3);
    const positions = [
      html.indexOf('184件'),
      ...model.goalPages.map((g) => html.indexOf(g.heading)),
      html.indexOf(model.foundation?.title ?? '—'),
      html.indexOf('表1 '),
    ];
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('【新】');
    expect(html).toContain('達成率');
  });

  it('has the KPI tables with captions, repeated header rows and the analyses', () => {
    expect(model.kpiTables).toHaveLength(5);
    const groups = model.kpiTables.reduce((n, t) => n + t.groups.length, 0);
    expect(count(html, /<table class="grid kpi">/g)).toBe(groups);
    expect(count(html, /<caption>表\d+ /g)).toBe(groups);
    expect(html).toContain('display: table-header-group');
    for (const t of model.kpiTables) expect(html).toContain(t.goal.label);
    for (const header of ['施策名', '担当所属', '項目(単位)', '基準値(時点)', '進捗状況に係る要因分析等'])
      expect(count(html, new RegExp(`<th scope="col">${header.replace(/[()]/g, '\\$&')}</th>`, 'g'))).toBe(
        groups,
      );
    for (const heading of ['イ', 'ロ', 'ハ'])
      expect(html).toMatch(new RegExp(`<h3 class="subarea">${heading} `));
    expect(html).toContain('※ 見込み（R6年度実績は見込み値）');
  });

  it('marks ai-iot-industry as 【一部達成】', () => {
    const row = model.kpiTables
      .flatMap((t) => t.groups.flatMap((g) => g.rows))
      .find((r) => r.measureNames.some((n) => n.includes('AI・IoT')));
    expect(row?.analysis.startsWith('【一部達成】')).toBe(true);
    expect(html).toContain('【一部達成】');
  });

  it('escapes text from the data', () => {
    const hostile = { ...model, title: '<script>alert(1)</script>&' };
    const out = renderReportHtml(hostile);
    expect(out).not.toContain('<script>alert(1)');
    expect(out).toContain('&lt;script&gt;');
  });

  it('inlines only the Noto Sans JP subsets it needs as data: URLs', () => {
    const doc = renderReportHtmlDocument(model);
    const faces = count(doc, /@font-face/g);
    expect(faces).toBeGreaterThan(10);
    expect(faces).toBeLessThan(250);
    expect(doc).toContain('src:url(data:font/woff2;base64,');
    expect(doc).not.toMatch(/url\((?!data:)/);
  });
});

describe('shinchoku report --format html', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shinchoku-report-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
  };

  it('writes the HTML file', async () => {
    const file = join(dir, 'report.html');
    const c = io();
    const code = await run(['report', '--fy', 'R6', '--format', 'html', '--out', file, '--data', DATA], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.join('')).toContain(file);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('184件');
    expect(text).toContain('【一部達成】');
  });

  it('rejects an unknown format and an out-of-range year in Japanese', async () => {
    const bad = io();
    expect(
      await run(['report', '--format', 'docx', '--out', join(dir, 'x'), '--data', DATA], bad.io),
    ).not.toBe(0);
    expect(bad.err.join('')).toContain('「docx」は使えません');
    const year = io();
    expect(
      await run(
        ['report', '--fy', 'R20', '--format', 'html', '--out', join(dir, 'y'), '--data', DATA],
        year.io,
      ),
    ).not.toBe(0);
    expect(year.err.join('')).toContain('--fy');
  });
});
