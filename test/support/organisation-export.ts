// An organisation's export folder written the way `shinchoku organisation export` writes it (the same reads of the
// plan store and the organisation repository, the same writer), without the operator's grant or the history entry
// the operator's export adds: tests of the restore compare two such folders, and reading must not change the data.
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listPlans, loadStoredPlanWithVersions } from '../../src/db/plan-store.ts';
import {
  findOrganisationRow,
  readOrganisationRecords,
} from '../../src/db/repositories/organisation.repository.ts';
import { writeOrganisationExport } from '../../src/io/interchange/write-organisation-export.ts';

type ExportData = Parameters<typeof writeOrganisationExport>[0];

/** Writes the export of the organisation with this 団体コード into `dir` (new or empty). */
export async function writeExportOf(
  handle: Pick<DatabaseHandle, 'db' | 'forOrganisation'>,
  code: string,
  dir: string,
): Promise<void> {
  const organisation = await findOrganisationRow(handle.db, code);
  if (organisation === undefined) throw new Error(`organisation ${code} not on the service`);
  const data: ExportData = await handle
    .forOrganisation(organisation.id)
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const plans: ExportData['plans'][number][] = [];
      for (const stored of await listPlans(trx)) {
        const loaded = await loadStoredPlanWithVersions(trx, stored);
        if (!loaded.ok) throw new Error(`plan ${stored.code} unreadable`);
        plans.push({ ok: true, stored, ...loaded.value });
      }
      return { organisation, plans, records: await readOrganisationRecords(trx) };
    });
  await writeOrganisationExport(data, dir);
}
