import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/io/interchange/read-plan-file.ts';
import { readWorkbookFile } from '../../src/io/xlsx/xlsx-read.ts';
import { editWorkbook, issuesOf } from '../fixtures/io/files.ts';
import { runCli, STACK_LINE, TempDir } from './cli-harness.ts';

const temp = new TempDir();
beforeAll(() => temp.open());
afterAll(() => temp.close());

describe('shinchoku export --format starter', () => {
  it('writes the starter workbook with the 計画 row from the options (和暦 accepted), without a database', async () => {
    const out = temp.path('starter.xlsx');
    const r = await runCli(
      'export',
      '--format',
      'starter',
      '--out',
      out,
      '--organisation-code',
      '999999',
      '--organisation-name',
      '架空町',
      '--period-from',
      'R7',
      '--period-to',
      '令和9年度',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${out} に計画の入力用ひな形を書き出しました`);
    // Not filled in yet: the reader reads the options back and names the required cells still blank.
    const issues = issuesOf(await readWorkbookFile(await readFile(out)));
    expect(issues.map((i) => i.column)).toEqual([
      '計画ID（C列）',
      '計画名（D列）',
      '基本目標（I列）',
      '報告年度（L列）',
      '報告書名（N列）',
      '報告年度の実績は見込み（O列）',
    ]);

    // Filled in, it is read as `shinchoku import` reads it.
    const filled = await editWorkbook(await readFile(out), (workbook) => {
      const plan = workbook.getWorksheet('計画');
      if (plan === undefined) throw new Error('no 計画 sheet');
      plan.getCell('C2').value = 'kakuu-dx';
      plan.getCell('D2').value = '架空町DX推進計画';
      plan.getCell('I2').value = 'デジタルで暮らしやすい町';
      plan.getCell('L2').value = 'R7';
      plan.getCell('N2').value = '令和7年度 進捗報告';
      plan.getCell('O2').value = 'いいえ';
      workbook
        .getWorksheet('目標')
        ?.addRow(['citizen', null, 1, 'priority', 1, null, null, '町民サービスの向上']);
      workbook.getWorksheet('所属')?.addRow(['soumu', '総務課', '情報係']);
    });
    const path = temp.path('filled.xlsx');
    await writeFile(path, filled);
    const read = await readPlanFile(path);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.value.format).toBe('xlsx');
    expect(read.value.plan.document.organisation).toEqual({ code: '999999', name: '架空町' });
    expect(read.value.plan.document.plan.period).toEqual({ from: 2025, to: 2027 });
    expect([...read.value.plan.goals.keys()]).toEqual(['citizen']);
    expect([...read.value.plan.departments.keys()]).toEqual(['soumu']);
  });

  it('lists starter in the help', async () => {
    const r = await runCli('export', '--help');
    expect(r.out).toContain('xlsx | csv | json | starter');
    expect(r.out).toContain('--organisation-code <code>');
  });

  it.each([
    [
      ['--period-from', 'R9', '--period-to', 'R7'],
      '--period-to: 計画終了年度（令和7年度）が計画開始年度（令和9年度）より前です。',
    ],
    [['--period-from', 'きのう'], '--period-from: '],
    [['--data', 'plan.yaml'], '--data は --format starter と一緒には指定できません'],
    [['--plan', 'x'], '--plan は --format starter と一緒には指定できません'],
    [['--encoding', 'sjis'], '--encoding はCSVの書き出しにだけ指定できます。'],
  ])('refuses %j in Japanese, exit 2, no stack', async (extra, message) => {
    const r = await runCli('export', '--format', 'starter', '--out', temp.path('refused.xlsx'), ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`エラー: ${message}`);
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('refuses the starter options with another format (before reading any plan)', async () => {
    const r = await runCli('export', '--format', 'xlsx', '--out', temp.path('x.xlsx'), '--plan-name', '計画');
    expect(r.code).toBe(2);
    expect(r.err).toBe('エラー: --plan-name は --format starter のときだけ指定できます。');
  });
});
