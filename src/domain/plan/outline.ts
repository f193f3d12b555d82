// The parts of a dataset that the cross-checks need (codes, references and years, each with its path), read from
// the raw document whatever its schema problems: so one run of `validate` reports reference and period problems
// beside the schema's. It mirrors the document's shape in schema.ts and skips whatever is not of the expected type
// (that is the schema's problem to report).
import { type FiscalYear, parseFiscalYear } from '../calendar/fiscal-year.ts';
import { parseTimePoint } from '../calendar/time-point.ts';
import type { PlanPeriod, YearRole } from './period.ts';

export interface Located {
  readonly path: string;
  readonly code: string;
}

export interface LocatedYear {
  readonly path: string;
  readonly year: FiscalYear;
  readonly role: YearRole;
}

/** Definitions are undefined when their list cannot be read at all: then references to them are not checked. */
export interface PlanOutline {
  period: PlanPeriod | undefined;
  goals: Located[] | undefined;
  departments: Located[] | undefined;
  measures: Located[];
  kpis: Located[] | undefined;
  goalRefs: Located[];
  departmentRefs: Located[];
  kpiRefs: Located[];
  years: LocatedYear[];
}

type Obj = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objectAt = (v: unknown): Obj => (isObject(v) ? v : {});
const listAt = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
/** A list that is absent (the schema's default []) or a list; undefined when it is something else. */
const optionalList = (v: unknown): readonly unknown[] | undefined =>
  v === undefined ? [] : Array.isArray(v) ? v : undefined;
const isYearText = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** Reads the outline of a raw (YAML/JSON-parsed) dataset; never throws. */
export function outlinePlan(input: unknown): PlanOutline {
  const doc = objectAt(input);
  const reader = new OutlineReader({
    period: undefined,
    goals: Array.isArray(doc.goals) ? [] : undefined,
    departments: Array.isArray(doc.departments) ? [] : undefined,
    measures: [],
    kpis: optionalList(doc.measures) === undefined ? undefined : [],
    goalRefs: [],
    departmentRefs: [],
    kpiRefs: [],
    years: [],
  });
  reader.head(doc);
  // Measures before goals: a KPI defined in both places is reported where it is repeated, on the card.
  for (const [i, m] of listAt(doc.measures).entries()) reader.measure(objectAt(m), `measures[${i}]`);
  for (const [i, g] of listAt(doc.goals).entries()) reader.goal(objectAt(g), `goals[${i}]`);
  reader.figures(doc);
  return reader.out;
}

class OutlineReader {
  constructor(readonly out: PlanOutline) {}

  private add(into: Located[] | undefined, path: string, code: unknown): void {
    if (typeof code === 'string') into?.push({ path, code });
  }

  private year(path: string, value: unknown, role: YearRole): void {
    const parsed = isYearText(value) ? parseFiscalYear(String(value)) : undefined;
    if (parsed?.ok) this.out.years.push({ path, year: parsed.value, role });
  }

  private point(path: string, value: unknown, role: YearRole): void {
    const parsed = isYearText(value) ? parseTimePoint(String(value)) : undefined;
    if (parsed?.ok) this.out.years.push({ path, year: parsed.value.fiscalYear, role });
  }

  head(doc: Obj): void {
    const period = objectAt(objectAt(doc.plan).period);
    const from = isYearText(period.from) ? parseFiscalYear(String(period.from)) : undefined;
    const to = isYearText(period.to) ? parseFiscalYear(String(period.to)) : undefined;
    if (from?.ok && to?.ok) this.out.period = { from: from.value, to: to.value };
    this.year('report.fiscalYear', objectAt(doc.report).fiscalYear, 'report');
    for (const [i, d] of listAt(doc.departments).entries()) {
      this.add(this.out.departments, `departments[${i}].code`, objectAt(d).code);
    }
  }

  measure(m: Obj, path: string): void {
    const { out } = this;
    this.add(out.measures, `${path}.id`, m.id);
    this.add(out.goalRefs, `${path}.goal`, m.goal);
    for (const [k, code] of listAt(m.alsoUnder).entries())
      this.add(out.goalRefs, `${path}.alsoUnder[${k}]`, code);
    this.add(out.departmentRefs, `${path}.department`, m.department);
    for (const [k, joint] of listAt(m.jointMeasures).entries()) {
      this.add(out.departmentRefs, `${path}.jointMeasures[${k}].department`, objectAt(joint).department);
    }
    for (const [k, entry] of listAt(m.kpis).entries()) {
      if (!isObject(entry)) continue;
      if ('ref' in entry) this.add(out.kpiRefs, `${path}.kpis[${k}].ref`, entry.ref);
      else this.kpi(entry, `${path}.kpis[${k}]`);
    }
    for (const [j, a] of listAt(m.analyses).entries()) {
      this.year(`${path}.analyses[${j}].fiscalYear`, objectAt(a).fiscalYear, 'record');
    }
  }

  private kpi(k: Obj, path: string): void {
    this.add(this.out.kpis, `${path}.id`, k.id);
    this.point(`${path}.baseline.asOf`, objectAt(k.baseline).asOf, 'as-of');
    for (const key of ['targets', 'actuals']) {
      for (const [j, v] of listAt(k[key]).entries()) {
        this.year(`${path}.${key}[${j}].fiscalYear`, objectAt(v).fiscalYear, 'record');
      }
    }
  }

  goal(g: Obj, path: string): void {
    this.add(this.out.goals, `${path}.code`, g.code);
    for (const [s, raw] of listAt(g.sections).entries()) {
      const section = objectAt(raw);
      for (const [c, card] of listAt(section.headlineKpis).entries()) {
        this.card(objectAt(card), `${path}.sections[${s}].headlineKpis[${c}]`);
      }
      for (const [n, initiative] of listAt(section.initiatives).entries()) {
        for (const key of ['date', 'until']) {
          this.point(`${path}.sections[${s}].initiatives[${n}].${key}`, objectAt(initiative)[key], 'event');
        }
      }
    }
    for (const [j, child] of listAt(g.children).entries())
      this.goal(objectAt(child), `${path}.children[${j}]`);
  }

  private card(card: Obj, path: string): void {
    if (typeof card.kpi === 'string') this.add(this.out.kpiRefs, `${path}.kpi`, card.kpi);
    else if (isObject(card.kpi)) this.kpi(card.kpi, `${path}.kpi`);
    const published = objectAt(card.published);
    for (const [n, v] of listAt(published.values).entries()) {
      this.point(`${path}.published.values[${n}].at`, objectAt(v).at, 'as-of');
    }
    this.point(`${path}.published.target.at`, objectAt(published.target).at, 'record');
  }

  figures(doc: Obj): void {
    for (const [i, raw] of listAt(doc.projects).entries()) {
      const p = objectAt(raw);
      this.add(this.out.goalRefs, `projects[${i}].goal`, p.goal);
      this.year(`projects[${i}].fiscalYear`, p.fiscalYear, 'record');
    }
    for (const [i, raw] of listAt(doc.publishedSummaries).entries()) {
      const s = objectAt(raw);
      this.year(`publishedSummaries[${i}].fiscalYear`, s.fiscalYear, 'report');
      for (const [k, box] of listAt(s.goals).entries()) {
        this.add(this.out.goalRefs, `publishedSummaries[${i}].goals[${k}].goal`, objectAt(box).goal);
      }
    }
  }
}
