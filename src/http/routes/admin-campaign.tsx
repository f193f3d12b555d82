// The yearly collection campaign for admins (and the submit button for departments): open a year, move its cycle,
// follow every department on the progress board, remind the late ones, return or approve answers, and publish.
import { type Context, Hono } from 'hono';
import {
  CampaignRuleError,
  type Cycle,
  changeAnswer,
  createCycle,
  type DepartmentAnswer,
  findCycle,
  insertPublication,
  listAnswers,
  listCycles,
  listPublications,
  moveCycle,
  type Publication,
  setAnswerDueDate,
} from '../../db/repositories/campaign.repository.ts';
import { readPlanTables } from '../../db/repositories/plan-tables.repository.ts';
import { departmentContacts } from '../../db/repositories/user.repository.ts';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import {
  ANSWER_STATE_LABELS,
  ANSWER_STATES,
  type AnswerAction,
  answerActionAllowed,
  answeringDepartments,
  CYCLE_MOVES,
  CYCLE_STATE_LABELS,
  type CycleState,
  dueDateOf,
  isOverdue,
  japanDate,
  type MissingItem,
  missingItems,
} from '../../domain/campaign/campaign.ts';
import { changedFigures } from '../../domain/campaign/publication-changes.ts';
import { passPublicationGate } from '../../domain/campaign/publication-gate.ts';
import { loadPlan } from '../../domain/plan/load.ts';
import { departmentLabel, type Plan } from '../../domain/plan/model.ts';
import { yearOutsidePlan } from '../../domain/plan/period.ts';
import type { Role } from '../../domain/staff/role.ts';
import { tablesToDocument } from '../../domain/tables/from-tables.ts';
import { toCsv } from '../../io/csv/csv-cells.ts';
import { planToJson } from '../../io/interchange/write-plan-file.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { SiteData } from '../site-data.ts';
import { sendReminders, smtpConfigured } from '../staff/reminders.ts';
import { cycleOf, formText, staffOf, staffPage } from '../staff/staff-context.tsx';
import { CsrfField } from '../views/admin/admin-layout.tsx';
import { japanTime } from '../views/admin/history-view.tsx';
import { PublishConfirmation } from '../views/admin/publish-confirmation.tsx';

type Ctx = Context<AppEnv>;

function actor(c: Ctx): { login: string; role: Role; csrf: string } {
  const signedIn = c.var.signedIn;
  if (signedIn === undefined) throw new Error('invariant: staff route without a session');
  return { login: signedIn.user.login, role: signedIn.user.role, csrf: signedIn.session.csrfToken };
}

const departmentName = (plan: Plan, code: string): string => {
  const d = plan.departments.get(code);
  return d === undefined ? code : departmentLabel(d);
};

const text = (body: Record<string, unknown>, name: string): string => formText(body, name).trim();

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the publication gate recorded, for the list: 「、整合性チェックのエラー6件を確認のうえ公表（admin1）」. */
const gateText = (p: Publication): string =>
  p.gate?.acknowledgement === undefined
    ? p.gate === undefined
      ? ''
      : '、整合性チェックのエラーなし'
    : `、整合性チェックのエラー${p.gate.errorCount}件を確認のうえ公表（${p.gate.acknowledgement.by}）`;

/** One row of the progress board. */
export interface BoardRow {
  readonly department: string;
  readonly name: string;
  readonly state: DepartmentAnswer['state'];
  readonly due: string | null;
  readonly overdue: boolean;
  readonly missing: readonly MissingItem[];
  readonly updatedAt: Date;
  readonly lastChangedBy: string | null;
  readonly comment: string | null;
  /** The department's own due date, when it overrides the cycle's. */
  readonly ownDue: string | null;
}

function boardRows(
  plan: Plan,
  cycle: Cycle,
  answers: readonly DepartmentAnswer[],
  today: string,
): BoardRow[] {
  return answers.map((a) => {
    const due = dueDateOf(cycle.dueDate, a.dueDate);
    return {
      department: a.department,
      name: departmentName(plan, a.department),
      state: a.state,
      due,
      overdue: cycle.state === 'collecting' && isOverdue(due, today, a.state),
      missing: a.state === 'approved' ? [] : missingItems(plan, a.department, cycle.fiscalYear),
      updatedAt: a.updatedAt,
      lastChangedBy: a.lastChangedBy,
      comment: a.comment,
      ownDue: a.dueDate,
    };
  });
}

