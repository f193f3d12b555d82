// The benchmark's summary on the terminal and, with --write-docs, in docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PERIOD, REPORT_YEAR } from './plan-document.ts';
import type { YearTotal } from './queries.ts';

export interface BenchResult {
  readonly command: string;
  readonly scale: number;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    readonly postgres: string;
    readonly loadStart: readonly number[];
    readonly loadEnd: readonly number[];
  };
  readonly dataset: {
    readonly organisations: number;
    readonly prefectures: number;
    readonly rows: readonly (readonly [string, number])[];
    readonly totalRows: number;
    readonly historyRows: number;
  };
  readonly generateMs: number;
  readonly importing: {
    readonly ms: number;
    readonly perPlanMedianMs: number;
    readonly perPlanP95Ms: number;
  };
  readonly copying: { readonly csvMs: number; readonly copyMs: number; readonly commitMs: number };
  readonly rollup: {
    readonly nationalMs: number;
    readonly prefectureMs: number;
    readonly prefectureRows: number;
    readonly reportYear: YearTotal;
  };
  readonly readBack: { readonly ms: number; readonly organisation: string; readonly roundTrip: boolean };
}

const DOCS = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const msText = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
const perSecond = (rows: number, ms: number) => `${int(rows / (ms / 1000))} rows/s`;

/** The figures as [measure, result] pairs, shared by the terminal and the docs. */
function figures(r: BenchResult): [string, string][] {
  const { totalRows, historyRows, organisations } = r.dataset;
  const { importing: imp, copying: copy, rollup } = r;
  const ratio = copy.copyMs / imp.ms;
  return [
    [
      'savePlan import (one transaction per organisation, sequential)',
      `${sec(imp.ms)}, ${perSecond(totalRows, imp.ms)} (+${int(historyRows)} history rows; ` +
        `${perSecond(totalRows + historyRows, imp.ms)} with history); per plan median ${msText(imp.perPlanMedianMs)}, ` +
        `p95 ${msText(imp.perPlanP95Ms)}`,
    ],
    [
      'COPY baseline (server-side COPY FROM file, one transaction)',
      `${sec(copy.copyMs)}, ${perSecond(totalRows, copy.copyMs)} (of which ${sec(copy.commitMs)} at commit, checking ` +
        `the deferred foreign keys; writing the CSV files before: ${sec(copy.csvMs)})`,
    ],
    [
      '**import / COPY** (rows per second)',
      `**${ratio.toFixed(3)}** (COPY is ${(1 / ratio).toFixed(1)}× faster)`,
    ],
    ['roll-up: nationwide per fiscal year (median of 5)', msText(rollup.nationalMs)],
    [
      'roll-up: per prefecture per fiscal year (median of 5)',
      `${msText(rollup.prefectureMs)} (${rollup.prefectureRows} rows)`,
    ],
    [
      `loadStoredPlan, one plan (${r.readBack.organisation}, median of 5)`,
      `${msText(r.readBack.ms)}, round trip ${r.readBack.roundTrip ? 'identical' : 'DIFFERENT'}`,
    ],
    [
      `FY${REPORT_YEAR} national totals (sanity check)`,
      `${int(rollup.reportYear.projects)} projects, ${int(rollup.reportYear.amount)} 千円`,
    ],
    [
      'generating and validating the plans (not timed above)',
      `${sec(r.generateMs)} for ${int(organisations)} plans`,
    ],
  ];
}

function loadNote(m: BenchResult['machine']): string {
  const [start, end] = [m.loadStart[0] ?? 0, m.loadEnd[0] ?? 0];
  const numbers = `1-minute load average ${start.toFixed(2)} at start, ${end.toFixed(2)} at end, on ${m.cores} cores`;
  return start >= 0.5
    ? `measured while other processes ran (${numbers})`
    : `machine otherwise quiet (${numbers})`;
}

export function printSummary(r: BenchResult): void {
  const { dataset: d, machine: m } = r;
  const lines = [
    '',
    `National import benchmark (scale ${r.scale})`,
    `  dataset: ${int(d.organisations)} organisations (${d.prefectures} prefectures), ${int(d.totalRows)} rows`,
    `  machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, Node ${m.node}`,
    `  server:  ${m.postgres}`,
    `  load:    ${loadNote(m)}`,
    '',
    ...figures(r).map(([k, v]) => `  ${k.replaceAll('**', '')}\n      ${v.replaceAll('**', '')}`),
    '',
    `  rows per table: ${d.rows.map(([t, n]) => `${t} ${int(n)}`).join(', ')}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function resultsMarkdown(r: BenchResult): string {
  const { dataset: d, machine: m } = r;
  const date = execFileSync('date', ['-u'], { encoding: 'utf8' }).trim();
  return [
    `Latest run: ${date}, \`${r.command}\`.`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB memory, Node ${m.node}; ${m.postgres}, on the same machine.`,
    `- Load: ${loadNote(m)}.`,
    `- Dataset (scale ${r.scale}): ${int(d.organisations)} organisations (${d.prefectures} prefectures, ` +
      `${int(d.organisations - d.prefectures)} municipalities), one plan each (FY${PERIOD.from}–FY${PERIOD.to}, ` +
      `report year FY${REPORT_YEAR}), ${int(d.totalRows)} rows; the import also wrote ${int(d.historyRows)} history rows.`,
    '',
    '| measure | result |',
    '|---|---|',
    ...figures(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| table | rows |',
    '|---|---:|',
    ...d.rows.map(([t, n]) => `| ${t} | ${int(n)} |`),
    `| **total** | **${int(d.totalRows)}** |`,
  ].join('\n');
}

/** Replaces the results between the markers of docs/benchmarks.md (appends them when the markers are missing). */
export function writeDocs(r: BenchResult): void {
  const block = `${START}\n${resultsMarkdown(r)}\n${END}`;
  const text = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  const [before, rest] = [text.split(START)[0] ?? '', text.split(END)[1]];
  const updated = rest === undefined ? `${text.trimEnd()}\n\n${block}\n` : `${before}${block}${rest}`;
  writeFileSync(DOCS, updated);
  process.stdout.write(`updated ${DOCS}\n`);
}
