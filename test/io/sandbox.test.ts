// The sandbox reads in a worker thread: the same result as the reader itself, and a worker that runs out of its
// memory or time becomes a Japanese refusal naming the limit instead of taking the process down.
import { describe, expect, it } from 'vitest';
import { writeCsvZip } from '../../src/io/csv/csv-archive.ts';
import { readTablesXlsxSandboxed, runSandboxed, SANDBOX_LIMITS } from '../../src/io/sandbox/sandbox.ts';
import { HOSTILE_CASES } from '../fixtures/hostile/hostile-files.ts';
import { issuesOf, sampleCsv, sampleXlsx, unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

describe('runSandboxed', () => {
  it('returns what the reader returns: the tables of a workbook and of a zip of CSV files', async () => {
    const book = unwrap(await readTablesXlsxSandboxed(await sampleXlsx(), 'ブック.xlsx'));
    expect(book).toEqual({ tables: sampleTables(), rowVersions: undefined });
    const zip = await writeCsvZip(sampleCsv());
    expect(unwrap(await runSandboxed({ kind: 'csv-zip', bytes: zip, file: 'CSV.zip' }))).toEqual({
      tables: sampleTables(),
      rowVersions: undefined,
    });
  });

  it("passes the reader's refusal through, located", async () => {
    const issues = issuesOf(await readTablesXlsxSandboxed(Buffer.from('a,b\r\n'), 'メモ.xlsx'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'メモ.xlsx',
      message: expect.stringContaining('zip 形式ではありません'),
    });
  });

  it('a worker out of memory becomes a refusal naming the memory limit', async () => {
    const bytes = await sampleXlsx();
    const result = await runSandboxed(
      { kind: 'xlsx-tables', bytes, file: 'ブック.xlsx' },
      { ...SANDBOX_LIMITS, heapMb: 4 },
    );
    expect(issuesOf(result)).toEqual([
      { file: 'ブック.xlsx', message: expect.stringContaining('メモリが上限（4MB）を超えた') },
    ]);
  });

  it('a worker over its time is stopped and becomes a refusal naming the time limit', async () => {
    const bytes = await sampleXlsx();
    const result = await runSandboxed(
      { kind: 'xlsx-tables', bytes, file: 'ブック.xlsx' },
      { ...SANDBOX_LIMITS, timeoutMs: 1 },
    );
    expect(issuesOf(result)).toEqual([
      { file: 'ブック.xlsx', message: expect.stringContaining('処理時間の上限（0.001秒）を超えた') },
    ]);
  });
});

describe('a zip of CSV files read in the sandbox', () => {
  const archiveCases = HOSTILE_CASES.filter((c) =>
    ['zip-bomb', 'many-entries', 'bad-central-directory', 'path-traversal'].includes(c.id),
  );
  it.each(archiveCases)('$id is refused naming the limit', async (hostile) => {
    const zip = await hostile.build(await writeCsvZip(sampleCsv()), { sheet: '', cell: '' });
    const issues = issuesOf(await runSandboxed({ kind: 'csv-zip', bytes: zip, file: 'CSV.zip' }));
    expect(issues.map((i) => i.message).join('\n')).toMatch(hostile.refusal);
  });
});
