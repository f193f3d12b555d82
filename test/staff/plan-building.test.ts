// Building a plan in the staff editor without files: a department, a goal, two measures under it, a KPI with its
// baseline and two yearly targets, each through the HTTP forms; then ordering, deleting and the refusals (rows that
// others depend on, other roles, a stale version). Expectations are written from the data typed here.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const key = (row: Record<string, unknown>) => encodeURIComponent(JSON.stringify(row));

/** The text of a page without its markup (so that a sentence split by tags still matches). */
const visibleText = (html: string) => html.replace(/<[^>]+>/g, '');

/** The add form of a table as a browser would send it, with `values` typed in. */
async function addRow(browser: Browser, table: string, values: Record<string, string>): Promise<Response> {
  const page = await (await browser.get(`/admin/plan/${table}`)).text();
  const fields = formFields(page, `action="/admin/plan/${table}/new"`);
  return browser.post(`/admin/plan/${table}/new`, { ...fields, ...values });
}

/** Every stored row of the plan tables this test touches and the history, as text, for before/after checks. */
async function stored(h: StaffHarness): Promise<string> {
  const tables = ['departments', 'goals', 'measures', 'kpis', 'measure_kpis', 'kpi_values', 'history'];
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await sql`select * from ${sql.table(table)} order by id`.execute(h.handle.db);
    parts.push(JSON.stringify(rows));
  }
  return parts.join('\n');
}

const KPI_VALUES = { missing: '', marker: '', unit: '', relative: '', provisional: '', note: '' };

