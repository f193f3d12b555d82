import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { evaluatePlan } from '../../src/domain/evaluation/plan-evaluation.ts';
import { buildReport } from '../../src/domain/report/report-model.ts';
import { readDataset } from '../../src/io/dataset/read-dataset.ts';
import { renderReportHtmlDocument } from '../../src/io/report-html/index.ts';
import { ChromiumMissingError, renderReportPdf } from '../../src/io/report-pdf/index.ts';

const DATA = 'data/miyagi-fy2024.yaml';
/** Page images for review (ignored by git). */
const OUTPUT_DIR = join(process.cwd(), 'test-output', 'report');

let dir: string;
let pdfFile: string;
let text: string;
let pages: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shinchoku-pdf-'));
  const loaded = await readDataset(DATA);
  if (!loaded.ok) throw new Error('dataset does not load');
  const plan = loaded.value;
  const pdf = await renderReportPdf(
    renderReportHtmlDocument(buildReport(plan, evaluatePlan(plan, plan.reportYear))),
  );
  pdfFile = join(dir, 'report.pdf');
  await writeFile(pdfFile, pdf);
  text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
  pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))?.[1]);
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('renderReportPdf (miyagi R6)', () => {
  it('prints the figures and statuses as text (fonts embedded, not images)', () => {
    expect(text).toContain('184');
    expect(text).toContain('70.5');
    expect(text).toContain('【一部達成】');
    expect(text).toContain('進捗状況に係る要因分析等');
    expect(text).toMatch(/1 \/ \d+/);
  });

  it('has a reasonable number of A4 landscape pages', () => {
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(30);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdfFile], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)];
    expect(sizes).toHaveLength(pages);
    for (const [, w, h] of sizes) {
      expect(Number(w)).toBeGreaterThan(Number(h));
      expect(Number(w)).toBeCloseTo(841.89, 0);
      expect(Number(h)).toBeCloseTo(595.28, 0);
    }
  });

  it('embeds Noto Sans JP', () => {
    const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansJP/i);
  });

  it('renders the pages to PNG for review', () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    for (const f of readdirSync(OUTPUT_DIR)) if (f.startsWith('page-')) rmSync(join(OUTPUT_DIR, f));
    execFileSync('pdftoppm', ['-png', '-r', '50', pdfFile, join(OUTPUT_DIR, 'page')]);
    expect(readdirSync(OUTPUT_DIR).filter((f) => f.startsWith('page-') && f.endsWith('.png'))).toHaveLength(
      pages,
    );
  }, 60_000);

  it('says in Japanese that Chromium is needed when it is missing', async () => {
    const saved = process.env.SHINCHOKU_CHROMIUM;
    process.env.SHINCHOKU_CHROMIUM = join(dir, 'no-chromium');
    try {
      await expect(renderReportPdf('<html></html>')).rejects.toThrow(ChromiumMissingError);
      await expect(renderReportPdf('<html></html>')).rejects.toThrow(
        /Chromium が必要です（Debian: apt-get install chromium）/,
      );
    } finally {
      if (saved === undefined) delete process.env.SHINCHOKU_CHROMIUM;
      else process.env.SHINCHOKU_CHROMIUM = saved;
    }
  });
});

describe('shinchoku report --format pdf', () => {
  it('writes a PDF file', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const file = join(dir, 'cli', 'report.pdf');
    const code = await run(['report', '--fy', 'R6', '--format', 'pdf', '--out', file, '--data', DATA], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);
});
