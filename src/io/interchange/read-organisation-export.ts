// Reads an organisation's export folder (write-organisation-export.ts) back for `shinchoku organisation restore`:
// README.txt names the organisation, 計画/*.json are read as `shinchoku import` reads them (every plan validated),
// each record file is checked row by row (organisation-export-rows.ts) with the documents its cells name, and then
// the references between them. Nothing is written here; every problem comes back located: file, row, column.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ExportedAccount,
  ExportedPlanFile,
  ExportedRecord,
  OrganisationBackup,
} from '../../app/organisation-restore.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import { restoreText } from '../csv/csv-cells.ts';
import { decodeCsvBytes } from '../csv/csv-encoding.ts';
import { parseCsv } from '../csv/csv-parse.ts';
import { checkReferences } from './organisation-export-references.ts';
import { headerOf, RECORD_FILES, type RecordTable } from './organisation-export-rows.ts';
import { unzipOrganisationExport } from './organisation-export-unzip.ts';
import { readPlanFile } from './read-plan-file.ts';

/** A record file larger than this is refused before it is read. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const CSV_LIMITS = { maxRecords: 10_000_000, maxFields: 50 };
/** Problems listed at most (the rest are counted). */
const MAX_ISSUES = 200;

const README = 'README.txt';
const PLANS = '計画';
// The first line of README.txt: 「大郷町（団体コード 044229）のデータ一式」.
const README_TITLE = /^(.+)（団体コード ([0-9]{6})）のデータ一式$/;

/** A document (JSON) an export keeps in a file of its own: its expected name under 文書/. */
const documentFileName = (table: string, id: number, column: string): string =>
  `文書/${table}-${id}-${column}.json`;

const NOT_AN_EXPORT =
  'shinchoku organisation export で書き出したフォルダ（README.txt・計画・CSVファイルの入ったもの）を指定してください。';

/** Reads and checks a whole export folder (or its zip); nothing of it is trusted until every file has passed. */
export async function readOrganisationBackup(dir: string): Promise<Result<OrganisationBackup, string[]>> {
  const isFolder = await stat(dir).then(
    (s) => s.isDirectory(),
    () => undefined,
  );
  if (isFolder === undefined) return err([`フォルダ ${dir} が見つかりません。`]);
  if (!isFolder && dir.toLowerCase().endsWith('.zip')) {
    // The zip an organisation's admin downloads (「団体のデータ」): the same files, unpacked for as long as this read.
    const unzipped = await unzipOrganisationExport(dir);
    if (!unzipped.ok) return unzipped;
    try {
      return await readOrganisationBackup(unzipped.value.dir);
    } finally {
      await unzipped.value.remove();
    }
  }
  if (!isFolder) return err([`${dir} はフォルダではありません。${NOT_AN_EXPORT}`]);
  const issues: string[] = [];
  const organisation = await readReadme(dir, issues);
  if (organisation === undefined) return err(issues);

  const records = {} as Record<RecordTable, ExportedRecord[]>;
  for (const table of Object.keys(RECORD_FILES) as RecordTable[]) {
    records[table] = await readRecordFile(dir, table, issues);
  }
  const plans = await readPlans(dir, organisation.code, issues);
  const planIds = checkReferences({ organisation, plans, records }, issues);
  if (issues.length > 0) return err(capped(issues));
  const { users, ...rest } = records;
  return ok({
    organisation,
    plans: plans.map((p) => ({ ...p, id: planIds.get(p.plan.document.plan.id) })),
    accounts: users as unknown as ExportedAccount[],
    records: rest,
  });
}

const capped = (issues: string[]): string[] =>
  issues.length <= MAX_ISSUES
    ? issues
    : [...issues.slice(0, MAX_ISSUES), `ほかに ${issues.length - MAX_ISSUES}件の問題があります。`];

