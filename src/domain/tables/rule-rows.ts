// 評価ルール as rows: one row per leaf of the rule set, keyed by its dotted path, the value as text.
import { DEFAULT_RULES, type RuleSet } from '../plan/rules.ts';
import { makeRow } from './cells.ts';
import type { Row } from './definitions.ts';
import { cell, type RowReader } from './read-rows.ts';

/**
 * Flattens a rule set into rows, e.g. `achievementRate.display.digits` = "0", `summary.okuYen.mode` = "half-up";
 * the defaults are written too, so a table always says which rules were applied.
 */
export function ruleRows(rules: RuleSet): Row[] {
  const rows: Row[] = [];
  const walk = (value: unknown, path: readonly string[]): void => {
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    } else {
      rows.push(makeRow('rules', { rule: path.join('.'), value: String(value) }));
    }
  };
  walk(rules, []);
  return rows;
}

/** The default rule set's leaf at a dotted path, to know whether the text stands for a number. */
function defaultLeaf(path: readonly string[]): unknown {
  let node: unknown = DEFAULT_RULES;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

type Tree = { [key: string]: Tree | unknown };

/**
 * Rebuilds the raw `plan.rules` object from rule rows: digits become numbers, other values stay text, and unknown
 * rules are passed on for loadPlan to report. Returns undefined when there are no rows (the defaults apply).
 */
export function rulesInput(r: RowReader): Tree | undefined {
  const entries = r.entries('rules');
  if (entries.length === 0) return undefined;
  const root: Tree = {};
  const seen = new Set<string>();
  for (const entry of entries) {
    const rule = cell(entry.row, 'rule');
    // An exact repeat is reported once, by the duplicate-key check.
    if (typeof rule === 'string' && seen.has(rule)) continue;
    if (typeof rule === 'string') seen.add(rule);
    if (typeof rule !== 'string' || !/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(rule)) {
      r.report(
        'rules',
        entry,
        'rule',
        'ルールは「achievementRate.display.digits」のようにドット区切りで入力してください',
      );
      continue;
    }
    const path = rule.split('.');
    const value = cell(entry.row, 'value');
    const numeric = typeof defaultLeaf(path) === 'number' && typeof value === 'string' && /^\d+$/.test(value);
    if (!place(root, path, numeric ? Number(value) : value))
      r.report('rules', entry, 'rule', `ルール「${rule}」が他の行と重なっています`);
  }
  return root;
}

/** Sets a leaf; false when the path runs into an existing leaf or ends on an existing branch. */
function place(root: Tree, path: readonly string[], value: unknown): boolean {
  let node = root;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    const existing = node[key];
    if (last) {
      if (existing !== undefined) return false;
      node[key] = value;
      return true;
    }
    if (existing === undefined) node[key] = {};
    const next = node[key];
    if (typeof next !== 'object' || next === null) return false;
    node = next as Tree;
  }
  return false;
}