/** Departments to remind: late, or not yet submitted while the cycle collects. */
const toRemind = (cycle: Cycle, rows: readonly BoardRow[]) =>
  cycle.state !== 'collecting'
    ? []
    : rows.filter((r) => r.state === 'not_started' || r.state === 'in_progress' || r.state === 'returned');

/** The ready-to-send text of one reminder (Japanese business e-mail). */
export function reminderText(plan: Plan, cycle: Cycle, row: BoardRow, siteUrl: string): string {
  const year = formatFiscalYear(cycle.fiscalYear);
  const lines = [
    `${row.name} ご担当者様`,
    '',
    `${plan.document.organisation.name} ${plan.document.plan.name}の${year}進捗状況の照会について、`,
    row.overdue && row.due !== null
      ? `提出期限（${row.due}）を過ぎておりますが、まだご提出いただいておりません。`
      : row.due !== null
        ? `提出期限は ${row.due} です。`
        : 'ご回答をお願いいたします。',
    `現在の状態: ${ANSWER_STATE_LABELS[row.state]}`,
    ...(row.comment !== null && row.state === 'returned' ? [`差戻しの理由: ${row.comment}`] : []),
    ...(row.missing.length > 0 ? ['', '未入力の項目:', ...row.missing.map((m) => `・${m.message}`)] : []),
    '',
    `入力画面: ${siteUrl}/admin`,
    '（調査票のExcelファイルでの提出もできます。）',
    '',
    'お忙しいところ恐れ入りますが、よろしくお願いいたします。',
  ];
  return lines.join('\n');
}

/** The live plan read back from the database inside a transaction (what a publication freezes). */
async function planInTransaction(trx: Parameters<typeof readPlanTables>[0], planId: number): Promise<Plan> {
  const document = tablesToDocument(await readPlanTables(trx, planId));
  if (!document.ok) throw new Error('invariant: the stored plan does not read back');
  const loaded = loadPlan(document.value);
  if (!loaded.ok) throw new Error('invariant: the stored plan does not validate');
  return loaded.value;
}

