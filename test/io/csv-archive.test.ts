import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsvFolder, readCsvZip, writeCsvFolder, writeCsvZip } from '../../src/io/csv/csv-archive.ts';
import { readTablesCsv } from '../../src/io/csv/tables-csv.ts';
import { writeZip } from '../../src/io/zip/zip-write.ts';
import { issuesOf, patchDeclaredSize, renameEntryRaw, sampleCsv, unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

describe('CSV zip', () => {
  it.each(['utf8bom', 'utf8', 'sjis'] as const)('round-trips the tables in %s', async (encoding) => {
    const zip = await writeCsvZip(sampleCsv(encoding));
    expect(unwrap(await readCsvZip(zip))).toEqual(sampleTables());
  });

  it('is deterministic: the same files give the same zip bytes', async () => {
    const a = await writeCsvZip(sampleCsv());
    const b = await writeCsvZip(sampleCsv());
    expect(a.equals(b)).toBe(true);
  });

  it('reads files from a folder inside the zip', async () => {
    const zip = await writeZip([...sampleCsv()].map(([name, data]) => [`計画データ/${name}`, data] as const));
    expect(unwrap(await readCsvZip(zip))).toEqual(sampleTables());
  });

  it('reads Shift_JIS file names (zips made by Windows Explorer carry no UTF-8 flag)', async () => {
    const files = [...sampleCsv()].map(
      ([name, data]) => [name === 'KPI値.csv' ? 'KPIxx.csv' : name, data] as const,
    );
    const zip = renameEntryRaw(await writeZip(files), 'KPIxx.csv', iconv.encode('KPI値.csv', 'cp932'));
    expect(unwrap(await readCsvZip(zip))).toEqual(sampleTables());
  });

  it('refuses a zip bomb (an entry compressed more than 100:1) before inflating it', async () => {
    const files = sampleCsv();
    files.set('転記メモ.csv', Buffer.alloc(10 * 1024 * 1024, 0x30));
    const issues = issuesOf(await readCsvZip(await writeCsvZip(files), 'data.zip'));
    expect(issues).toEqual([
      expect.objectContaining({ file: 'data.zip', message: expect.stringContaining('zip爆弾') }),
    ]);
    expect(issues[0]?.message).toContain('転記メモ.csv');
  });

  it('refuses an entry whose declared size is huge, and one that lies about its size', async () => {
    const zip = await writeCsvZip(sampleCsv());
    const huge = patchDeclaredSize(zip, '転記メモ.csv', 0x7fff_0000);
    expect(issuesOf(await readCsvZip(huge))[0]?.message).toContain('zip爆弾');
    const lying = patchDeclaredSize(zip, '転記メモ.csv', 3);
    expect(issuesOf(await readCsvZip(lying))[0]?.message).toContain('展開できません');
  });

  it('refuses a file that is not a zip, and a truncated zip', async () => {
    expect(issuesOf(await readCsvZip(Buffer.from('順序,メモ\r\n'), 'x.zip'))).toEqual([
      expect.objectContaining({ file: 'x.zip', message: expect.stringContaining('zip 形式ではありません') }),
    ]);
    const zip = await writeCsvZip(sampleCsv());
    expect(issuesOf(await readCsvZip(zip.subarray(0, zip.length - 30)))[0]?.message).toContain(
      '途中で切れています',
    );
  });
});

describe('CSV folder', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shinchoku-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every file and reads the tables back', async () => {
    await writeCsvFolder(join(dir, 'out'), sampleCsv('sjis'));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual([...sampleCsv('sjis').keys()].sort());
    expect(unwrap(await readCsvFolder(join(dir, 'out')))).toEqual(sampleTables());
  });

  it('does not follow a symbolic link posing as a table file', async () => {
    await writeCsvFolder(dir, sampleCsv());
    await rm(join(dir, '転記メモ.csv'));
    await writeFile(join(dir, 'secret.txt'), '順序,メモ\r\n1,secret\r\n');
    await symlink(join(dir, 'secret.txt'), join(dir, '転記メモ.csv'));
    expect(issuesOf(await readCsvFolder(dir))).toEqual([
      expect.objectContaining({ file: '転記メモ.csv', message: expect.stringContaining('ありません') }),
    ]);
  });

  it('reports a folder that cannot be read', async () => {
    expect(issuesOf(await readCsvFolder(join(dir, 'missing')))[0]?.message).toContain('読み取れません');
  });

  it('refuses to write outside the folder', async () => {
    await expect(writeCsvFolder(dir, new Map([['../x.csv', Buffer.from('')]]))).rejects.toThrow(
      'plain file name',
    );
  });

  it('reads the same tables from the folder as from the files', async () => {
    await writeCsvFolder(dir, sampleCsv());
    expect(await readCsvFolder(dir)).toEqual(readTablesCsv(sampleCsv()));
  });
});
