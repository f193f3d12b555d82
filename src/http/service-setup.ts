// What the server serves on a database: every organisation of the service, each through its own database handle
// (row-level security) — with its plan, the full app (its own site data and staff side); without one yet, the
// onboarding app, whose first plan puts the full app in its place. An organisation added while the server runs is
// found on its first request. Used by `shinchoku serve` and by the tests.
import type { DatabaseHandle } from '../db/connect.ts';
import { listPlans, loadStoredPlan, type StoredPlan } from '../db/plan-store.ts';
import {
  findOrganisationRow,
  listOrganisationRows,
  type ServiceOrganisation,
} from '../db/repositories/organisation.repository.ts';
import { findOrganisation } from '../domain/organisations/registry.ts';
import type { PlanIssue } from '../domain/plan/load.ts';
import { createApp } from './app.tsx';
import { createOnboardingApp } from './onboarding-app.tsx';
import { OrganisationDirectory, type ServedOrganisation } from './organisation-directory.ts';
import { SiteData } from './site-data.ts';
import { SiteSource } from './site-source.ts';
import type { StaffOptions } from './staff/staff-options.ts';

/** A stored plan that cannot be read back (its issues name table, row and column). */
export class UnreadablePlanError extends Error {
  override name = 'UnreadablePlanError';
  constructor(
    readonly plan: StoredPlan,
    readonly issues: readonly PlanIssue[],
  ) {
    super(`計画「${plan.code}」（${plan.organisationName}）を読み込めません。`);
  }
}

type StaffSettings = Omit<StaffOptions, 'db' | 'planId' | 'sessionScope'>;

/** An organisation as served, with its plan and site data when it has a plan. */
export type ServedWithPlan = ServedOrganisation & {
  readonly plan?: StoredPlan | undefined;
  readonly source?: SiteSource | undefined;
};

/**
 * Every organisation of the service (the default one, the first created, first): with the first of `plans` that is
 * its (listPlans' order: within one organisation the most recently updated), the full app; with no plan stored, the
 * onboarding app. An organisation whose stored plans were all left out of `plans` (serve --plan) is not served.
 */
export async function serveOrganisations(
  handle: DatabaseHandle,
  plans: readonly StoredPlan[],
  staff: StaffSettings,
): Promise<OrganisationDirectory> {
  const rows = await listOrganisationRows(handle.db);
  const stored = await listPlans(handle.db);
  const defaultId = rows[0]?.id;
  const build = async (row: ServiceOrganisation): Promise<ServedWithPlan | undefined> => {
    const plan = plans.find((p) => p.organisationId === row.id);
    if (plan === undefined && stored.some((p) => p.organisationId === row.id)) return undefined;
    return serveOne(handle, row, plan, staff, row.id === defaultId, (served) => directory.put(served));
  };
  const served: ServedWithPlan[] = [];
  for (const row of rows) {
    const one = await build(row);
    if (one !== undefined) served.push(one);
  }
  // Added while the server runs: found by its 団体コード, served as any other (never the default one).
  const directory: OrganisationDirectory = new OrganisationDirectory(served, async (code) => {
    const row = await findOrganisationRow(handle.db, code);
    return row === undefined ? undefined : build(row);
  });
  return directory;
}

/** The app of one organisation: the full app with its plan, else the onboarding app that swaps itself out. */
async function serveOne(
  handle: DatabaseHandle,
  row: ServiceOrganisation,
  plan: StoredPlan | undefined,
  staff: StaffSettings,
  isDefault: boolean,
  replace: (served: ServedWithPlan) => void,
): Promise<ServedWithPlan> {
  const db = handle.forOrganisation(row.id);
  const scope = isDefault ? {} : { sessionScope: row.code };
  const named = { code: row.code, name: row.name, slug: findOrganisation(row.code)?.slug };
  if (plan === undefined) {
    const app = createOnboardingApp({
      organisation: { code: row.code, name: row.name },
      staff: { ...staff, db, ...scope },
      // The first plan: the full app serves the organisation from the next request.
      planCreated: async () => {
        const [created] = await listPlans(db);
        if (created === undefined) throw new Error('invariant: a first plan was stored');
        replace(await serveOne(handle, row, created, staff, isDefault, replace));
      },
    });
    return { ...named, planName: undefined, app };
  }
  const loaded = await loadStoredPlan(db, plan);
  if (!loaded.ok) throw new UnreadablePlanError(plan, loaded.error);
  const source = new SiteSource(new SiteData(loaded.value), { db, plan });
  const app = createApp(source, { staff: { ...staff, db, planId: plan.id, ...scope } });
  return { ...named, planName: plan.name, app, plan, source };
}
