import { describe, expect, it } from 'vitest';
import { JAPANESE, runCli, STACK_LINE } from './cli-harness.ts';

const expectRefused = (r: { code: number; out: string; err: string }) => {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^エラー: /);
  expect(r.err).toMatch(JAPANESE);
  expect(r.err).not.toMatch(STACK_LINE);
};

describe('bad options exit 2 with a Japanese message', () => {
  it('--fy X9 is not a fiscal year', async () => {
    const r = await runCli('summary', '--fy', 'X9');
    expectRefused(r);
    expect(r.err).toContain('--fy');
    expect(r.err).toContain('X9');
    expect(r.err).toContain('年度として読み取れません');
  });

  it.each([
    ['2030', '令和12年度'],
    ['R2', '令和2年度'],
    ['R7', '令和7年度'],
  ])('--fy %s is outside the years with data', async (fy, label) => {
    const r = await runCli('summary', '--fy', fy);
    expectRefused(r);
    expect(r.err).toContain('--fy');
    expect(r.err).toContain(`${label}のデータはありません`);
    expect(r.err).toContain('令和3年度から令和6年度まで');
  });

  it.each(['summary', 'evaluate', 'check'])('%s --format xml is refused', async (command) => {
    const r = await runCli(command, '--format', 'xml');
    expectRefused(r);
    expect(r.err).toContain('--format');
    expect(r.err).toContain('xml');
    expect(r.err).toContain('table / json / csv');
  });

  it('validate --format xml is refused too', async () => {
    const r = await runCli('validate', '--format', 'xml');
    expectRefused(r);
    expect(r.err).toContain('xml');
  });

  it('validate offers table and json only: csv is refused, not silently printed as a table', async () => {
    const r = await runCli('validate', '--format', 'csv');
    expectRefused(r);
    expect(r.err).toContain('table / json');
  });

  it('no command at all shows the help as a usage error', async () => {
    const r = await runCli();
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: shinchoku');
    expect(r.out).toContain('summary');
  });

  it('an unknown option is named', async () => {
    const r = await runCli('summary', '--foo');
    expectRefused(r);
    expect(r.err).toContain('不明なオプションです');
    expect(r.err).toContain('--foo');
    expect(r.err).not.toMatch(/unknown option/i);
  });

  it('an unknown command is named', async () => {
    const r = await runCli('frobnicate');
    expectRefused(r);
    expect(r.err).toContain('不明なコマンドです');
    expect(r.err).toContain('frobnicate');
  });

  it('an option without its value is refused', async () => {
    const r = await runCli('summary', '--fy');
    expectRefused(r);
    expect(r.err).toContain('オプションに値がありません');
  });

  it('--help exits 0 and lists the commands in Japanese', async () => {
    const r = await runCli('--help');
    expect(r.code).toBe(0);
    for (const command of ['summary', 'evaluate', 'check', 'validate']) expect(r.out).toContain(command);
    expect(r.out).toContain('ヘルプを表示する');
  });
});

describe('--fy accepts every notation of a fiscal year', () => {
  const notations = ['R6', '2024', '令和6年度', 'Ｒ６年度', 'R6年度', '2024年度', '２０２４'];

  it.each(['summary', 'evaluate', 'check'])(
    '%s gives identical JSON for all notations of FY2024',
    async (command) => {
      // One after the other: the embedded database is opened by one command at a time, as in real use.
      const outputs = [];
      for (const fy of notations) outputs.push(await runCli(command, '--fy', fy, '--format', 'json'));
      const [first, ...rest] = outputs;
      expect(JSON.parse(first?.out ?? '').fiscalYear).toBe(2024);
      for (const [i, r] of rest.entries()) {
        expect(r.err, notations[i + 1]).toBe('');
        expect(r.out, notations[i + 1]).toBe(first?.out);
      }
      // The default is the latest year with data, FY2024.
      const defaulted = await runCli(command, '--format', 'json');
      expect(defaulted.out).toBe(first?.out);
    },
  );

  it('FY2023 notations resolve to FY2023, not to the default year', async () => {
    const r5 = [];
    for (const fy of ['R5', '2023', '令和5年度', 'Ｒ５年度'])
      r5.push(await runCli('summary', '--fy', fy, '--format', 'json'));
    for (const r of r5) expect(JSON.parse(r.out).fiscalYear).toBe(2023);
    expect(new Set(r5.map((r) => r.out)).size).toBe(1);
  });
});
