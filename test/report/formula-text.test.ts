import { describe, expect, it } from 'vitest';
import { planToTables } from '../../src/domain/tables/to-tables.ts';
import { readTablesCsv, writeTablesCsv } from '../../src/io/csv/tables-csv.ts';
import { planFrom, seedDocument } from '../support/plans.ts';

const FORMULA = '=HYPERLINK("http://example.com","x")';

describe('formula-like analysis text in the open-data CSV', () => {
  it('is written neutralised (never as a formula) and reads back as the same text', () => {
    const doc = seedDocument();
    doc.measures[0].analyses[0].text = FORMULA;
    const tables = planToTables(planFrom(doc).document);
    const files = writeTablesCsv(tables, 'utf8bom');
    if (!files.ok) throw new Error(JSON.stringify(files.error));
    const csv = files.value.get('要因分析.csv')?.toString('utf8') ?? '';
    expect(csv).toContain(`"'=HYPERLINK(""http://example.com"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const back = readTablesCsv(files.value);
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    expect(back.value.analyses.find((a) => a.measure === 'open-data-miyagi')?.text).toBe(FORMULA);
  });
});
