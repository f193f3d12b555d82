// 計画の取込 over HTTP: the admin downloads the starter workbook (or the current plan), uploads it filled in, sees per
// table what would be added, changed and removed (a dry run of the CLI's import), and confirms. The upload is read
// once, by the CLI's reader, and the validated plan is kept on the server for the confirmation: the form carries
// only a random name for it, bound to the session, never the data.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { type Context, Hono } from 'hono';
import { applyPlanImport, previewPlanImport } from '../../app/plan-import.ts';
import { Refusal } from '../../app/workspace.ts';
import { loadStoredPlanWithVersions } from '../../db/plan-store.ts';
import type { Plan } from '../../domain/plan/model.ts';
import { planToTables } from '../../domain/tables/to-tables.ts';
import { formatFileIssue } from '../../io/csv/file-issue.ts';
import { readPlanFile } from '../../io/interchange/read-plan-file.ts';
import { writeStarterWorkbook } from '../../io/xlsx/starter-workbook.ts';
import { writeTablesXlsx } from '../../io/xlsx/xlsx-write.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { MAX_UPLOAD_BYTES } from '../limits.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import type { Staff } from '../staff/staff-options.ts';
import {
  type ImportProblems,
  PLAN_IMPORT_TITLE,
  PlanImportDone,
  PlanImportPage,
  PlanImportPreview,
} from '../views/admin/plan-import-pages.tsx';

type Ctx = Context<AppEnv>;

/** An upload waiting for its confirmation: at most one per session, for half an hour, a few per organisation. */
interface HeldUpload {
  readonly token: string;
  readonly plan: Plan;
  readonly fileName: string;
  /** Chosen on the upload form and shown in the preview; the confirmation cannot change it. */
  readonly overwriteNewer: boolean;
  readonly until: number;
}
const HOLD_MS = 30 * 60_000;
const MAX_HELD = 20;
const held = new WeakMap<Staff, Map<string, HeldUpload>>();

function holdUpload(staff: Staff, session: string, upload: Omit<HeldUpload, 'token' | 'until'>): string {
  const uploads = held.get(staff) ?? new Map<string, HeldUpload>();
  held.set(staff, uploads);
  const now = staff.now().getTime();
  for (const [key, upload] of uploads) if (upload.until <= now) uploads.delete(key);
  uploads.delete(session);
  while (uploads.size >= MAX_HELD) uploads.delete(uploads.keys().next().value ?? '');
  const token = randomBytes(24).toString('base64url');
  uploads.set(session, { ...upload, token, until: now + HOLD_MS });
  return token;
}

/** The session's held upload if the token names it (taken: a confirmation is used once). */
function takeUpload(staff: Staff, session: string, token: string): HeldUpload | undefined {
  const uploads = held.get(staff);
  const upload = uploads?.get(session);
  if (upload === undefined || upload.token !== token || upload.until <= staff.now().getTime())
    return undefined;
  uploads?.delete(session);
  return upload;
}

