import { type PageYear, yearText } from '../links.ts';

/** The fiscal-year field of a GET form: a labelled select named `fy`. */
export function YearSelect({ year, id = 'fy' }: { year: PageYear; id?: string }) {
  return (
    <div class="field">
      <label for={id}>年度</label>
      <select id={id} name="fy">
        {[...year.years].reverse().map((fy) => (
          <option value={String(fy)} selected={fy === year.fy}>
            {yearText(fy)}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface YearFormProps {
  readonly action: string;
  readonly year: PageYear;
  /** Other query parameters of the page, kept when the year changes. */
  readonly hidden?: Readonly<Record<string, string | undefined>>;
}

/** Chooses the fiscal year shown (a plain GET form, no script); nothing when the plan has one year only. */
export function YearForm({ action, year, hidden = {} }: YearFormProps) {
  if (year.years.length < 2) return null;
  return (
    <form class="year-form" method="get" action={action} aria-label="表示する年度">
      {Object.entries(hidden).map(([name, value]) =>
        value === undefined || value === '' ? null : <input type="hidden" name={name} value={value} />,
      )}
      <YearSelect year={year} id="year-form-fy" />
      <button type="submit" class="button">
        表示
      </button>
    </form>
  );
}
