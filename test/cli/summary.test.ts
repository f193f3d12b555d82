import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './cli-harness.ts';

interface Figures {
  projects: number;
  amountThousandYen: number;
  previous: { fiscalYear: number; projects: number; amountThousandYen: number } | null;
  difference: { projects: number; amountThousandYen: number } | null;
  display: Record<string, string | null>;
}
interface SummaryJson {
  fiscalYear: number;
  fiscalYearLabel: string;
  total: Figures;
  goals: (Figures & { code: string; label: string })[];
  measureCounts: Record<string, number>;
  rounding: { mode: string; note: string | null };
}

/** docs/domain.md §8: figures by goal, FY2023 → FY2024 (千円). */
const GOALS = [
  { code: 'citizen', prev: [60, 2022951], cur: [61, 1828557] },
  { code: 'local', prev: [62, 1591271], cur: [68, 2893353] },
  { code: 'business', prev: [16, 288236], cur: [17, 281144] },
  { code: 'municipal', prev: [7, 101190], cur: [8, 92965] },
  { code: 'prefecture', prev: [31, 2228604], cur: [30, 1953251] },
] as const;

const lineContaining = (text: string, needle: string): string => {
  const line = text.split('\n').find((l) => l.includes(needle));
  if (line === undefined) throw new Error(`no line contains ${needle}:\n${text}`);
  return line;
};

describe('shinchoku summary (table)', () => {
  it('prints the FY2024 totals with the difference from FY2023', async () => {
    const { code, out, err } = await runCli('summary');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('令和6年度（2024年度）');
    const total = lineContaining(out, '合計');
    expect(total).toContain('184件');
    expect(total).toContain('7,049,270');
    expect(total).toContain('70.5億円');
    expect(total).toContain('+8件');
    expect(total).toContain('+8.2億円');
  });

  it('prints one line per goal with count, 千円, 億円 and the differences', async () => {
    const { out } = await runCli('summary');
    const expected: [string, string[]][] = [
      ['D for Citizen', ['61件', '+1件', '1,828,557', '18.3億円', '△1.9億円']],
      ['D for Local', ['68件', '+6件', '2,893,353', '28.9億円', '+13.0億円']],
      ['D for Business', ['17件', '+1件', '281,144', '2.8億円', '△0.1億円']],
      ['市町村の情報化への支援', ['8件', '+1件', '92,965', '0.9億円', '△0.1億円']],
      ['県行政の情報化の基盤整備', ['30件', '△1件', '1,953,251', '19.5億円', '△2.8億円']],
    ];
    for (const [goal, parts] of expected) {
      const line = lineContaining(out, goal);
      for (const part of parts) expect(line, `${goal}: ${part}`).toContain(part);
    }
  });

  it('adds the 端数処理 note, the rounding convention and the measure counts', async () => {
    const { out } = await runCli('summary');
    expect(out).toContain('※端数処理の関係で合計が一致しない場合があります');
    expect(out).toContain('四捨五入');
    expect(out).toContain('前年度比はR5年度との差');
    expect(out).toMatch(/達成 18 \/ 一部達成 1 \/ 未達成 8 \/ 判定不能 0/);
  });
});

