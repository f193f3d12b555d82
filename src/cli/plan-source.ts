import { ConfigError, loadConfig } from '../config.ts';
import { prepareDatabase } from '../db/bootstrap.ts';
import { closeOnSignals, type DatabaseHandle, openDatabase } from '../db/connect.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { listPlans, loadStoredPlan, type StoredPlan } from '../db/plan-store.ts';
import { firstOpeningDocument, latestPublication } from '../db/repositories/campaign.repository.ts';
import type { PlanIssue } from '../domain/plan/issues.ts';
import { loadPlan } from '../domain/plan/load.ts';
import type { Plan } from '../domain/plan/model.ts';
import { readDataset } from '../io/dataset/read-dataset.ts';
import { CliError, formatIssues } from './errors.ts';

/** Opens the configured database (embedded by default), runs `work` and always closes it. */
export async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(loadConfig().database);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DataDirLockedError) throw new CliError(e.message);
    throw new CliError(`データベースに接続できません: ${e instanceof Error ? e.message : String(e)}`);
  }
  const release = closeOnSignals(handle);
  try {
    return await work(handle);
  } finally {
    release();
    await handle.close();
  }
}

/** Chooses a stored plan: the one named by --plan, else the only or most recently updated one. */
/** The refusal when a stored plan does not load: the database, the plan and every problem. */
export const unreadableStoredPlan = (location: string, stored: StoredPlan, issues: readonly PlanIssue[]) =>
  new CliError(
    `データベース（${location}）の計画「${stored.code}」を読み込めません。`,
    2,
    formatIssues(issues),
  );

export function choosePlan(plans: readonly StoredPlan[], code: string | undefined): StoredPlan {
  if (code === undefined) {
    const latest = plans[0];
    if (latest === undefined)
      throw new CliError(
        'データベースに計画がありません。shinchoku db seed または shinchoku import で登録してください。',
      );
    return latest;
  }
  const found = plans.filter((p) => p.code === code);
  if (found.length === 0) {
    throw new CliError(
      `--plan: 計画「${code}」はありません。登録されている計画: ${plans.map((p) => p.code).join('、') || 'なし'}`,
    );
  }
  return found[0] as StoredPlan;
}

/** The plan a data command works on: a dataset file with --data, otherwise the database (set up on first use). */
export async function readPlan(
  options: {
    data?: string | undefined;
    plan?: string | undefined;
  },
  /** `published`: what the public sees — the latest publication, else the plan as its first campaign opened. */
  view: 'stored' | 'published' = 'stored',
): Promise<Plan> {
  if (options.data !== undefined) {
    const loaded = await readDataset(options.data);
    if (!loaded.ok) {
      throw new CliError(
        `データファイル ${options.data} に${loaded.error.length}件の問題があります。`,
        2,
        formatIssues(loaded.error),
      );
    }
    return loaded.value;
  }
  return withDatabase(async ({ db, location }) => {
    await prepareDatabase(db);
    const stored = choosePlan(await listPlans(db), options.plan);
    if (view === 'published') {
      const snapshot =
        (await latestPublication(db, stored.id))?.document ?? (await firstOpeningDocument(db, stored.id));
      if (snapshot !== undefined) {
        const published = loadPlan(JSON.parse(snapshot), { storedYears: true });
        if (!published.ok) {
          throw new CliError(`公表データを読み込めません。`, 2, formatIssues(published.error));
        }
        return published.value;
      }
    }
    const loaded = await loadStoredPlan(db, stored);
    if (!loaded.ok) throw unreadableStoredPlan(location, stored, loaded.error);
    return loaded.value;
  });
}
