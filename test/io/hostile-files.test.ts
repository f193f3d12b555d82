// The hostile corpus against each reader in-process (the sandbox's own tests and the CLI/HTTP tests run them in
// the worker): a plan workbook and a 調査票, each turned into every hostile case, are refused with the named limit.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFileIssue } from '../../src/io/csv/file-issue.ts';
import type { SurveySheet } from '../../src/io/survey/survey-model.ts';
import { readSurveyWorkbook } from '../../src/io/survey/survey-read.ts';
import { writeSurveyWorkbook } from '../../src/io/survey/survey-write.ts';
import { readTablesXlsx } from '../../src/io/xlsx/xlsx-read.ts';
import { HOSTILE_CASES } from '../fixtures/hostile/hostile-files.ts';
import { issuesOf, sampleXlsx, unwrap } from '../fixtures/io/files.ts';

// Asserted rather than annotated: the row versions a 調査票 carries are not this test's subject.
const survey = {
  organisationName: '宮城県',
  planCode: 'miyagi-ict-2021',
  planName: 'みやぎ情報化推進ポリシー',
  fiscalYear: 2024,
  departmentCode: 'kikaku-digital',
  departmentName: '企画部 デジタルみやぎ推進課',
  dueDate: '2025-05-30',
  measures: [
    {
      measureId: 'M1',
      measureName: '行政手続のオンライン化',
      analysis: '',
      analysisVersion: 0,
      kpis: [
        {
          measureId: 'M1',
          kpiId: 'K1',
          kpiName: 'デジタル身分証アプリ登録者数',
          unit: '人',
          baselineText: '335 (R3.3)',
          targetText: '131,000',
          lastYearText: '129,000',
          valueText: '',
          provisional: true,
          note: '',
          version: 0,
        },
      ],
    },
  ],
} as SurveySheet;
const expected = { planCode: 'miyagi-ict-2021', fiscalYear: 2024, departmentCodes: ['kikaku-digital'] };

let plan: Buffer;
let form: Buffer;
beforeAll(async () => {
  plan = await sampleXlsx();
  form = await writeSurveyWorkbook(survey);
});

const messages = (issues: readonly { message: string }[]) => issues.map((i) => i.message).join('\n');

describe('the untouched bases are read', () => {
  it('the plan workbook and the 調査票', async () => {
    unwrap(await readTablesXlsx(plan));
    expect(unwrap(await readSurveyWorkbook(form, expected)).kpis).toHaveLength(1);
  });
});

describe.each(HOSTILE_CASES)('$id: $title', (hostile) => {
  it('is refused as a plan workbook, naming the limit', async () => {
    const file = await hostile.build(plan, { sheet: '計画', cell: 'B2' });
    const issues = issuesOf(await readTablesXlsx(file, `${hostile.id}.xlsx`));
    expect(messages(issues)).toMatch(hostile.refusal);
    for (const issue of issues) expect(formatFileIssue(issue)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('is refused as a 調査票, naming the limit', async () => {
    // G8: the first KPI's 実績 input cell of this layout.
    const file = await hostile.build(form, { sheet: '調査票', cell: 'G8' });
    expect(messages(issuesOf(await readSurveyWorkbook(file, expected, `${hostile.id}.xlsx`)))).toMatch(
      hostile.refusal,
    );
  });
});