async function readReadme(
  dir: string,
  issues: string[],
): Promise<{ code: string; name: string } | undefined> {
  const text = await readFile(join(dir, README), 'utf8').catch(() => undefined);
  if (text === undefined) {
    issues.push(`${README} がありません。${NOT_AN_EXPORT}`);
    return undefined;
  }
  const title = README_TITLE.exec(text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');
  if (title?.[1] === undefined || title[2] === undefined) {
    issues.push(
      `${README} 1行目: 「<団体名>（団体コード <6桁>）のデータ一式」ではありません。${NOT_AN_EXPORT}`,
    );
    return undefined;
  }
  return { name: title[1], code: title[2] };
}

/** One record file: its header exactly as written, each row through its schema, its documents read. */
async function readRecordFile(dir: string, table: RecordTable, issues: string[]): Promise<ExportedRecord[]> {
  const spec = RECORD_FILES[table];
  const path = join(dir, spec.file);
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) {
    issues.push(`${spec.file} がありません。${NOT_AN_EXPORT}`);
    return [];
  }
  if (size > MAX_FILE_BYTES) {
    issues.push(`${spec.file} は大きすぎます（上限 ${MAX_FILE_BYTES / 1024 / 1024}MB）。`);
    return [];
  }
  const decoded = decodeCsvBytes(await readFile(path));
  if (!decoded.ok) {
    issues.push(`${spec.file} ${decoded.error.row}行目: ${decoded.error.message}`);
    return [];
  }
  const parsed = parseCsv(decoded.value.text, CSV_LIMITS);
  if (!parsed.ok) {
    issues.push(`${spec.file} ${parsed.error.row}行目: ${parsed.error.message}`);
    return [];
  }
  const [header = [], ...lines] = parsed.value;
  const expected = headerOf(table);
  if (header.join(',') !== expected.join(',')) {
    issues.push(
      `${spec.file} 1行目: 列名が書き出しの形式と違います（${expected.join(',')} であるべきところ、${header.join(',') || '空'}）。`,
    );
    return [];
  }
  const rows: ExportedRecord[] = [];
  for (const [index, line] of lines.entries()) {
    const where = `${spec.file} ${index + 2}行目`;
    if (line.length !== expected.length) {
      issues.push(`${where}: 列の数が ${line.length} です（${expected.length}列のはずです）。`);
      continue;
    }
    const cells = Object.fromEntries(expected.map((column, i) => [column, restoreText(line[i] ?? '')]));
    const row = spec.schema.safeParse(cells);
    if (!row.success) {
      for (const issue of row.error.issues) {
        issues.push(`${where} ${String(issue.path[0] ?? '')}: ${issue.message}`.replace(' : ', ': '));
      }
      continue;
    }
    const record: Record<string, ExportedRecord[string]> = { ...row.data };
    for (const column of spec.documents) {
      const content = await readDocument(dir, table, record, column, `${where} ${column}`, issues);
      if (content !== undefined) record[column] = content;
    }
    rows.push(record);
  }
  return rows;
}

/** The JSON file a document column names: exactly the name the export gives it, inside 文書/, readable as JSON. */
async function readDocument(
  dir: string,
  table: RecordTable,
  record: ExportedRecord,
  column: string,
  where: string,
  issues: string[],
): Promise<string | undefined> {
  const expected = documentFileName(table, Number(record.id), column);
  if (record[column] !== expected) {
    issues.push(`${where}: 文書のファイル名が「${expected}」ではありません（${String(record[column])}）。`);
    return undefined;
  }
  const content = await readFile(join(dir, expected), 'utf8').catch(() => undefined);
  if (content === undefined) {
    issues.push(`${where}: ${expected} がありません。`);
    return undefined;
  }
  try {
    JSON.parse(content);
  } catch {
    issues.push(`${where}: ${expected} はJSONとして読めません。`);
    return undefined;
  }
  return content;
}

/** Every 計画/*.json, read and validated as `shinchoku import` reads it; each must be the organisation's. */
async function readPlans(
  dir: string,
  code: string,
  issues: string[],
): Promise<Omit<ExportedPlanFile, 'id'>[]> {
  const names = await readdir(join(dir, PLANS)).catch(() => undefined);
  if (names === undefined) {
    issues.push(`${PLANS} フォルダがありません。${NOT_AN_EXPORT}`);
    return [];
  }
  const plans: Omit<ExportedPlanFile, 'id'>[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = `${PLANS}/${name}`;
    const read = await readPlanFile(join(dir, PLANS, name));
    if (!read.ok) {
      for (const problem of read.error) issues.push(`${file}: ${problem}`);
      continue;
    }
    const owner = read.value.plan.document.organisation.code;
    if (owner !== code) {
      issues.push(
        `${file}: 団体コード「${owner}」の計画です（この書き出しは団体コード ${code} のものです）。`,
      );
      continue;
    }
    plans.push({ file, plan: read.value.plan });
  }
  return plans;
}
