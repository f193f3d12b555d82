import type { Cell, TableName } from './definitions.ts';
import type { KpiDefinition } from './from-tables-kpis.ts';
import type { CardKpis } from './from-tables-sections.ts';
import type { Entry, RowReader } from './read-rows.ts';

/**
 * Where each KPI is defined in the rebuilt document: the first measure (in table order) listing it holds the
 * definition and later ones a `{ ref }`; a KPI no measure lists is defined on the first card showing it (goal tree
 * order) and named by id on later cards.
 */
export class KpiPlacement implements CardKpis {
  readonly #r: RowReader;
  readonly #definitions: Map<string, KpiDefinition>;
  readonly #written = new Set<string>();
  readonly #listed: ReadonlySet<string>;

  constructor(r: RowReader, definitions: Map<string, KpiDefinition>, listedByMeasures: ReadonlySet<string>) {
    this.#r = r;
    this.#definitions = definitions;
    this.#listed = listedByMeasures;
  }

  /** A measure's KPI entry: the definition the first time, `{ ref }` after. */
  forMeasure(id: string, entry: Entry): unknown {
    return this.#define(id, 'measure_kpis', entry) ?? { ref: id };
  }

  place(id: string, table: TableName, entry: Entry): unknown {
    if (this.#listed.has(id)) {
      if (!this.#definitions.has(id)) this.#missing(id, table, entry);
      return id;
    }
    return this.#define(id, table, entry) ?? id;
  }

  unit(id: string): Cell | undefined {
    return this.#definitions.get(id)?.entry.row.unit;
  }

  /** Reports KPI rows that no measure and no card shows: they would be dropped from the document. */
  reportUnused(): void {
    for (const [id, { entry }] of this.#definitions) {
      if (!this.#written.has(id))
        this.#r.report('kpis', entry, 'id', `KPI「${id}」はどの施策にも関連KPIにも使われていません`);
    }
  }

  #define(id: string, table: TableName, entry: Entry): Record<string, unknown> | undefined {
    const definition = this.#definitions.get(id);
    if (definition === undefined) this.#missing(id, table, entry);
    if (definition === undefined || this.#written.has(id)) return undefined;
    this.#written.add(id);
    return definition.input;
  }

  #missing(id: string, table: TableName, entry: Entry): void {
    this.#r.report(table, entry, 'kpi', `KPI「${id}」は「KPI」の表にありません`);
  }
}
