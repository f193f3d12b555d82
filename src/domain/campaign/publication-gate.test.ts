import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../audit/finding.ts';
import { findingsOutput } from '../output/findings-output.ts';
import { passPublicationGate } from './publication-gate.ts';

const finding = (severity: Severity, n: number): Finding => ({
  code: severity === 'error' ? 'summary-figure-mismatch' : 'summary-label-year',
  severity,
  where: { path: `publishedSummaries[0].goals[${n}]`, label: `目標${n}` },
  message: `指摘${n}`,
});

const output = (errors: number, warnings: number) =>
  findingsOutput(2024, [
    ...Array.from({ length: warnings }, (_, i) => finding('warning', i)),
    ...Array.from({ length: errors }, (_, i) => finding('error', i)),
  ]);

describe('passPublicationGate', () => {
  it('opens without an acknowledgement when only warnings remain, recording the counts', () => {
    expect(
      passPublicationGate(output(0, 2), { acknowledged: false, errorsShown: undefined }, 'admin1'),
    ).toEqual({
      kind: 'open',
      record: { errorCount: 0, warningCount: 2, acknowledgement: undefined },
    });
  });

  it('refuses errors left unacknowledged with 400 and a Japanese reason naming the year and count', () => {
    const decision = passPublicationGate(output(2, 0), { acknowledged: false, errorsShown: 2 }, 'admin1');
    expect(decision).toMatchObject({ kind: 'refused', status: 'bad_request' });
    expect(decision.kind === 'refused' && decision.message).toContain(
      '令和6年度の整合性チェックにエラーが2件あります',
    );
  });

  it.each([
    ['another count', 1],
    ['no count', undefined],
  ])('refuses an acknowledgement made on a page showing %s (409)', (_, shown) => {
    const decision = passPublicationGate(output(2, 0), { acknowledged: true, errorsShown: shown }, 'admin1');
    expect(decision).toMatchObject({ kind: 'refused', status: 'conflict' });
  });

  it('opens when acknowledged, recording the errors as shown and who acknowledged them', () => {
    expect(passPublicationGate(output(2, 1), { acknowledged: true, errorsShown: 2 }, 'admin1')).toEqual({
      kind: 'open',
      record: {
        errorCount: 2,
        warningCount: 1,
        acknowledgement: {
          by: 'admin1',
          errors: [
            { code: 'summary-figure-mismatch', label: '目標0', message: '指摘0' },
            { code: 'summary-figure-mismatch', label: '目標1', message: '指摘1' },
          ],
        },
      },
    });
  });
});
