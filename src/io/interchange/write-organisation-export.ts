// An organisation's whole export (shinchoku organisation export): a folder another service — or this one after a
// restore elsewhere — can take in. Each plan as the plan export writes it (xlsx for people, JSON for `shinchoku
// import`), every other record as CSV (UTF-8 with BOM, Excel opens it), documents too large for a cell as JSON files.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrganisationExport } from '../../app/organisations.ts';
import type { Cell } from '../csv/csv-cells.ts';
import { toCsv } from '../csv/csv-cells.ts';
import { encodeText } from '../csv/csv-encoding.ts';
import { writePlanFile } from './write-plan-file.ts';

/** The CSV file of each record table, and the columns written to a JSON file of their own instead of a cell. */
const RECORD_FILES = [
  { table: 'users', file: 'アカウント.csv', documents: [] },
  { table: 'user_departments', file: 'アカウントの担当課.csv', documents: [] },
  { table: 'reporting_cycles', file: '報告サイクル.csv', documents: ['opening_document'] },
  { table: 'department_answers', file: '所属の回答.csv', documents: [] },
  { table: 'publications', file: '公表.csv', documents: ['document', 'changes'] },
  { table: 'history', file: '変更履歴.csv', documents: [] },
] as const;

const RECORD_LABELS: Readonly<Record<(typeof RECORD_FILES)[number]['table'], string>> = {
  users: '職員アカウント',
  user_departments: '入力担当の担当課',
  reporting_cycles: '報告サイクル（年度ごとの進捗調査）',
  department_answers: '所属ごとの回答の状態',
  publications: '公表の記録（版・理由・公表者）',
  history: '変更履歴（計画・回答・アカウントのすべての変更）',
};

/** What the export wrote, for the command's message. */
export interface OrganisationExportResult {
  readonly files: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly unreadablePlans: readonly { readonly code: string; readonly problems: readonly string[] }[];
}

/** Refused when the folder is not empty (an export never mixes with or overwrites other files). */
export class ExportFolderNotEmptyError extends Error {
  override name = 'ExportFolderNotEmptyError';
}

// A plan code becomes a file name: characters Windows or a shell would trip on are replaced.
const fileName = (code: string): string => code.replace(/[\\/:*?"<>|\s]/g, '_');

const cell = (value: unknown): Cell => {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** Writes the export into `dir` (created; refused when it holds anything). */
export async function writeOrganisationExport(
  data: OrganisationExport,
  dir: string,
): Promise<OrganisationExportResult> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new ExportFolderNotEmptyError(dir);
  let files = 0;
  const write = async (path: string, content: Buffer | string) => {
    await writeFile(join(dir, path), content);
    files += 1;
  };

  await mkdir(join(dir, '計画'));
  const unreadablePlans: { code: string; problems: string[] }[] = [];
  for (const p of data.plans) {
    if (!p.ok) {
      unreadablePlans.push({ code: p.stored.code, problems: p.problems });
      continue;
    }
    for (const format of ['xlsx', 'json'] as const) {
      const out = join(dir, '計画', `${fileName(p.stored.code)}.${format}`);
      const written = await writePlanFile(p.plan.document, format, out, 'utf8bom', p.versions);
      if (!written.ok) unreadablePlans.push({ code: p.stored.code, problems: written.error });
      else files += 1;
    }
  }

  const rows: Record<string, number> = {};
  await mkdir(join(dir, '文書'));
  for (const spec of RECORD_FILES) {
    const { columns: header, rows: records } = data.records[spec.table] ?? { columns: [], rows: [] };
    rows[spec.table] = records.length;
    const documents: readonly string[] = spec.documents;
    const csvRows: Cell[][] = [];
    for (const record of records) {
      const line: Cell[] = [];
      for (const column of header) {
        if (!documents.includes(column) || record[column] === null) {
          line.push(cell(record[column]));
          continue;
        }
        const documentFile = `文書/${spec.table}-${String(record.id)}-${column}.json`;
        await write(documentFile, String(record[column]));
        line.push(documentFile);
      }
      csvRows.push(line);
    }
    await write(spec.file, encodeText(toCsv(header, csvRows), 'utf8bom'));
  }
  await write('README.txt', readme(data, rows));
  return { files, rows, unreadablePlans };
}

function readme(data: OrganisationExport, rows: Readonly<Record<string, number>>): string {
  const o = data.organisation;
  const lines = [
    `${o.name}（団体コード ${o.code}）のデータ一式`,
    '',
    'このフォルダには、進捗管理システムに登録されたこの団体のデータだけが入っています（ほかの団体のデータは含みません）。',
    '',
    '計画/<計画ID>.xlsx   計画データ（shinchoku export --format xlsx と同じ形式。各行の版を含む）',
    '計画/<計画ID>.json   計画データ（shinchoku import で取り込める形式）',
    ...RECORD_FILES.map((f) => `${f.file}   ${RECORD_LABELS[f.table]}（${rows[f.table] ?? 0}行）`),
    '文書/   公表時・報告サイクル開始時の計画データ（JSON）。CSVの該当列にファイル名を記載',
    '',
    'CSVは UTF-8（BOM付き）で、1行目は列名（データベースの列名）です。',
    'アカウント.csv にはパスワード（ハッシュ）と二要素認証の秘密鍵を含みません（mfa_enabled は登録の有無のみ）。',
    '移行先では各職員にパスワードの再設定と二要素認証の再登録が必要です。ログイン中のセッションは含みません。',
    '',
    `計画: ${data.plans.map((p) => p.stored.code).join('、') || 'なし'}`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}
