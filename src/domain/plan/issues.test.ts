import { describe, expect, it } from 'vitest';
import { sortIssues } from './issues.ts';

const at = (...paths: string[]) => paths.map((path) => ({ path, message: path }));

describe('sortIssues', () => {
  const input = {
    report: { title: '', fiscalYear: 'R6' },
    measures: Array.from({ length: 11 }, () => ({ id: 'm', goal: 'g', kpis: [] })),
    projects: [{}],
  };

  it('orders by the file: keys as written, indices as numbers, parents before their fields', () => {
    const sorted = sortIssues(
      at(
        'projects[0].goal',
        'measures[10].goal',
        'measures[2].kpis',
        'measures[2]',
        'measures[2].id',
        'report.fiscalYear',
        '(ルート)',
        'report.title',
      ),
      input,
    );
    expect(sorted.map((i) => i.path)).toEqual([
      '(ルート)',
      'report.title',
      'report.fiscalYear',
      'measures[2]',
      'measures[2].id',
      'measures[2].kpis',
      'measures[10].goal',
      'projects[0].goal',
    ]);
  });

  it('puts fields the file lacks after those it has, by name, and keeps equal paths in order', () => {
    const issues = [
      { path: 'measures[0].name', message: 'b' },
      { path: 'measures[0].department', message: 'a' },
      { path: 'measures[0].goal', message: 'first' },
      { path: 'measures[0].goal', message: 'second' },
    ];
    expect(sortIssues(issues, input).map((i) => `${i.path} ${i.message}`)).toEqual([
      'measures[0].goal first',
      'measures[0].goal second',
      'measures[0].department a',
      'measures[0].name b',
    ]);
  });
});
