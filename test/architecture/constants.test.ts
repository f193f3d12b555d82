// Roles and statuses are defined once in the domain; the SQL migrations cannot import them, so this test holds the
// database's CHECK constraints to the same lists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KPI_STATUSES } from '../../src/domain/evaluation/kpi-evaluation.ts';
import {
  MEASURE_STATUS_LABELS,
  MEASURE_STATUSES,
  PUBLISHED_STATUS_LABELS,
  statusOfLabel,
} from '../../src/domain/evaluation/measure-status.ts';
import { KPI_STATUS_LABELS } from '../../src/domain/output/labels.ts';
import { ROLE_LABELS, ROLES } from '../../src/domain/staff/role.ts';

const MIGRATIONS = resolve(import.meta.dirname, '../../src/db/migrations');

/** The quoted values of `check (<column> in ('a', 'b'))` in a migration. */
function checkedValues(file: string, column: string): string[] {
  const sql = readFileSync(resolve(MIGRATIONS, file), 'utf8');
  const match = new RegExp(`check \\(${column} in \\(([^)]*)\\)\\)`).exec(sql);
  if (match === null) throw new Error(`no check on ${column} in ${file}`);
  return [...(match[1] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
}

describe('one definition each', () => {
  it('roles: admin, editor, viewer with their Japanese labels; the users table accepts exactly those', () => {
    expect(ROLES).toEqual(['admin', 'editor', 'viewer']);
    expect(ROLE_LABELS).toEqual({
      admin: '管理者（政策担当課）',
      editor: '入力担当（所属）',
      viewer: '閲覧',
    });
    expect(checkedValues('0003_staff.sql', 'role')).toEqual([...ROLES]);
  });

  it('measure statuses in the report order; the printed 公表判定 are the first three labels', () => {
    expect(MEASURE_STATUSES).toEqual(['achieved', 'partially_achieved', 'not_achieved', 'not_evaluable']);
    expect(MEASURE_STATUSES.map((s) => MEASURE_STATUS_LABELS[s])).toEqual([
      '達成',
      '一部達成',
      '未達成',
      '判定不能',
    ]);
    expect(PUBLISHED_STATUS_LABELS).toEqual(['達成', '一部達成', '未達成']);
    expect(checkedValues('0001_initial.sql', 'label')).toEqual([...PUBLISHED_STATUS_LABELS]);
    expect(statusOfLabel('一部達成')).toBe('partially_achieved');
    expect(statusOfLabel('【達成】')).toBeUndefined();
  });

  it('a KPI has no 一部達成, and its labels are the measure labels', () => {
    expect(KPI_STATUSES).toEqual(['achieved', 'not_achieved', 'not_evaluable']);
    expect(KPI_STATUS_LABELS).toEqual({
      achieved: '達成',
      not_achieved: '未達成',
      not_evaluable: '判定不能',
    });
  });
});
