// Rebuilds the goal tree from its rows and attaches each goal's sections, cards and initiatives to it.
import type { TableName } from './definitions.ts';
import {
  type CardKpis,
  type Positioned,
  type SectionNode,
  sectionInput,
  sorted,
} from './from-tables-sections.ts';
import { cell, compact, type Entry, nonEmpty, type RowReader, sortByNumber } from './read-rows.ts';

interface GoalNode extends Positioned {
  readonly code: string;
  readonly children: GoalNode[];
  readonly sections: Map<number, SectionNode>;
}

/** The raw `goals` input, and the goal codes in depth-first order (for ordering project totals). */
export function goalTreeInput(r: RowReader, kpis: CardKpis): { goals: unknown[]; order: string[] } {
  const { nodes, roots } = readGoalTree(r);
  attachSections(r, nodes);
  const order: string[] = [];
  const build = (node: GoalNode): unknown => {
    order.push(node.code);
    const { row } = node.entry;
    const sections = sortByNumber([...node.sections.entries()], ([s]) => s).map(([, s]) =>
      sectionInput(s, kpis),
    );
    return compact({
      code: node.code,
      kind: row.kind,
      number: row.number,
      marker: row.marker,
      label: row.label,
      title: row.title,
      sections: nonEmpty(sections),
      children: nonEmpty(sorted(node.children).map(build)),
    });
  };
  return { goals: sorted(roots).map(build), order };
}

function readGoalTree(r: RowReader): { nodes: Map<string, GoalNode>; roots: GoalNode[] } {
  const nodes = new Map<string, GoalNode>();
  const parents = new Map<GoalNode, string>();
  for (const entry of r.entries('goals')) {
    const code = r.code('goals', entry, 'code');
    const position = r.index('goals', entry, 'position');
    // A repeated code is reported by the duplicate-key check; the first row wins.
    if (code === undefined || position === undefined || nodes.has(code)) continue;
    const node: GoalNode = { entry, position, code, children: [], sections: new Map() };
    nodes.set(code, node);
    const parent = cell(entry.row, 'parent');
    if (parent !== null) parents.set(node, String(parent));
  }
  const roots = [...nodes.values()].filter((n) => !parents.has(n));
  for (const [node, code] of parents) {
    const parent = nodes.get(code);
    if (parent === undefined)
      r.report('goals', node.entry, 'parent', `上位の目標コード「${code}」は「目標」の表にありません`);
    else parent.children.push(node);
  }
  const reached = new Set<GoalNode>();
  const reach = (n: GoalNode): void => {
    reached.add(n);
    for (const child of n.children) if (!reached.has(child)) reach(child);
  };
  roots.forEach(reach);
  // Only the goals on a cycle are reported; their descendants are placed once the cycle is broken.
  const onCycle = (start: GoalNode): boolean => {
    const seen = new Set<GoalNode>();
    for (let n: GoalNode | undefined = start; n !== undefined && !seen.has(n); ) {
      seen.add(n);
      const code = parents.get(n);
      n = code === undefined ? undefined : nodes.get(code);
      if (n === start) return true;
    }
    return false;
  };
  for (const [node] of parents) {
    if (!reached.has(node) && onCycle(node))
      r.report(
        'goals',
        node.entry,
        'parent',
        `目標「${node.code}」は上位の目標をたどると自分自身に戻ります（循環）`,
      );
  }
  return { nodes, roots };
}

function attachSections(r: RowReader, goals: Map<string, GoalNode>): void {
  const goalOf = (table: TableName, entry: Entry): GoalNode | undefined => {
    const code = r.code(table, entry, 'goal');
    const goal = code === undefined ? undefined : goals.get(code);
    if (code !== undefined && goal === undefined)
      r.report(table, entry, 'goal', `目標コード「${code}」は「目標」の表にありません`);
    return goal;
  };
  for (const entry of r.entries('guidelines')) {
    const goal = goalOf('guidelines', entry);
    const section = r.index('guidelines', entry, 'section');
    const position = r.index('guidelines', entry, 'position');
    if (goal === undefined || section === undefined || position === undefined) continue;
    const node: SectionNode = goal.sections.get(section) ?? {
      guidelines: [],
      cards: new Map(),
      initiatives: new Map(),
    };
    goal.sections.set(section, node);
    node.guidelines.push({ entry, position });
  }
  const sectionOf = (table: TableName, entry: Entry): SectionNode | undefined => {
    const goal = goalOf(table, entry);
    const s = r.index(table, entry, 'section');
    if (goal === undefined || s === undefined) return undefined;
    const section = goal.sections.get(s);
    if (section === undefined)
      r.report(table, entry, 'section', `目標「${goal.code}」の枠 ${s} は「行動指針」の表にありません`);
    return section;
  };
  const add = <T extends Positioned>(
    table: TableName,
    into: (s: SectionNode) => Map<number, T>,
    make: (p: Positioned) => T,
  ) => {
    for (const entry of r.entries(table)) {
      const section = sectionOf(table, entry);
      const position = r.index(table, entry, 'position');
      if (section === undefined || position === undefined || into(section).has(position)) continue;
      into(section).set(position, make({ entry, position }));
    }
  };
  add(
    'headline_kpis',
    (s) => s.cards,
    (p) => ({ ...p, kpi: r.code('headline_kpis', p.entry, 'kpi'), values: [] }),
  );
  add(
    'initiatives',
    (s) => s.initiatives,
    (p) => ({ ...p, details: [], figures: [] }),
  );
  const attach = (
    table: TableName,
    owner: 'card' | 'initiative',
    list: (s: SectionNode, n: number) => Positioned[] | undefined,
  ) => {
    for (const entry of r.entries(table)) {
      const section = sectionOf(table, entry);
      const n = r.index(table, entry, owner);
      const position = r.index(table, entry, 'position');
      if (section === undefined || n === undefined || position === undefined) continue;
      const items = list(section, n);
      if (items === undefined) {
        const { goal, section: s } = entry.row;
        const name =
          owner === 'card'
            ? `関連KPIカード（目標「${goal}」・枠 ${s}・カード順 ${n}）は「関連KPI」`
            : `主要取組（目標「${goal}」・枠 ${s}・取組順 ${n}）は「主要取組」`;
        r.report(table, entry, owner, `${name}の表にありません`);
      } else items.push({ entry, position });
    }
  };
  attach('headline_published_values', 'card', (s, n) => s.cards.get(n)?.values);
  attach('initiative_details', 'initiative', (s, n) => s.initiatives.get(n)?.details);
  attach('initiative_figures', 'initiative', (s, n) => s.initiatives.get(n)?.figures);
}
