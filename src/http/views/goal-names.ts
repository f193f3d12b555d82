import { goalLabel } from '../../domain/plan/model.ts';
import type { Goal } from '../../domain/plan/schema.ts';

const CIRCLED_ONE = 0x2460;

/** ① for 1 … ⑳ for 20; larger numbers are printed as (21). */
const circled = (n: number) => (n >= 1 && n <= 20 ? String.fromCodePoint(CIRCLED_ONE + n - 1) : `(${n})`);

/** 重点目標① / 基盤取組 / the sub-area marker (イ): what the report prints before a goal's name. */
export function goalKind(goal: Goal): string {
  switch (goal.kind) {
    case 'priority':
      return goal.number === undefined ? '重点目標' : `重点目標${circled(goal.number)}`;
    case 'foundation':
      return '基盤取組';
    case 'area':
      return '';
  }
}

/** The goal's name as printed, e.g. 「D for Citizen 最適化による県民サービスの向上」 or 「ハ 庁内の人材育成」. */
export const goalName = (goal: Goal): string => goalLabel(goal);

/** Kind and name, e.g. 「重点目標① D for Citizen 最適化による県民サービスの向上」. */
export const goalFullName = (goal: Goal): string =>
  [goalKind(goal), goalName(goal)].filter(Boolean).join(' ');

/** The short name for chart axes: the label (D for Citizen) or the title of a sub-area. */
export const goalShortName = (goal: Goal): string => goal.label ?? goalName(goal);

/** The codes of a goal and all goals under it. */
export function subtreeCodes(goal: Goal): Set<string> {
  const codes = new Set<string>([goal.code]);
  for (const child of goal.children) for (const code of subtreeCodes(child)) codes.add(code);
  return codes;
}
