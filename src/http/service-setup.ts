// What the server serves on a database: every organisation that has a plan, each through its own database handle
// (row-level security) with its own site data and staff side. Used by `shinchoku serve` and by the tests.
import type { DatabaseHandle } from '../db/connect.ts';
import { loadStoredPlan, type StoredPlan } from '../db/plan-store.ts';
import { findOrganisation } from '../domain/organisations/registry.ts';
import type { PlanIssue } from '../domain/plan/load.ts';
import { createApp } from './app.tsx';
import type { ServedOrganisation } from './service.tsx';
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

/**
 * One app per organisation, for the first plan of each in `plans` (listPlans' order: the default organisation first,
 * within one the most recently updated plan), with the staff side on the organisation's scoped handle.
 */
export async function serveOrganisations(
  handle: DatabaseHandle,
  plans: readonly StoredPlan[],
  staff: Omit<StaffOptions, 'db' | 'planId' | 'sessionScope'>,
): Promise<(ServedOrganisation & { readonly plan: StoredPlan; readonly source: SiteSource })[]> {
  const chosen = plans.filter((p, i) => plans.findIndex((q) => q.organisationId === p.organisationId) === i);
  const served = [];
  for (const [index, plan] of chosen.entries()) {
    const db = handle.forOrganisation(plan.organisationId);
    const loaded = await loadStoredPlan(db, plan);
    if (!loaded.ok) throw new UnreadablePlanError(plan, loaded.error);
    const source = new SiteSource(new SiteData(loaded.value), { db, plan });
    const app = createApp(source, {
      staff: {
        ...staff,
        db,
        planId: plan.id,
        ...(index === 0 ? {} : { sessionScope: plan.organisationCode }),
      },
    });
    served.push({
      code: plan.organisationCode,
      name: plan.organisationName,
      slug: findOrganisation(plan.organisationCode)?.slug,
      planName: plan.name,
      app,
      plan,
      source,
    });
  }
  return served;
}