describe.each(DATABASE_TARGETS)('building a plan in the editor on $name', (target) => {
  let h: StaffHarness;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  it('adds a department, a goal, two measures, a KPI with a baseline and two targets; the public pages show them', async () => {
    const newKpi = (id: string, name: string, unit: string, direction: string) => ({
      'kpi.id': id,
      'kpi.name': name,
      'kpi.unit': unit,
      'kpi.direction': direction,
      'kpi.cumulative': 'false',
    });
    const steps: [string, Record<string, string>][] = [
      ['departments', { code: 'somu-gyokaku', bureau: '総務部', division: '行政改革推進課' }],
      [
        'goals',
        {
          code: 'reform',
          parent: '',
          position: '4',
          kind: 'priority',
          number: '4',
          label: 'D for Reform',
          title: '行政改革の推進',
        },
      ],
      [
        'measures',
        {
          id: 'paperless',
          position: '30',
          goal: 'reform',
          name: 'ペーパーレス化の推進',
          department: 'somu-gyokaku',
          ...newKpi('paper-use', 'コピー用紙の購入枚数', '万枚', 'decrease'),
        },
      ],
      [
        'measures',
        {
          id: 'online-forms',
          position: '31',
          goal: 'reform',
          name: '申請書式の電子化',
          department: 'somu-gyokaku',
          ...newKpi('online-rate', '電子申請の割合', '%', 'increase'),
        },
      ],
      [
        'kpis',
        {
          id: 'paper-cost',
          name: '用紙の購入費',
          unit: '千円',
          direction: 'decrease',
          cumulative: 'false',
          'link.measure': 'paperless',
        },
      ],
      [
        'kpi_values',
        {
          ...KPI_VALUES,
          kpi: 'paper-use',
          kind: 'baseline',
          fiscal_year: '令和2年度',
          as_of: '2020年度',
          value: '120',
          percent: 'false',
          approximate: 'false',
        },
      ],
      [
        'kpi_values',
        {
          ...KPI_VALUES,
          kpi: 'paper-use',
          kind: 'target',
          fiscal_year: 'R5',
          value: '100',
          percent: 'false',
          approximate: 'false',
        },
      ],
      [
        'kpi_values',
        {
          ...KPI_VALUES,
          kpi: 'paper-use',
          kind: 'target',
          fiscal_year: '2024',
          value: '90',
          percent: 'false',
          approximate: 'false',
        },
      ],
    ];
    for (const [table, values] of steps) {
      const res = await addRow(admin, table, values);
      // On a refusal the page's alert says why: shown in the failure message.
      const alert =
        res.status === 303 ? '' : (/role="alert">([\s\S]*?)<\/div>/.exec(await res.text())?.[1] ?? '');
      expect({ table, status: res.status, alert: visibleText(alert) }).toEqual({
        table,
        status: 303,
        alert: '',
      });
      expect(res.headers.get('location')).toBe(`/admin/plan/${table}?added=1`);
    }
    const listed = await (await admin.get('/admin/plan/kpi_values?added=1')).text();
    expect(listed).toMatch(/<p class="success" role="status">行を追加しました。<\/p>/);

    const { rows: links } = await sql<{ measure: string; position: number; kpi: string }>`
      select measure, position, kpi from measure_kpis where measure in ('paperless', 'online-forms') order by id`.execute(
      h.handle.db,
    );
    expect(links).toEqual([
      { measure: 'paperless', position: 0, kpi: 'paper-use' },
      { measure: 'online-forms', position: 0, kpi: 'online-rate' },
      { measure: 'paperless', position: 1, kpi: 'paper-cost' },
    ]);
    const { rows: values } = await sql<{
      kind: string;
      fiscal_year: number;
      as_of: string | null;
      value: unknown;
    }>`
      select kind, fiscal_year, as_of, value from kpi_values where kpi = 'paper-use' order by id`.execute(
      h.handle.db,
    );
    expect(values.map((v) => [v.kind, v.fiscal_year, v.as_of, String(v.value)])).toEqual([
      ['baseline', 2020, '2020年度', '120'],
      ['target', 2023, null, '100'],
      ['target', 2024, null, '90'],
    ]);

    const measure = await h.app.request('/measures/paperless');
    expect(measure.status).toBe(200);
    const measureText = visibleText(await measure.text());
    expect(measureText).toContain('ペーパーレス化の推進');
    expect(measureText).toContain('コピー用紙の購入枚数');
    expect(measureText).toContain('用紙の購入費');
    expect(measureText).toContain('行政改革推進課');
    const goal = visibleText(await (await h.app.request('/goals/reform')).text());
    expect(goal).toContain('行政改革の推進');
    expect(goal.indexOf('ペーパーレス化の推進')).toBeLessThan(goal.indexOf('申請書式の電子化'));
    expect(goal.indexOf('ペーパーレス化の推進')).toBeGreaterThan(-1);
  });

  it('moves a measure up within its goal: the public goal page shows the new order and history both positions', async () => {
    const page = await (await admin.get('/admin/plan/measures')).text();
    const action = `/admin/plan/measures/move?key=${key({ id: 'online-forms' })}`;
    const fields = formFields(page, `action="${action.replaceAll('%', '%')}"`);
    expect(fields._version).toBe('1');
    const moved = await admin.post(action, { _version: fields._version ?? '', direction: 'up' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe('/admin/plan/measures?moved=1');
    const { rows: positions } = await sql<{ measure_id: string; position: number }>`
      select measure_id, position from measures where goal = 'reform' order by measure_id`.execute(
      h.handle.db,
    );
    expect(positions).toEqual([
      { measure_id: 'online-forms', position: 30 },
      { measure_id: 'paperless', position: 31 },
    ]);
    const goal = visibleText(await (await h.app.request('/goals/reform')).text());
    expect(goal.indexOf('申請書式の電子化')).toBeGreaterThan(-1);
    expect(goal.indexOf('申請書式の電子化')).toBeLessThan(goal.indexOf('ペーパーレス化の推進'));
    const history = await h.handle.db
      .selectFrom('history')
      .select(['row_key', 'operation', 'column_name', 'old_value', 'new_value'])
      .where('table_name', '=', 'measures')
      .where('operation', '=', 'update')
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      {
        row_key: { id: 'online-forms' },
        operation: 'update',
        column_name: 'position',
        old_value: '31',
        new_value: '30',
      },
      {
        row_key: { id: 'paperless' },
        operation: 'update',
        column_name: 'position',
        old_value: '30',
        new_value: '31',
      },
    ]);
    // The first of its goal has no 上へ any more; moving it up anyway is refused on the page.
    const again = await admin.post(action, { _version: '2', direction: 'up' });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/role="alert">\s*<p>この行は先頭のため、上へ移動できません。<\/p>/);
  });

  it("moves a measure's second KPI up: the KPIs keep their rows' keys and exchange places, the public page follows", async () => {
    const before = visibleText(await (await h.app.request('/measures/paperless')).text());
    expect(before.indexOf('コピー用紙の購入枚数')).toBeLessThan(before.indexOf('用紙の購入費'));
    const moved = await admin.post(
      `/admin/plan/measure_kpis/move?key=${key({ measure: 'paperless', position: 1 })}`,
      {
        _version: '1',
        direction: 'up',
      },
    );
    expect(moved.status).toBe(303);
    const { rows } = await sql<{ position: number; kpi: string }>`
      select position, kpi from measure_kpis where measure = 'paperless' order by position`.execute(
      h.handle.db,
    );
    expect(rows).toEqual([
      { position: 0, kpi: 'paper-cost' },
      { position: 1, kpi: 'paper-use' },
    ]);
    const after = visibleText(await (await h.app.request('/measures/paperless')).text());
    expect(after.indexOf('用紙の購入費')).toBeGreaterThan(-1);
    expect(after.indexOf('用紙の購入費')).toBeLessThan(after.indexOf('コピー用紙の購入枚数'));
  });

  it('a stale version is refused and changes nothing', async () => {
    const before = await stored(h);
    const move = await admin.post(`/admin/plan/measures/move?key=${key({ id: 'paperless' })}`, {
      _version: '1',
      direction: 'up',
    });
    expect(move.status).toBe(409);
    expect(visibleText(await move.text())).toContain('この行はほかの人が先に変更しました。');
    const remove = await admin.post(`/admin/plan/departments/delete?key=${key({ code: 'somu-gyokaku' })}`, {
      _version: '7',
    });
    expect(remove.status).toBe(409);
    expect(await stored(h)).toBe(before);
  });

  it('deleting a KPI with values or a department with measures is refused with what depends on it; nothing changes', async () => {
    const confirm = visibleText(
      await (await admin.get(`/admin/plan/kpis/delete?key=${key({ id: 'paper-use' })}`)).text(),
    );
    expect(confirm).toContain('このKPIにはKPI値が3件あります。先にKPI値の行を削除してください。');
    expect(confirm).not.toContain('この行を削除する');
    const before = await stored(h);
    const refused = await admin.post(`/admin/plan/kpis/delete?key=${key({ id: 'paper-use' })}`, {
      _version: '1',
    });
    expect(refused.status).toBe(409);
    const text = visibleText(await refused.text());
    expect(text).toContain('このKPIにはKPI値が3件あります。先にKPI値の行を削除してください。');
    const department = await admin.post(
      `/admin/plan/departments/delete?key=${key({ code: 'somu-gyokaku' })}`,
      {
        _version: '1',
      },
    );
    expect(department.status).toBe(409);
    expect(visibleText(await department.text())).toContain(
      'この所属には施策が2件あります。先に施策の行を削除してください。',
    );
    const goal = await admin.post(`/admin/plan/goals/delete?key=${key({ code: 'prefecture' })}`, {
      _version: '1',
    });
    expect(goal.status).toBe(409);
    expect(visibleText(await goal.text())).toContain('この目標には下位の目標が3件あります。');
    expect(await stored(h)).toBe(before);
  });

  it('a duplicate key or a value of the wrong type is refused when adding', async () => {
    const before = await stored(h);
    const duplicate = await addRow(admin, 'kpis', {
      id: 'paper-use',
      name: '別の指標',
      unit: '件',
      direction: 'increase',
      cumulative: 'false',
      'link.measure': 'paperless',
    });
    expect(duplicate.status).toBe(409);
    expect(visibleText(await duplicate.text())).toContain('KPI ID paper-use はすでにあります。');
    const wrong = await addRow(admin, 'measures', {
      id: 'Bad Code',
      position: '三',
      goal: 'reform',
      name: '不正な行',
      department: 'somu-gyokaku',
      'kpi.id': 'paper-use',
    });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toMatch(/id="f-id-error">＊「Bad Code」はコードとして使えません。/);
    expect(html).toMatch(/id="f-position-error">＊「三」は整数として読み取れません。/);
    const unknownGoal = await addRow(admin, 'measures', {
      id: 'orphan',
      position: '40',
      goal: 'no-such-goal',
      name: '目標のない施策',
      department: 'somu-gyokaku',
      'kpi.id': 'paper-use',
    });
    expect(unknownGoal.status).toBe(400);
    expect(visibleText(await unknownGoal.text())).toContain('この変更では計画の整合性が保てません。');
    expect(await stored(h)).toBe(before);
  });

  it('deletes an unused row after the confirmation page; the deletion is in history', async () => {
    const target2023 = key({ kpi: 'paper-use', kind: 'target', fiscal_year: 2023 });
    const confirm = await (await admin.get(`/admin/plan/kpi_values/delete?key=${target2023}`)).text();
    expect(confirm).toContain('この行を削除する');
    const fields = formFields(confirm, 'action="/admin/plan/kpi_values/delete');
    expect(fields._version).toBe('1');
    const deleted = await admin.post(`/admin/plan/kpi_values/delete?key=${target2023}`, {
      _version: fields._version ?? '',
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/admin/plan/kpi_values?deleted=1');
    const left = await h.handle.db
      .selectFrom('kpi_values')
      .select(['kind', 'fiscal_year'])
      .where('kpi', '=', 'paper-use')
      .orderBy('id')
      .execute();
    expect(left).toEqual([
      { kind: 'baseline', fiscal_year: 2020 },
      { kind: 'target', fiscal_year: 2024 },
    ]);
    const history = await h.handle.db
      .selectFrom('history')
      .select(['row_key', 'operation', 'actor', 'old_value'])
      .where('table_name', '=', 'kpi_values')
      .where('operation', '=', 'delete')
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      row_key: { kpi: 'paper-use', kind: 'target', fiscal_year: 2023 },
      operation: 'delete',
      actor: 'admin1',
    });
    expect(JSON.parse(history[0]?.old_value ?? '{}')).toMatchObject({ value: '100', fiscal_year: 2023 });
    const page = await (await admin.get('/admin/history?table=kpi_values')).text();
    expect(page).toContain('admin1');
  });

  it('deletes a KPI without values with its 施策KPI row, and a measure with the KPI only it used', async () => {
    const cost = await (await admin.get(`/admin/plan/kpis/delete?key=${key({ id: 'paper-cost' })}`)).text();
    expect(visibleText(cost)).toContain('施策KPI: 施策 ペーパーレス化の推進・順序0');
    const deleted = await admin.post(`/admin/plan/kpis/delete?key=${key({ id: 'paper-cost' })}`, {
      _version: '1',
    });
    expect(deleted.status).toBe(303);
    const page = visibleText(
      await (await admin.get(`/admin/plan/measures/delete?key=${key({ id: 'online-forms' })}`)).text(),
    );
    expect(page).toContain('一緒に削除する行');
    expect(page).toContain('施策KPI: 施策 申請書式の電子化・順序0');
    const measure = await admin.post(`/admin/plan/measures/delete?key=${key({ id: 'online-forms' })}`, {
      _version: '2',
    });
    expect(measure.status).toBe(303);
    const { rows } = await sql<{ table_name: string; row_key: unknown }>`
      select table_name, row_key from history where operation = 'delete' and table_name <> 'kpi_values'
      order by id`.execute(h.handle.db);
    expect(rows).toEqual([
      { table_name: 'kpis', row_key: { id: 'paper-cost' } },
      { table_name: 'measure_kpis', row_key: { measure: 'paperless', position: 0 } },
      { table_name: 'measures', row_key: { id: 'online-forms' } },
      { table_name: 'measure_kpis', row_key: { measure: 'online-forms', position: 0 } },
      { table_name: 'kpis', row_key: { id: 'online-rate' } },
    ]);
    const { rows: left } = await sql<{ n: number }>`
      select count(*)::int as n from kpis where kpi_id in ('paper-cost', 'online-rate')`.execute(h.handle.db);
    expect(left).toEqual([{ n: 0 }]);
    expect((await h.app.request('/measures/online-forms')).status).toBe(404);
  });

  it('an editor or a viewer is refused (403) every building action, and nothing changes', async () => {
    const before = await stored(h);
    for (const account of ['editorA', 'viewer'] as const) {
      const browser = await signedIn(h.app, account);
      const add = await browser.post('/admin/plan/departments/new', {
        code: 'hacked',
        bureau: '不正',
        division: '不正',
      });
      expect(add.status).toBe(403);
      const move = await browser.post(`/admin/plan/measures/move?key=${key({ id: 'paperless' })}`, {
        _version: '2',
        direction: 'up',
      });
      expect(move.status).toBe(403);
      const remove = await browser.post(
        `/admin/plan/kpi_values/delete?key=${key({ kpi: 'paper-use', kind: 'target', fiscal_year: 2024 })}`,
        { _version: '1' },
      );
      expect(remove.status).toBe(403);
      expect((await browser.get(`/admin/plan/kpis/delete?key=${key({ id: 'paper-use' })}`)).status).toBe(403);
    }
    // 'history' excluded from nothing: the refusals are logged, not written as changes.
    expect(await stored(h)).toBe(before);
  });
});
