// The rows of an organisation export's record files (write-organisation-export.ts), one zod schema per file whose
// keys are the file's header in order: the database's column names. Cells arrive as text (the CSV's neutralised
// formulas already undone); a blank cell is null. Messages are Japanese, for the row and column they are attached to.
import { z } from 'zod';
import { ROLES } from '../../domain/staff/role.ts';

const id = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, { error: '1以上の整数（ID）で指定してください' })
  .transform(Number);
const blankAsNull = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => null), schema], { error: '値が正しくありません' });
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,9}$/, { error: '整数で指定してください' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${min}から${max}までの整数で指定してください` });
const text = (max = 1_000_000) =>
  z
    .string()
    .min(1, { error: '空欄にはできません' })
    .max(max, { error: `${max.toLocaleString('ja-JP')}文字以内にしてください` });
const flag = z
  .enum(['true', 'false'], { error: 'true か false で指定してください' })
  .transform((v) => v === 'true');
const time = z.iso
  .datetime({ offset: true, error: '日時はISO 8601形式（例 2025-06-30T01:02:03.456Z）で指定してください' })
  .transform((v) => new Date(v));
const calendarDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, {
  error: '日付は YYYY-MM-DD 形式で指定してください',
});
const fiscalYear = integer(1868, 2200);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: '書き出されたときの値ではありません（値を変えずに復元してください）' });
const jsonText = z.string().refine(
  (v) => {
    try {
      JSON.parse(v);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'JSONとして読めません' },
);
/** A document column: the name of its file under 文書/ (checked against the row by the reader). */
const documentFile = text(300);

export const accountRow = z.strictObject({
  id,
  login: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, {
    error: 'ログインIDは半角英数字と . _ - の2〜64文字です',
  }),
  name: text(100),
  role: oneOf(ROLES),
  email: blankAsNull(z.string().regex(/^[^@\s]+@[^@\s]+$/, { error: 'メールアドレスの形式ではありません' })),
  disabled: flag,
  must_change_password: flag,
  created_at: time,
  updated_at: time,
  mfa_enabled: flag,
});

export const accountDepartmentRow = z.strictObject({ user_id: id, department: text(200) });

const CYCLE_STATES = ['preparing', 'collecting', 'reviewing', 'published', 'correcting'] as const;
export const cycleRow = z.strictObject({
  id,
  plan_id: id,
  fiscal_year: fiscalYear,
  state: oneOf(CYCLE_STATES),
  due_date: blankAsNull(calendarDate),
  opening_document: documentFile,
  version: integer(1, 2_000_000_000),
  created_at: time,
  updated_at: time,
});

const ANSWER_STATES = ['not_started', 'in_progress', 'submitted', 'returned', 'approved'] as const;
export const answerRow = z.strictObject({
  id,
  cycle_id: id,
  department: text(200),
  state: oneOf(ANSWER_STATES),
  due_date: blankAsNull(calendarDate),
  comment: blankAsNull(z.string()),
  last_changed_by: blankAsNull(z.string()),
  version: integer(1, 2_000_000_000),
  created_at: time,
  updated_at: time,
});

export const publicationRow = z
  .strictObject({
    id,
    plan_id: id,
    fiscal_year: fiscalYear,
    revision: integer(1, 1_000_000),
    reason: blankAsNull(z.string()),
    document: documentFile,
    changes: documentFile,
    published_by: text(200),
    published_at: time,
    error_count: blankAsNull(integer(0, 1_000_000)),
    warning_count: blankAsNull(integer(0, 1_000_000)),
    acknowledged_errors: blankAsNull(jsonText),
    acknowledged_by: blankAsNull(z.string()),
  })
  // The publication gate's rule (migration 0005): errors left at publication were acknowledged by someone, by name.
  .refine((p) => (p.error_count ?? 0) > 0 === (p.acknowledged_by !== null), {
    path: ['acknowledged_by'],
    error: '整合性チェックのエラーが残った公表にだけ、確認した人が記録されます（error_count と合いません）',
  })
  .refine((p) => (p.acknowledged_by === null) === (p.acknowledged_errors === null), {
    path: ['acknowledged_errors'],
    error: '確認したエラーの一覧と確認した人は、両方あるか両方ないかのどちらかです',
  });

export const historyRow = z.strictObject({
  id,
  plan_id: blankAsNull(id),
  table_name: text(100),
  row_key: jsonText,
  operation: oneOf(['insert', 'update', 'delete']),
  column_name: blankAsNull(z.string()),
  old_value: blankAsNull(z.string()),
  new_value: blankAsNull(z.string()),
  actor: text(200),
  request_id: blankAsNull(z.string()),
  changed_at: time,
  on_behalf_of: blankAsNull(z.string()),
});

/** Each record file of the export, its schema, and the columns that name a file under 文書/ instead of a value. */
export const RECORD_FILES = {
  users: { file: 'アカウント.csv', schema: accountRow, documents: [] },
  user_departments: { file: 'アカウントの担当課.csv', schema: accountDepartmentRow, documents: [] },
  reporting_cycles: { file: '報告サイクル.csv', schema: cycleRow, documents: ['opening_document'] },
  department_answers: { file: '所属の回答.csv', schema: answerRow, documents: [] },
  publications: { file: '公表.csv', schema: publicationRow, documents: ['document', 'changes'] },
  history: { file: '変更履歴.csv', schema: historyRow, documents: [] },
} as const;

export type RecordTable = keyof typeof RECORD_FILES;

/** The header a record file must have: its schema's keys in order. */
export const headerOf = (table: RecordTable): string[] => Object.keys(RECORD_FILES[table].schema.shape);