const FORMATS = new Set(['.xlsx', '.zip', '.json', '.yaml', '.yml']);
const SAFE_NAME = /^[^\\/:*?"<>|\p{Cc}]{1,120}$/u;

/** Reads an uploaded file as `shinchoku import` reads a file (format by extension, checks and limits, sandbox). */
async function readUpload(
  file: File,
): Promise<{ ok: true; plan: Plan } | { ok: false; problems: ImportProblems }> {
  const refuse = (message: string, details: readonly string[] = []) => ({
    ok: false as const,
    problems: { message, details },
  });
  const extension = extname(file.name).toLowerCase();
  if (!FORMATS.has(extension)) {
    return refuse('読み込める形式ではありません（.xlsx、CSVの .zip、.json、.yaml のいずれか）。');
  }
  const dir = await mkdtemp(join(tmpdir(), 'shinchoku-plan-'));
  try {
    // The person's file name appears in the located problems; a name unsafe as a path becomes 計画.<拡張子>.
    const path = join(
      dir,
      SAFE_NAME.test(file.name) && !file.name.startsWith('.') ? file.name : `計画${extension}`,
    );
    await writeFile(path, new Uint8Array(await file.arrayBuffer()));
    const read = await readPlanFile(path);
    if (!read.ok) {
      return refuse(
        `ファイルに${read.error.length}件の問題があります。データベースは変更していません。次の箇所を直して、もう一度アップロードしてください。`,
        read.error,
      );
    }
    return { ok: true, plan: read.value.plan };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const STATUS_OF = { forbidden: 403, not_found: 404, conflict: 409, invalid: 400 } as const;

async function uploadPage(c: Ctx, problems?: ImportProblems, status = 200) {
  const { organisation, organisationCode, plan } = c.var.served;
  return staffPage(
    c,
    PLAN_IMPORT_TITLE,
    <PlanImportPage
      csrf={signedInOf(c).session.csrfToken}
      organisation={`${organisation}（${organisationCode}）`}
      withPlan={plan !== undefined}
      problems={problems}
    />,
    status,
  );
}

/** A use case's refusal shown on the upload page with its located problems; anything else goes to onError. */
function refused(c: Ctx, e: unknown) {
  if (!(e instanceof Refusal)) throw e;
  const details = e.details.map((d) => `${d.path}: ${d.message}`);
  return uploadPage(c, { message: e.message, details }, STATUS_OF[e.kind]);
}

const xlsx = (name: string, ascii: string) => ({
  'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
});

export const adminPlanImportRoutes = new Hono<AppEnv>()
  .get('/', (c) => uploadPage(c))
  .get('/starter.xlsx', async (c) => {
    const { organisation, organisationCode } = c.var.served;
    const buffer = await writeStarterWorkbook({ organisationCode, organisationName: organisation });
    return c.body(
      new Uint8Array(buffer),
      200,
      xlsx(`計画の入力用ひな形_${organisationCode}.xlsx`, 'starter.xlsx'),
    );
  })
  .get('/plan.xlsx', async (c) => {
    // No plan yet (the onboarding app has no site source either): nothing to download.
    const stored = c.var.served.plan === undefined ? undefined : c.var.source.storedPlan;
    if (stored === undefined) throw new AppError('not_found', '保存されている計画がありません。');
    const loaded = await loadStoredPlanWithVersions(staffOf(c).db, stored);
    if (!loaded.ok) throw new Error('invariant: the served plan does not load');
    const written = await writeTablesXlsx(planToTables(loaded.value.plan.document), loaded.value.versions);
    if (!written.ok)
      throw new Error(
        `invariant: the stored plan cannot be written: ${written.error.map(formatFileIssue).join('; ')}`,
      );
    return c.body(new Uint8Array(written.value), 200, xlsx(`計画_${stored.code}.xlsx`, 'plan.xlsx'));
  })
  .post('/', async (c) => {
    const staff = staffOf(c);
    // The body as a whole was limited while it streamed in (limits.ts); here the file itself.
    const body = await c.req.parseBody();
    const file = body.file;
    const overwriteNewer = formText(body, 'overwrite') === '1';
    if (!(file instanceof File) || file.size === 0) {
      return uploadPage(c, { message: 'ファイルを選んでください。', details: [] }, 400);
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      return uploadPage(
        c,
        { message: `ファイルが大きすぎます（${MAX_UPLOAD_BYTES / 1024 / 1024}MBまで）。`, details: [] },
        400,
      );
    }
    const read = await readUpload(file);
    if (!read.ok) return uploadPage(c, read.problems, 400);
    try {
      const report = await previewPlanImport(staff, actorOf(c), read.plan, { overwriteNewer });
      const session = signedInOf(c).session;
      const token = holdUpload(staff, session.idHash, {
        plan: read.plan,
        fileName: file.name,
        overwriteNewer,
      });
      return staffPage(
        c,
        PLAN_IMPORT_TITLE,
        <PlanImportPreview report={report} fileName={file.name} token={token} csrf={session.csrfToken} />,
      );
    } catch (e) {
      return refused(c, e);
    }
  })
  .post('/confirm', async (c) => {
    const staff = staffOf(c);
    const token = formText(await c.req.parseBody(), 'upload');
    const upload = takeUpload(staff, signedInOf(c).session.idHash, token);
    if (upload === undefined) {
      const message =
        '確認した取り込みが見つかりません（30分を過ぎたか、別のファイルをアップロードしたか、保存済みです）。何も変更していません。もう一度アップロードしてください。';
      return uploadPage(c, { message, details: [] }, 409);
    }
    try {
      const report = await applyPlanImport(staff, actorOf(c), upload.plan, {
        overwriteNewer: upload.overwriteNewer,
      });
      await c.var.served.planStored();
      return staffPage(c, PLAN_IMPORT_TITLE, <PlanImportDone report={report} />);
    } catch (e) {
      return refused(c, e);
    }
  });
