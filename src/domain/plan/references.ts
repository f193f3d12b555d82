import type { PlanIssue } from './issues.ts';
import type { Located, PlanOutline } from './outline.ts';

/**
 * Duplicate codes and references to codes the dataset does not define (goals, departments, KPIs), each at its path.
 * A reference is only checked when the list defining its codes could be read (a missing `departments` is one
 * schema problem, not one per measure).
 */
export function referenceIssues(outline: PlanOutline): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const duplicates = (defined: readonly Located[] | undefined, message: (code: string) => string) => {
    const seen = new Set<string>();
    for (const { path, code } of defined ?? []) {
      if (seen.has(code)) issues.push({ path, message: message(code) });
      seen.add(code);
    }
  };
  duplicates(outline.goals, (code) => `目標コード「${code}」が重複しています`);
  duplicates(outline.departments, (code) => `所属コード「${code}」が重複しています`);
  duplicates(outline.measures, (code) => `施策ID「${code}」が重複しています`);
  duplicates(outline.kpis, (code) => `KPIのID「${code}」が重複しています`);

  const unknown = (
    defined: readonly Located[] | undefined,
    references: readonly Located[],
    message: (code: string) => string,
  ) => {
    if (defined === undefined) return;
    const codes = new Set(defined.map((d) => d.code));
    for (const { path, code } of references)
      if (!codes.has(code)) issues.push({ path, message: message(code) });
  };
  unknown(outline.goals, outline.goalRefs, (code) => `目標コード「${code}」は goals にありません`);
  unknown(
    outline.departments,
    outline.departmentRefs,
    (code) => `所属コード「${code}」は departments にありません`,
  );
  unknown(
    outline.goals === undefined ? undefined : outline.kpis,
    outline.kpiRefs,
    (code) => `KPI「${code}」はどの施策・関連KPIにも定義されていません`,
  );
  return issues;
}
