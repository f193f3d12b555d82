/** A problem in a dataset file, located by its path (e.g. `measures[3].kpis[0].baseline.asOf`). */
export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

/** Formats a zod path as `measures[3].kpis[0].name`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`,
    '',
  );

type Rank = readonly [number, string];

/**
 * Orders problems as a reader meets them in the file: by each path segment's place in the document (keys in the
 * order the file writes them, array indices as numbers, so `measures[2]` comes before `measures[10]`), a parent
 * before its fields; keys the file lacks (a missing field) after the keys it has, by name. `(ファイル)` and
 * `(ルート)` come first. The sort is stable: problems at the same path keep their order.
 */
export function sortIssues(issues: readonly PlanIssue[], input: unknown): PlanIssue[] {
  const ranks = new Map(issues.map((issue) => [issue.path, rankPath(issue.path, input)]));
  return [...issues].sort((a, b) => compareRanks(ranks.get(a.path) ?? [], ranks.get(b.path) ?? []));
}

function rankPath(path: string, input: unknown): Rank[] {
  if (path.startsWith('(')) return [[-1, path]];
  const ranks: Rank[] = [];
  let node = input;
  for (const [, index, key] of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (index !== undefined) {
      ranks.push([Number(index), '']);
      node = Array.isArray(node) ? node[Number(index)] : undefined;
    } else if (key !== undefined) {
      const object = typeof node === 'object' && node !== null && !Array.isArray(node) ? node : {};
      const keys = Object.keys(object);
      const place = keys.indexOf(key);
      ranks.push(place >= 0 ? [place, ''] : [keys.length, key]);
      node = place >= 0 ? (object as Record<string, unknown>)[key] : undefined;
    }
  }
  return ranks;
}

function compareRanks(a: readonly Rank[], b: readonly Rank[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i] as Rank, b[i] as Rank];
    if (x[0] !== y[0]) return x[0] - y[0];
    if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
  }
  return a.length - b.length;
}
