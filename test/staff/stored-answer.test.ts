// The answer form reads its starting values straight from the stored rows (with their versions), not from the loaded
// plan; both readings of the same rows must show a person the same text, for every measure and year of the seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnswerRows } from '../../src/db/repositories/answer.repository.ts';
import { currentAnswerInput } from '../../src/domain/editing/measure-answer.ts';
import { actualCellsText, storedAnswer } from '../../src/domain/editing/stored-answer.ts';
import { kpisOfMeasure } from '../../src/domain/plan/model.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { openStaffApp, type StaffHarness } from '../support/staff-app.ts';

const cells = {
  value: null,
  missing: null,
  marker: null,
  percent: false,
  approximate: false,
  provisional: null,
  note: null,
};

describe('actualCellsText', () => {
  it.each([
    [{ ...cells, value: '1527' }, '1,527'],
    [{ ...cells, value: '93.56', percent: true }, '93.56%'],
    [{ ...cells, value: '18', percent: true, approximate: true }, '約18%'],
    [{ ...cells, missing: 'not-measured' }, '未計測'],
    [{ ...cells, missing: 'no-value', marker: '－' }, '－'],
  ])('%o → %s', (row, text) => {
    expect(actualCellsText(row)).toBe(text);
  });
});

describe.each(DATABASE_TARGETS)('stored answer rows on $name', (target) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await openStaffApp(target);
  });
  afterAll(() => h.close());

  it('show the same text as the loaded plan for every measure, R5 and R6', async () => {
    const plan = h.source.current.plan;
    let compared = 0;
    for (const measure of plan.measures.values()) {
      const kpis = kpisOfMeasure(plan, measure).map((k) => k.id);
      for (const fy of [2023, 2024]) {
        const rows = await readAnswerRows(h.handle.db, h.planId, measure.id, kpis, fy);
        expect(storedAnswer(plan, measure, fy, rows).input).toEqual(currentAnswerInput(plan, measure, fy));
        compared += 1;
      }
    }
    expect(compared).toBe(2 * plan.measures.size);
  });

  it('carries the version read with each value (0 where there is no row)', async () => {
    const plan = h.source.current.plan;
    const measure = plan.measures.get('open-data-miyagi');
    if (measure === undefined) throw new Error('seed measure missing');
    const rows = await readAnswerRows(h.handle.db, h.planId, measure.id, ['open-data-datasets'], 2024);
    expect(storedAnswer(plan, measure, 2024, rows).versions.actuals.get('open-data-datasets')).toBe(1);
    const none = await readAnswerRows(h.handle.db, h.planId, measure.id, ['open-data-datasets'], 2030);
    expect(storedAnswer(plan, measure, 2030, none).versions.actuals.get('open-data-datasets')).toBe(0);
    expect(storedAnswer(plan, measure, 2030, none).input.kpis[0]?.value).toBe('');
  });
});