function Board({ c, cycle, rows }: { c: Ctx; cycle: Cycle; rows: readonly BoardRow[] }) {
  const { csrf, role } = actor(c);
  const counts = ANSWER_STATES.map((s) => ({ state: s, count: rows.filter((r) => r.state === s).length }));
  const year = formatFiscalYear(cycle.fiscalYear);
  const base = `/admin/cycles/${cycle.fiscalYear}`;
  const reviewable = cycle.state === 'collecting' || cycle.state === 'reviewing';
  return (
    <>
      <p>
        <a href="/admin/cycles">照会の一覧へ戻る</a>
      </p>
      <h1>{year}の照会</h1>
      <p>
        状態: <strong>{CYCLE_STATE_LABELS[cycle.state]}</strong>　提出期限: {cycle.dueDate ?? '未設定'}
      </p>
      {c.req.query('done') !== undefined && (
        <p class="success" role="status">
          {c.req.query('done')}
        </p>
      )}
      <ul class="state-counts" aria-label="回答の状態ごとの所属数">
        {counts.map(({ state, count }) => (
          <li>
            {ANSWER_STATE_LABELS[state]}: {count}
          </li>
        ))}
      </ul>
      {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
      <div class="table-scroll" role="region" aria-label="進捗状況の表" tabindex={0}>
        <table class="data-table board">
          <caption>所属ごとの回答状況</caption>
          <thead>
            <tr>
              <th scope="col">所属</th>
              <th scope="col">状態</th>
              <th scope="col">期限</th>
              <th scope="col">最終更新</th>
              <th scope="col">未入力</th>
              {role === 'admin' && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.name}</th>
                <td>
                  {ANSWER_STATE_LABELS[r.state]}
                  {r.overdue && <strong class="overdue">（期限超過）</strong>}
                  {r.state === 'returned' && r.comment !== null && (
                    <p class="field__hint">差戻し: {r.comment}</p>
                  )}
                </td>
                <td>{r.due ?? '—'}</td>
                <td>
                  {japanTime(r.updatedAt)}
                  {r.lastChangedBy !== null && `（${r.lastChangedBy}）`}
                </td>
                <td>
                  {r.missing.length === 0 ? (
                    'なし'
                  ) : (
                    <ul>
                      {r.missing.map((m) => (
                        <li>{m.message}</li>
                      ))}
                    </ul>
                  )}
                </td>
                {role === 'admin' && (
                  <td>
                    {reviewable && r.state === 'submitted' && (
                      <form method="post" action={`${base}/answers/${r.department}/approve`}>
                        <CsrfField token={csrf} />
                        <button type="submit" class="button">
                          承認<span class="visually-hidden">（{r.name}）</span>
                        </button>
                      </form>
                    )}
                    {reviewable && (r.state === 'submitted' || r.state === 'approved') && (
                      <form
                        method="post"
                        action={`${base}/answers/${r.department}/return`}
                        class="form-stack"
                      >
                        <CsrfField token={csrf} />
                        <label for={`comment-${r.department}`}>差戻しの理由（{r.name}）</label>
                        <input type="text" id={`comment-${r.department}`} name="comment" />
                        <button type="submit" class="button button--secondary">
                          差し戻す<span class="visually-hidden">（{r.name}）</span>
                        </button>
                      </form>
                    )}
                    <a href={`${base}/surveys/${r.department}`}>
                      調査票<span class="visually-hidden">（{r.name}）</span>
                    </a>
                    {cycle.state !== 'published' && cycle.state !== 'correcting' && (
                      <form method="post" action={`${base}/answers/${r.department}/due`} class="form-stack">
                        <CsrfField token={csrf} />
                        <label for={`due-${r.department}`}>この所属の提出期限（{r.name}）</label>
                        <input
                          type="date"
                          id={`due-${r.department}`}
                          name="due_date"
                          value={r.ownDue ?? ''}
                        />
                        <button type="submit" class="button button--secondary">
                          期限を設定<span class="visually-hidden">（{r.name}）</span>
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="link-list">
        <li>
          <a href={`${base}/board.csv`}>この表をCSVでダウンロード</a>
        </li>
        {role === 'admin' && (
          <>
            <li>
              <a href={`${base}/reminders`}>督促の一覧（{toRemind(cycle, rows).length}所属）</a>
            </li>
            <li>
              <a href={`${base}/surveys.zip`}>全所属の調査票（zip）</a>
            </li>
          </>
        )}
      </ul>
      {role === 'admin' && (
        <section aria-labelledby="moves">
          <h2 id="moves">照会の状態を進める</h2>
          {CYCLE_MOVES[cycle.state]
            .filter((to) => to !== 'published')
            .map((to) => (
              <form method="post" action={`${base}/state`} class="form-stack">
                <CsrfField token={csrf} />
                <input type="hidden" name="to" value={to} />
                <button type="submit" class="button">
                  {to === 'collecting' && cycle.state === 'preparing'
                    ? '照会を始める（照会中にする）'
                    : to === 'collecting'
                      ? '照会中に戻す'
                      : to === 'reviewing'
                        ? '照会を締め切る（確認中にする）'
                        : '訂正を始める（訂正中にする）'}
                </button>
              </form>
            ))}
          {(cycle.state === 'reviewing' || cycle.state === 'correcting') && (
            <p>
              <a href={`${base}/publish`} class="button">
                {cycle.state === 'correcting'
                  ? '訂正版の公表へ進む（整合性チェックの確認）'
                  : '公表へ進む（整合性チェックの確認）'}
              </a>
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** Submit (department or admin), return with a comment, or approve (admin, while reviewing). */
const answerAction = (action: AnswerAction) => async (c: Ctx) => {
  const staff = staffOf(c);
  const { login, role } = actor(c);
  const cycle = await cycleOf(c);
  const department = c.req.param('department') ?? '';
  const comment = action === 'return' ? text(await c.req.parseBody(), 'comment') : '';
  if (action === 'return' && comment === '') {
    throw new AppError('bad_request', '＊差戻しの理由を入力してください。所属の画面に表示されます。');
  }
  if ((action === 'return' || action === 'approve') && !answerActionAllowed(action, role, cycle.state)) {
    throw new AppError('conflict', '差戻しと承認は、照会中または確認中の照会で管理者だけが行えます。');
  }
  if (action === 'submit') {
    if (cycle.state !== 'collecting') throw new AppError('conflict', '照会中のときだけ提出できます。');
    const missing = missingItems((await c.var.source.fresh()).plan, department, cycle.fiscalYear);
    if (missing.length > 0) {
      throw new AppError(
        'bad_request',
        `未入力の項目があるため提出できません（${missing.length}件）。`,
        missing.map((m) => ({ path: m.kpiId ?? m.measureId, message: m.message })),
      );
    }
  }
  try {
    await staff.db
      .transaction()
      .execute((trx) =>
        changeAnswer(trx, staff.planId, cycle, department, action, comment || null, login, c.var.requestId),
      );
  } catch (e) {
    if (e instanceof CampaignRuleError) throw new AppError('conflict', e.message);
    throw e;
  }
  const done = { submit: '提出しました。', return: '差し戻しました。', approve: '承認しました。' }[
    action as 'submit'
  ];
  return c.redirect(
    role === 'admin'
      ? `/admin/cycles/${cycle.fiscalYear}?done=${encodeURIComponent(done)}`
      : `/admin?done=${encodeURIComponent(done)}`,
    303,
  );
};

export const adminCampaignRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const staff = staffOf(c);
    const cycles = await listCycles(staff.db, staff.planId);
    const publications = await listPublications(staff.db, staff.planId);
    const plan = c.var.site.plan;
    const next =
      Math.max(plan.reportYear, ...cycles.map((cy) => cy.fiscalYear)) + (cycles.length === 0 ? 0 : 1);
    const { csrf } = actor(c);
    return staffPage(
      c,
      '照会（実績の収集）',
      <>
        <h1>照会（実績の収集）</h1>
        {cycles.length === 0 ? (
          <p>照会はまだありません。</p>
        ) : (
          <ul>
            {cycles.map((cy) => (
              <li>
                <a href={`/admin/cycles/${cy.fiscalYear}`}>{formatFiscalYear(cy.fiscalYear)}</a>:{' '}
                {CYCLE_STATE_LABELS[cy.state]}
                {publications
                  .filter((p) => p.fiscalYear === cy.fiscalYear)
                  .map((p) => `（第${p.revision}版 ${japanTime(p.publishedAt).slice(0, 10)}${gateText(p)}）`)
                  .join('')}
              </li>
            ))}
          </ul>
        )}
        <h2>新しい年度の照会を作る</h2>
        <form method="post" action="/admin/cycles" class="form-stack">
          <CsrfField token={csrf} />
          <div class="field">
            <label for="fiscal_year">年度</label>
            <input type="text" id="fiscal_year" name="fiscal_year" value={String(next)} />
            <p class="field__hint">
              例: 2025、R7、令和7年度。報告年度より後の年度を作ると、その年度が新しい報告年度になります。
            </p>
          </div>
          <div class="field">
            <label for="due_date">提出期限</label>
            <input type="date" id="due_date" name="due_date" />
          </div>
          <div class="form-actions">
            <button type="submit" class="button">
              照会を作る（準備中）
            </button>
          </div>
        </form>
      </>,
    );
  })
  .post('/', async (c) => {
    const staff = staffOf(c);
    const { login } = actor(c);
    const body = await c.req.parseBody();
    const fy = parseFiscalYear(text(body, 'fiscal_year'));
    const due = text(body, 'due_date');
    if (!fy.ok)
      throw new AppError(
        'bad_request',
        `＊年度「${text(body, 'fiscal_year')}」を読み取れません（例: 2025、R7）。`,
      );
    if (due !== '' && !DATE.test(due))
      throw new AppError('bad_request', '＊提出期限は 2025-05-31 の形式で入力してください。');
    const plan = (await c.var.source.fresh()).plan;
    const outside = yearOutsidePlan(plan.document.plan.period, 'report', fy.value);
    if (outside !== undefined) throw new AppError('bad_request', `＊${outside}。`);
    try {
      await createCycle(
        staff.db,
        staff.planId,
        fy.value,
        due === '' ? null : due,
        answeringDepartments(plan),
        planToJson(plan.document),
        login,
        c.var.requestId,
      );
    } catch (e) {
      if (e instanceof CampaignRuleError) throw new AppError('conflict', e.message);
      throw e;
    }
    // From now on the public pages keep showing the plan as it was, until the year is published.
    c.var.source.published();
    return c.redirect(`/admin/cycles/${fy.value}`, 303);
  })
  .get('/:fy', async (c) => {
    const staff = staffOf(c);
    const cycle = await cycleOf(c);
    const plan = c.var.site.plan;
    const rows = boardRows(plan, cycle, await listAnswers(staff.db, cycle.id), japanDate(staff.now()));
    return staffPage(
      c,
      `${formatFiscalYear(cycle.fiscalYear)}の照会`,
      <Board c={c} cycle={cycle} rows={rows} />,
    );
  })
  .get('/:fy/board.csv', async (c) => {
    const staff = staffOf(c);
    const cycle = await cycleOf(c);
    const rows = boardRows(
      c.var.site.plan,
      cycle,
      await listAnswers(staff.db, cycle.id),
      japanDate(staff.now()),
    );
    const csv = toCsv(
      [
        '所属コード',
        '所属',
        '状態',
        '期限',
        '期限超過',
        '最終更新（日本時間）',
        '最終更新者',
        '未入力の件数',
        '未入力の項目',
        '差戻しの理由',
      ],
      rows.map((r) => [
        r.department,
        r.name,
        ANSWER_STATE_LABELS[r.state],
        r.due,
        r.overdue ? 'はい' : 'いいえ',
        japanTime(r.updatedAt),
        r.lastChangedBy,
        r.missing.length,
        r.missing.map((m) => m.message).join(' / '),
        r.comment,
      ]),
    );
    return c.body(`\uFEFF${csv}`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="board-${cycle.fiscalYear}.csv"; filename*=UTF-8''${encodeURIComponent(`回答状況_${cycle.fiscalYear}.csv`)}`,
    });
  })
  .post('/:fy/state', async (c) => {
    const staff = staffOf(c);
    const { login } = actor(c);
    const cycle = await cycleOf(c);
    const to = text(await c.req.parseBody(), 'to') as CycleState;
    if (!(to in CYCLE_STATE_LABELS) || to === 'published')
      throw new AppError('bad_request', '移す先の状態が不正です。');
    try {
      await staff.db
        .transaction()
        .execute((trx) => moveCycle(trx, staff.planId, cycle.fiscalYear, to, login, c.var.requestId));
    } catch (e) {
      if (e instanceof CampaignRuleError) throw new AppError('conflict', e.message);
      throw e;
    }
    return c.redirect(
      `/admin/cycles/${cycle.fiscalYear}?done=${encodeURIComponent(`${CYCLE_STATE_LABELS[to]}にしました。`)}`,
      303,
    );
  })
  .get('/:fy/publish', async (c) => {
    const staff = staffOf(c);
    const cycle = await cycleOf(c);
    if (cycle.state !== 'reviewing' && cycle.state !== 'correcting') {
      throw new AppError('conflict', '確認中または訂正中の照会だけを公表できます。');
    }
    const site = await c.var.source.fresh();
    const previous = (await listPublications(staff.db, staff.planId)).filter(
      (p) => p.fiscalYear === cycle.fiscalYear,
    );
    const notApproved = (await listAnswers(staff.db, cycle.id))
      .filter((a) => a.state !== 'approved')
      .map((a) => departmentName(site.plan, a.department));
    const yearLabel = formatFiscalYear(cycle.fiscalYear);
    return staffPage(
      c,
      `${yearLabel}の公表前の確認`,
      <PublishConfirmation
        fiscalYear={cycle.fiscalYear}
        yearLabel={yearLabel}
        correcting={cycle.state === 'correcting'}
        revision={previous.length + 1}
        findings={site.findings(cycle.fiscalYear)}
        notApproved={notApproved}
        csrf={actor(c).csrf}
      />,
    );
  })
  .post('/:fy/publish', async (c) => {
    const staff = staffOf(c);
    const { login } = actor(c);
    const cycle = await cycleOf(c);
    const body = await c.req.parseBody();
    const reason = text(body, 'reason');
    const shown = text(body, 'errors_shown');
    const answer = {
      acknowledged: text(body, 'acknowledge') === '1',
      errorsShown: /^\d{1,6}$/.test(shown) ? Number(shown) : undefined,
    };
    if (cycle.state === 'correcting' && reason === '') {
      throw new AppError('bad_request', '＊訂正の理由を入力してください。公表ページに表示されます。');
    }
    if ([...reason].length > 500) throw new AppError('bad_request', '＊理由は500文字以内にしてください。');
    let revision = 0;
    try {
      revision = await staff.db.transaction().execute(async (trx) => {
        const locked = await findCycle(trx, staff.planId, cycle.fiscalYear, true);
        if (locked === undefined || (locked.state !== 'reviewing' && locked.state !== 'correcting')) {
          throw new CampaignRuleError('確認中または訂正中の照会だけを公表できます。');
        }
        if (locked.state === 'reviewing') {
          const pending = (await listAnswers(trx, locked.id)).filter((a) => a.state !== 'approved');
          if (pending.length > 0) {
            throw new CampaignRuleError(
              `承認していない所属があるため公表できません: ${pending.map((a) => a.department).join('、')}`,
            );
          }
        }
        const plan = await planInTransaction(trx, staff.planId);
        // The gate reads the plan being published, in this transaction: what is acknowledged is what goes out.
        const gate = passPublicationGate(new SiteData(plan).findings(cycle.fiscalYear), answer, login);
        if (gate.kind === 'refused') throw new AppError(gate.status, gate.message);
        const previous = (await listPublications(trx, staff.planId)).find(
          (p) => p.fiscalYear === cycle.fiscalYear,
        );
        const before =
          previous === undefined ? undefined : loadPlan(JSON.parse(previous.document), { storedYears: true });
        const changes = changedFigures(before?.ok ? before.value : undefined, plan, cycle.fiscalYear);
        await moveCycle(trx, staff.planId, cycle.fiscalYear, 'published', login, c.var.requestId);
        return insertPublication(
          trx,
          staff.planId,
          {
            fiscalYear: cycle.fiscalYear,
            document: planToJson(plan.document),
            changes: JSON.stringify(changes),
            reason: reason === '' ? null : reason,
            gate: gate.record,
          },
          login,
          c.var.requestId,
        );
      });
    } catch (e) {
      if (e instanceof CampaignRuleError) throw new AppError('conflict', e.message);
      throw e;
    }
    c.var.source.published();
    staff.logger.info({ event: 'published', fiscalYear: cycle.fiscalYear, revision, login }, 'published');
    return c.redirect(
      `/admin/cycles/${cycle.fiscalYear}?done=${encodeURIComponent(`第${revision}版を公表しました。`)}`,
      303,
    );
  })
  .post('/:fy/answers/:department/due', async (c) => {
    const staff = staffOf(c);
    const { login } = actor(c);
    const cycle = await cycleOf(c);
    const department = c.req.param('department') ?? '';
    const due = text(await c.req.parseBody(), 'due_date');
    if (due !== '' && !DATE.test(due))
      throw new AppError('bad_request', '＊提出期限は 2025-05-31 の形式で入力してください。');
    try {
      await staff.db
        .transaction()
        .execute((trx) =>
          setAnswerDueDate(
            trx,
            staff.planId,
            cycle,
            department,
            due === '' ? null : due,
            login,
            c.var.requestId,
          ),
        );
    } catch (e) {
      if (e instanceof CampaignRuleError) throw new AppError('conflict', e.message);
      throw e;
    }
    return c.redirect(
      `/admin/cycles/${cycle.fiscalYear}?done=${encodeURIComponent('提出期限を設定しました。')}`,
      303,
    );
  })
  .post('/:fy/answers/:department/submit', answerAction('submit'))
  .post('/:fy/answers/:department/return', answerAction('return'))
  .post('/:fy/answers/:department/approve', answerAction('approve'))
  .get('/:fy/reminders', async (c) => {
    const staff = staffOf(c);
    const cycle = await cycleOf(c);
    const plan = c.var.site.plan;
    const rows = toRemind(
      cycle,
      boardRows(plan, cycle, await listAnswers(staff.db, cycle.id), japanDate(staff.now())),
    );
    const origin = new URL(c.req.url).origin;
    const { csrf } = actor(c);
    const contacts = await Promise.all(rows.map((r) => departmentContacts(staff.db, r.department)));
    return staffPage(
      c,
      '督促',
      <>
        <p>
          <a href={`/admin/cycles/${cycle.fiscalYear}`}>照会へ戻る</a>
        </p>
        <h1>{formatFiscalYear(cycle.fiscalYear)}の督促</h1>
        {rows.length === 0 ? (
          <p>督促が必要な所属はありません。</p>
        ) : (
          <>
            <p>
              まだ提出していない所属です（{rows.length}所属）。文面をコピーするか、
              <a href={`/admin/cycles/${cycle.fiscalYear}/reminders.txt`}>すべての文面をダウンロード</a>
              できます。
            </p>
            {smtpConfigured() ? (
              <form method="post" action={`/admin/cycles/${cycle.fiscalYear}/reminders/send`}>
                <CsrfField token={csrf} />
                <button type="submit" class="button">
                  メールで送る（宛先のある所属のみ）
                </button>
              </form>
            ) : (
              <p class="note">メールで送るには、サーバーに SMTP_URL を設定します。</p>
            )}
            {rows.map((r, i) => (
              <section class="reminder" aria-labelledby={`reminder-${r.department}`}>
                <h2 id={`reminder-${r.department}`}>
                  {r.name}（{ANSWER_STATE_LABELS[r.state]}
                  {r.overdue && '・期限超過'}）
                </h2>
                <p>
                  宛先:{' '}
                  {(contacts[i] ?? []).length === 0
                    ? '登録されたメールアドレスがありません'
                    : (contacts[i] ?? []).map((p) => `${p.name} <${p.email}>`).join('、')}
                </p>
                <label for={`text-${r.department}`}>文面</label>
                <textarea id={`text-${r.department}`} rows={12} readonly>
                  {reminderText(plan, cycle, r, origin)}
                </textarea>
              </section>
            ))}
          </>
        )}
      </>,
    );
  })
  .get('/:fy/reminders.txt', async (c) => {
    const staff = staffOf(c);
    const cycle = await cycleOf(c);
    const plan = c.var.site.plan;
    const rows = toRemind(
      cycle,
      boardRows(plan, cycle, await listAnswers(staff.db, cycle.id), japanDate(staff.now())),
    );
    const origin = new URL(c.req.url).origin;
    const body = rows.map((r) => `==== ${r.name} ====\n${reminderText(plan, cycle, r, origin)}\n`).join('\n');
    return c.body(body, 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="reminders-${cycle.fiscalYear}.txt"; filename*=UTF-8''${encodeURIComponent(`督促_${cycle.fiscalYear}.txt`)}`,
    });
  })
  .post('/:fy/reminders/send', async (c) => {
    const staff = staffOf(c);
    const cycle = await cycleOf(c);
    const plan = c.var.site.plan;
    const rows = toRemind(
      cycle,
      boardRows(plan, cycle, await listAnswers(staff.db, cycle.id), japanDate(staff.now())),
    );
    const origin = new URL(c.req.url).origin;
    const messages = [];
    for (const r of rows) {
      const to = await departmentContacts(staff.db, r.department);
      if (to.length === 0) continue;
      messages.push({
        to: to.map((p) => p.email),
        subject: `【督促】${formatFiscalYear(cycle.fiscalYear)}進捗状況の照会（${r.name}）`,
        text: reminderText(plan, cycle, r, origin),
      });
    }
    const sent = await sendReminders(messages);
    staff.logger.info({ event: 'reminders_sent', count: sent, login: actor(c).login }, 'reminders sent');
    return c.redirect(
      `/admin/cycles/${cycle.fiscalYear}?done=${encodeURIComponent(`督促メールを${sent}通送りました。`)}`,
      303,
    );
  });
