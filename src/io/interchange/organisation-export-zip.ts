// An organisation's whole export as one zip (「データ一式をダウンロード」): exactly the files `shinchoku organisation
// export` writes, written by the same writer into a temporary folder and zipped with their folders (計画/, 文書/).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrganisationExport } from '../../app/organisations.ts';
import { writeZip } from '../zip/zip-write.ts';
import { type OrganisationExportResult, writeOrganisationExport } from './write-organisation-export.ts';

/** The files under `dir`, as zip entry names (forward slashes), sorted. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) names.push(...(await filesUnder(dir, name)));
    else if (entry.isFile()) names.push(name);
  }
  return names.sort();
}

/** Writes the export and zips it; the temporary folder is removed whatever happens. */
export async function writeOrganisationExportZip(
  data: OrganisationExport,
): Promise<{ zip: Buffer; written: OrganisationExportResult }> {
  const dir = await mkdtemp(join(tmpdir(), 'shinchoku-organisation-zip-'));
  try {
    const out = join(dir, 'export');
    const written = await writeOrganisationExport(data, out);
    const files: [string, Buffer][] = [];
    for (const name of await filesUnder(out)) files.push([name, await readFile(join(out, name))]);
    return { zip: await writeZip(files), written };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** 「shinchoku-044229-20261206.zip」: the 団体コード and the day (Japan time) it was taken. */
export const organisationExportFileName = (code: string, at: Date): string =>
  `shinchoku-${code}-${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')}.zip`;
