import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePlan } from '../../src/domain/evaluation/plan-evaluation.ts';
import { buildReport, type ReportModel } from '../../src/domain/report/report-model.ts';
import { renderReportPptx } from '../../src/io/pptx/report-pptx.ts';
import { readZip } from '../../src/io/zip/zip-read.ts';
import { seedPlan } from '../support/plans.ts';

const OUTPUT = join('test-output', 'report', 'miyagi-r6-progress-report.pptx');

// LibreOffice opens a pptx only with its Impress module (Debian: libreoffice-impress-nogui); skipped without it.
const PROGRAM = '/usr/lib/libreoffice/program';
const office = spawnSync('which', ['soffice']).status === 0 ? 'soffice' : undefined;
const impress = ['simpress.bin', 'libsdlo.so'].some((f) => existsSync(join(PROGRAM, f)));

let model: ReportModel;
let pptx: Buffer;
/** Slide XML by slide number (1-based, in presentation order). */
const slides: string[] = [];
let entries: string[];

beforeAll(async () => {
  const plan = seedPlan();
  model = buildReport(plan, evaluatePlan(plan, 2024));
  pptx = await renderReportPptx(model);
  await mkdir(join('test-output', 'report'), { recursive: true });
  await writeFile(OUTPUT, pptx);
  const zip = await readZip(pptx, 'report.pptx', 'PowerPoint');
  if (!zip.ok) throw new Error(zip.error.map((e) => e.message).join('\n'));
  entries = zip.value.map((e) => e.name);
  for (const e of zip.value) {
    const m = /^ppt\/slides\/slide(\d+)\.xml$/.exec(e.name);
    if (m) slides[Number(m[1]) - 1] = e.data.toString('utf8');
  }
});

const text = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('');

describe('the PowerPoint report', () => {
  it('is a 16:9 deck of editable slides, no images', () => {
    expect(entries).toContain('ppt/presentation.xml');
    expect(slides.length).toBeGreaterThanOrEqual(5 + model.kpiTables.length);
    expect(entries.some((n) => n.startsWith('ppt/media/'))).toBe(false);
    expect(slides.every((x) => !x.includes('<p:pic'))).toBe(true);
  });

  it('opens with the summary: totals, boxes, provisional label, rounding note', () => {
    const first = text(slides[0] ?? '');
    expect(first).toContain('184件');
    expect(first).toContain('70.5億円');
    expect(first).toContain('+8件');
    expect(first).toContain('R6年度実績(見込み)');
    expect(first).toContain('情報化で実現する富県躍進！');
    expect(first).toContain('端数処理の関係で合計が一致しない場合があります');
    for (const box of model.summary.boxes) {
      expect(first).toContain(box.title);
      expect(first).toContain(box.display.amountOkuYen);
    }
  });

  it('has the goal slides in order with headline KPI cards and 【新】 initiatives', () => {
    for (const [i, goal] of model.goalPages.entries())
      expect(text(slides[i + 1] ?? '')).toContain(goal.heading);
    const citizen = text(slides[1] ?? '');
    expect(citizen).toContain('65.9万人');
    expect(citizen).toContain('達成率 502%');
    expect(citizen).toContain('(R7.2月)');
    expect(slides.slice(1, 4).map(text).join('')).toContain('【新】');
    expect(slides.slice(1, 5).every((x) => x.includes('<a:tbl>'))).toBe(true);
  });

  it('renders the foundation slide as a table', () => {
    const foundation = slides.find((x) => text(x).includes(model.foundation?.title ?? '?')) ?? '';
    expect(foundation).toContain('<a:tbl>');
    expect(text(foundation)).toContain('市町村の情報化への支援');
  });

  it('renders every KPI table as a real table with its header on each slide', () => {
    const kpi = slides.filter((x) => text(x).includes('個別施策及びKPI設定施策の進捗状況について'));
    expect(kpi.length).toBeGreaterThanOrEqual(model.kpiTables.length);
    for (const xml of kpi) {
      expect(xml).toContain('<a:tbl>');
      expect(text(xml)).toContain('進捗状況に係る要因分析等');
      expect(text(xml)).toContain('施策名');
    }
    const all = kpi.map(text).join('');
    expect(all).toContain('【一部達成】');
    expect(all).toContain('R6年度 61事業実施 決算額1,828,557千円');
    for (const table of model.kpiTables) expect(all).toContain(table.goal.label);
  });

  it('splits a long KPI table over several slides, repeating the header row', async () => {
    const [table] = model.kpiTables;
    if (table === undefined) throw new Error('no KPI table');
    const rows = table.groups.flatMap((g) => g.rows);
    const long: ReportModel = {
      ...model,
      kpiTables: [{ ...table, groups: [{ heading: undefined, rows: [...rows, ...rows, ...rows, ...rows] }] }],
    };
    const zip = await readZip(await renderReportPptx(long), 'long.pptx', 'PowerPoint');
    if (!zip.ok) throw new Error('unreadable');
    const kpi = zip.value
      .filter((e) => /^ppt\/slides\/slide\d+\.xml$/.test(e.name))
      .map((e) => text(e.data.toString('utf8')))
      .filter((t) => t.includes('進捗状況に係る要因分析等'));
    expect(kpi.length).toBeGreaterThan(1);
    const measures = kpi.map((t) => (t.match(new RegExp(rows[0]?.measureNames[0] ?? '?', 'g')) ?? []).length);
    expect(measures.reduce((a, b) => a + b, 0)).toBe(4);
    for (const t of kpi) expect(t).toContain('施策名');
  });

  it('sets the Japanese font for latin and East Asian text on every run', () => {
    for (const xml of slides) {
      expect(xml).toContain('<a:ea typeface="Noto Sans JP"');
      expect(xml).toContain('<a:latin typeface="Noto Sans JP"');
      expect(xml).toContain('lang="ja-JP"');
    }
  });

  it.skipIf(office === undefined || !impress)(
    'converts to PDF with LibreOffice Impress',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'shinchoku-pptx-'));
      try {
        const file = join(dir, 'report.pptx');
        await writeFile(file, pptx);
        const result = spawnSync(
          office ?? 'soffice',
          [
            '--headless',
            `-env:UserInstallation=file://${dir}/profile`,
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            file,
          ],
          { env: { ...process.env, HOME: dir }, timeout: 180_000 },
        );
        expect(result.status, result.stderr?.toString()).toBe(0);
        const pdf = await readFile(join(dir, 'report.pdf'));
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        await writeFile(OUTPUT.replace(/\.pptx$/, '.pdf'), pdf);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
