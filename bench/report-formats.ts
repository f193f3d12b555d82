// Report generation: time to build each format (html, pdf, pptx, xlsx) for the Miyagi data and for one synthetic
// municipality with 500 measures.   npm run bench:report [-- --write-docs]
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { evaluatePlan } from '../src/domain/evaluation/plan-evaluation.ts';
import { loadPlan } from '../src/domain/plan/load.ts';
import type { Plan } from '../src/domain/plan/model.ts';
import { buildReport, type ReportModel } from '../src/domain/report/report-model.ts';
import { BUNDLED_DATASET, readDataset } from '../src/io/dataset/read-dataset.ts';
import { renderReportPptx } from '../src/io/pptx/report-pptx.ts';
import { renderReportHtmlDocument } from '../src/io/report-html/index.ts';
import { renderReportPdf } from '../src/io/report-pdf/index.ts';
import { renderReportXlsx } from '../src/io/xlsx-report/report-xlsx.ts';
import { replaceSection } from './docs-section.ts';
import { planDocument } from './plan-document.ts';

const { values } = parseArgs({ options: { 'write-docs': { type: 'boolean', default: false } } });
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timed(
  work: () => Promise<Buffer | string> | Buffer | string,
): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const out = await work();
    times.push(performance.now() - start);
    bytes = typeof out === 'string' ? Buffer.byteLength(out) : out.length;
  }
  return { ms: median(times), bytes };
}

const miyagi = await readDataset(BUNDLED_DATASET);
if (!miyagi.ok) throw new Error('bundled dataset invalid');
const synthetic = loadPlan(planDocument({ code: '041009', name: '仙台市', kind: 'municipality' }, 500));
if (!synthetic.ok) throw new Error(JSON.stringify(synthetic.error.slice(0, 3)));

const cases: [string, Plan][] = [
  ['宮城県 令和6年度（同梱データ、27施策）', miyagi.value],
  ['合成データの市（500施策）', synthetic.value],
];
const rows: string[] = [];
for (const [name, plan] of cases) {
  let model: ReportModel | undefined;
  const modelTime = await timed(() => {
    model = buildReport(plan, evaluatePlan(plan, plan.reportYear));
    return JSON.stringify(model);
  });
  if (model === undefined) throw new Error('no model');
  const m = model;
  const html = renderReportHtmlDocument(m);
  const results = {
    html: await timed(() => renderReportHtmlDocument(m)),
    pdf: await timed(() => renderReportPdf(html)),
    pptx: await timed(() => renderReportPptx(m)),
    xlsx: await timed(() => renderReportXlsx(m)),
  };
  const cell = (r: { ms: number; bytes: number }) =>
    `${Math.round(r.ms).toLocaleString('en-US')} ms (${Math.round(r.bytes / 1024).toLocaleString('en-US')} KB)`;
  const line = `| ${name} | ${Math.round(modelTime.ms)} ms | ${cell(results.html)} | ${cell(results.pdf)} | ${cell(results.pptx)} | ${cell(results.xlsx)} |`;
  rows.push(line);
  process.stderr.write(`${line}\n`);
}
const section = [
  `Latest run: ${new Date().toUTCString()}, \`npm run bench:report -- --write-docs\` (median of ${RUNS} runs; the PDF time includes starting Chromium, the HTML time does not include the PDF).`,
  '',
  `- Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Node ${process.version}.`,
  '',
  '| data | report model | html | pdf | pptx | xlsx |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
process.stdout.write(`${section}\n`);
if (values['write-docs']) replaceSection('report', section);
