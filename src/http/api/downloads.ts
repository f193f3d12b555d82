/**
 * The open-data files of the データ page: the plan as JSON, xlsx and CSV zips in three encodings, written by the
 * same exporters as `shinchoku export` (docs/domain.md §9). Each set is generated on first request and kept per plan.
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { Plan } from '../../domain/plan/model.ts';
import { planToTables } from '../../domain/tables/to-tables.ts';
import { writeCsvZip } from '../../io/csv/csv-archive.ts';
import { CSV_ENCODING_LABELS, type CsvEncoding } from '../../io/csv/csv-encoding.ts';
import { formatFileIssue } from '../../io/csv/file-issue.ts';
import { writeTablesCsv } from '../../io/csv/tables-csv.ts';
import { planToJson } from '../../io/interchange/write-plan-file.ts';
import { writeTablesXlsx } from '../../io/xlsx/xlsx-write.ts';
import { safeFileName } from './content-disposition.ts';

export interface DownloadSpec {
  /** The URL name: /data/download/<file>; also the ASCII fallback of the Japanese name. */
  readonly file: string;
  readonly format: string;
  readonly contentType: string;
  readonly encoding: string;
  /** What the Japanese file name says after the plan and year, e.g. 「データ」「CSV_Shift_JIS」. */
  readonly nameSuffix: string;
  readonly extension: string;
  readonly description: string;
}

const ZIP = 'application/zip';
const csvSpec = (encoding: CsvEncoding, suffix: string, note: string): DownloadSpec => ({
  file: `shinchoku-csv-${encoding}.zip`,
  format: 'CSV（zip）',
  contentType: ZIP,
  encoding: CSV_ENCODING_LABELS[encoding],
  nameSuffix: `CSV_${suffix}`,
  extension: 'zip',
  description: `表ごとに1つのCSVファイル（例 KPI値.csv）と README.txt・metadata.json を zip にまとめたもの。${note}`,
});

/** The files offered, in the order the データ page lists them. */
export const DOWNLOADS: readonly DownloadSpec[] = [
  {
    file: 'shinchoku-plan.xlsx',
    format: 'Excel（.xlsx）',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    encoding: '—（Excel形式）',
    nameSuffix: 'データ',
    extension: 'xlsx',
    description: '最初のシート「説明」に各表と列の説明、続いて表ごとに1シート。1行目が見出し、結合セルなし。',
  },
  csvSpec('utf8bom', 'UTF-8_BOM付き', 'Excel でそのまま開けます（推奨）。'),
  csvSpec('sjis', 'Shift_JIS', '古い表計算ソフト・業務システム向け。'),
  csvSpec('utf8', 'UTF-8', 'プログラムで読む場合向け（BOMなし）。'),
  {
    file: 'shinchoku-plan.json',
    format: 'JSON',
    contentType: 'application/json; charset=utf-8',
    encoding: 'UTF-8',
    nameSuffix: 'データ',
    extension: 'json',
    description:
      '計画データ全体を1つのファイルに（形式 shinchoku-plan/1）。shinchoku import や --data でそのまま読み込めます。',
  },
];

export type PreparedDownload =
  | { readonly spec: DownloadSpec; readonly name: string; readonly ok: true; readonly bytes: Buffer }
  | { readonly spec: DownloadSpec; readonly name: string; readonly ok: false; readonly reason: string };

/** The Japanese file name users see, e.g. 「みやぎ情報化推進ポリシー_令和6年度_データ.xlsx」. */
export const downloadName = (plan: Plan, spec: DownloadSpec): string =>
  safeFileName(
    `${plan.document.plan.name}_${formatFiscalYear(plan.reportYear)}_${spec.nameSuffix}.${spec.extension}`,
    spec.file,
  );

type Tables = ReturnType<typeof planToTables>;

async function generate(plan: Plan, spec: DownloadSpec, tables: Tables) {
  const { file } = spec;
  if (file.endsWith('.json'))
    return { ok: true as const, bytes: Buffer.from(planToJson(plan.document), 'utf8') };
  if (file.endsWith('.xlsx')) {
    const written = await writeTablesXlsx(tables);
    return written.ok
      ? { ok: true as const, bytes: written.value }
      : { ok: false as const, reason: written.error.map(formatFileIssue).join(' ') };
  }
  const encoding = (['utf8bom', 'sjis', 'utf8'] as const).find((e) => file === `shinchoku-csv-${e}.zip`);
  if (encoding === undefined) throw new Error(`invariant: no writer for ${file}`);
  const files = writeTablesCsv(tables, encoding);
  if (!files.ok) return { ok: false as const, reason: files.error.map(formatFileIssue).join(' ') };
  return { ok: true as const, bytes: await writeCsvZip(files.value) };
}

// Keyed by the plan object: SiteData holds one plan for its life, so each file is written at most once per process.
const cache = new WeakMap<Plan, { tables: Tables; files: Map<string, Promise<PreparedDownload>> }>();

function entryOf(plan: Plan) {
  let entry = cache.get(plan);
  if (entry === undefined) {
    entry = { tables: planToTables(plan.document), files: new Map() };
    cache.set(plan, entry);
  }
  return entry;
}

/** The plan as tables (the content of every file), computed once per plan. */
export const tablesOf = (plan: Plan): Tables => entryOf(plan).tables;

/** One download of a plan, generated on first use (a failed generation is not kept, so it is retried). */
export function downloadOf(plan: Plan, spec: DownloadSpec): Promise<PreparedDownload> {
  const { tables, files } = entryOf(plan);
  const hit = files.get(spec.file);
  if (hit !== undefined) return hit;
  const pending = generate(plan, spec, tables).then(
    (written): PreparedDownload => ({ spec, name: downloadName(plan, spec), ...written }),
  );
  files.set(spec.file, pending);
  pending.catch(() => files.delete(spec.file));
  return pending;
}

/** Every download of a plan, in the order of DOWNLOADS. */
export const downloadsOf = (plan: Plan): Promise<PreparedDownload[]> =>
  Promise.all(DOWNLOADS.map((spec) => downloadOf(plan, spec)));

/** The spec of a URL file name, if it is one of DOWNLOADS. */
export const downloadSpec = (file: string): DownloadSpec | undefined =>
  DOWNLOADS.find((d) => d.file === file);