describe('shinchoku summary --format json', () => {
  it('returns the FY2024 totals exactly', async () => {
    const { code, json } = await runJson<SummaryJson>('summary');
    expect(code).toBe(0);
    expect(json.fiscalYear).toBe(2024);
    expect(json.fiscalYearLabel).toBe('令和6年度');
    expect(json.total.projects).toBe(184);
    expect(json.total.amountThousandYen).toBe(7049270);
    expect(json.total.previous).toEqual({ fiscalYear: 2023, projects: 176, amountThousandYen: 6232252 });
    expect(json.total.difference).toEqual({ projects: 8, amountThousandYen: 817018 });
    expect(json.total.display).toMatchObject({
      projects: '184件',
      amountOkuYen: '70.5億円',
      differenceProjects: '+8件',
      differenceOkuYen: '+8.2億円',
    });
  });

  it('returns the goals in published order with their figures for both years', async () => {
    const { json } = await runJson<SummaryJson>('summary');
    expect(json.goals.map((g) => g.code)).toEqual(GOALS.map((g) => g.code));
    for (const [i, g] of GOALS.entries()) {
      const out = json.goals[i];
      expect(out, g.code).toMatchObject({
        code: g.code,
        projects: g.cur[0],
        amountThousandYen: g.cur[1],
        previous: { fiscalYear: 2023, projects: g.prev[0], amountThousandYen: g.prev[1] },
        difference: { projects: g.cur[0] - g.prev[0], amountThousandYen: g.cur[1] - g.prev[1] },
      });
    }
    expect(json.goals[0]?.difference).toEqual({ projects: 1, amountThousandYen: -194394 });
    expect(json.goals[0]?.display.differenceOkuYen).toBe('△1.9億円');
    expect(json.goals[1]?.display.amountOkuYen).toBe('28.9億円');
    expect(json.goals[4]?.display.differenceProjects).toBe('△1件');
  });

  it('the goals add up to the total (money as integers)', async () => {
    const { json } = await runJson<SummaryJson>('summary');
    const sum = (f: (g: Figures) => number) => json.goals.reduce((n, g) => n + f(g), 0);
    expect(sum((g) => g.projects)).toBe(json.total.projects);
    expect(sum((g) => g.amountThousandYen)).toBe(json.total.amountThousandYen);
    for (const g of json.goals) expect(Number.isInteger(g.amountThousandYen)).toBe(true);
  });

  it('counts the measures by computed status', async () => {
    const { json } = await runJson<SummaryJson>('summary');
    expect(json.measureCounts).toEqual({
      achieved: 18,
      partially_achieved: 1,
      not_achieved: 8,
      not_evaluable: 0,
    });
    expect(json.rounding.note).toBe('端数処理の関係で合計が一致しない場合があります');
  });

  it('--fy R5 gives FY2023 with no previous year (there is no FY2022 data)', async () => {
    const { code, json } = await runJson<SummaryJson>('summary', '--fy', 'R5');
    expect(code).toBe(0);
    expect(json.fiscalYear).toBe(2023);
    expect(json.total.projects).toBe(176);
    expect(json.total.amountThousandYen).toBe(6232252);
    expect(json.total.previous).toBeNull();
    expect(json.total.difference).toBeNull();
    expect(json.total.display.differenceProjects).toBeNull();
    expect(json.goals.map((g) => [g.code, g.projects, g.previous])).toEqual(
      GOALS.map((g) => [g.code, g.prev[0], null]),
    );
  });

  it('--fy R5 (table) prints 176件 and no 前年度比 figure', async () => {
    const { code, out } = await runCli('summary', '--fy', 'R5');
    expect(code).toBe(0);
    const total = lineContaining(out, '合計');
    expect(total).toContain('176件');
    expect(total).toContain('62.3億円');
    expect(total).not.toMatch(/[+△±]\d/);
  });

  // Missing is not zero (docs/domain.md §5): a year without project figures is not a year of 0件.
  it('--fy R3 (inside the plan period, no 関連事業 data) is refused instead of printing 0件', async () => {
    const { code, err } = await runCli('summary', '--fy', 'R3');
    expect(code).toBe(2);
    expect(err).toContain('令和3年度の関連事業');
    expect(err).toContain('データのある年度: R5年度、R6年度');
  });
});

describe('shinchoku summary --format csv', () => {
  it('prints a header row and one row per goal plus the total, numbers unquoted', async () => {
    const { code, out } = await runCli('summary', '--format', 'csv');
    expect(code).toBe(0);
    const lines = out.split(/\r?\n/).filter((l) => l !== '');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe(
      '年度,目標コード,目標,事業数,決算額(千円),前年度,前年度事業数,前年度決算額(千円),事業数の差,決算額の差(千円)',
    );
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([...GOALS.map((g) => g.code), 'total']);
    expect(lines[1]).toBe(
      '2024,citizen,D for Citizen 最適化による県民サービスの向上,61,1828557,2023,60,2022951,1,-194394',
    );
    expect(lines[6]).toBe('2024,total,合計,184,7049270,2023,176,6232252,8,817018');
    expect(out).not.toMatch(/"\d/);
  });
});
