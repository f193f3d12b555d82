// The yearly campaign's cycles for admins: the list and opening a year, the progress board (and its CSV), moving
// a cycle's state and a department's own due date. The writes are use cases (src/app/campaign/).
import { type Context, Hono } from 'hono';
import { moveCycle, openCycle, setDueDate } from '../../app/campaign/cycles.ts';
import {
  type Cycle,
  listAnswers,
  listCycles,
  listPublications,
  type Publication,
} from '../../db/repositories/campaign.repository.ts';
import { formatFiscalYear, parseFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import {
  ANSWER_STATE_LABELS,
  CYCLE_STATE_LABELS,
  type CycleState,
  japanDate,
} from '../../domain/campaign/campaign.ts';
import { onBehalfOf } from '../../domain/staff/actor.ts';
import { toCsv } from '../../io/csv/csv-cells.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { boardRows, toRemind } from '../staff/board-rows.ts';
import { actorOf, cycleOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { Board } from '../views/admin/board.tsx';
import { CycleList } from '../views/admin/cycle-list.tsx';
import { japanTime } from '../views/admin/history-view.tsx';

type Ctx = Context<AppEnv>;

const text = (body: Record<string, unknown>, name: string): string => formText(body, name).trim();

/** The board's rows of the route's year, as of today in Japan. */
async function rowsOf(c: Ctx, cycle: Cycle) {
  const staff = staffOf(c);
  return boardRows(c.var.site.plan, cycle, await listAnswers(staff.db, cycle.id), japanDate(staff.now()));
}

/** Back to the year's board with what was done. */
export const backToBoard = (c: Ctx, fiscalYear: number, done: string) =>
  c.redirect(`/admin/cycles/${fiscalYear}?done=${encodeURIComponent(done)}`, 303);

/** What the publication gate recorded, for the list: 「、整合性チェックのエラー6件を確認のうえ公表（admin1）」. */
const gateText = (p: Publication): string =>
  p.gate?.acknowledgement === undefined
    ? p.gate === undefined
      ? ''
      : '、整合性チェックのエラーなし'
    : `、整合性チェックのエラー${p.gate.errorCount}件を確認のうえ公表（${p.gate.acknowledgement.by}）`;

export const adminCycleRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const staff = staffOf(c);
    const cycles = await listCycles(staff.db, staff.planId);
    const publications = await listPublications(staff.db, staff.planId);
    const next =
      Math.max(c.var.site.plan.reportYear, ...cycles.map((cy) => cy.fiscalYear)) +
      (cycles.length === 0 ? 0 : 1);
    return staffPage(
      c,
      '照会（実績の収集）',
      <CycleList
        cycles={cycles.map((cy) => ({
          fiscalYear: cy.fiscalYear,
          label: formatFiscalYear(cy.fiscalYear),
          state: CYCLE_STATE_LABELS[cy.state],
          publications: publications
            .filter((p) => p.fiscalYear === cy.fiscalYear)
            .map((p) => `（第${p.revision}版 ${japanTime(p.publishedAt).slice(0, 10)}${gateText(p)}）`)
            .join(''),
        }))}
        next={next}
        csrf={signedInOf(c).session.csrfToken}
      />,
    );
  })
  .post('/', async (c) => {
    const body = await c.req.parseBody();
    const fy = parseFiscalYear(text(body, 'fiscal_year'));
    if (!fy.ok) {
      throw new AppError(
        'bad_request',
        `＊年度「${text(body, 'fiscal_year')}」を読み取れません（例: 2025、R7）。`,
      );
    }
    const due = text(body, 'due_date');
    await openCycle(staffOf(c), actorOf(c), { fiscalYear: fy.value, dueDate: due === '' ? null : due });
    // From now on the public pages keep showing the plan as it was, until the year is published.
    c.var.source.published();
    return c.redirect(`/admin/cycles/${fy.value}`, 303);
  })
  .get('/:fy', async (c) => {
    const cycle = await cycleOf(c);
    const actor = actorOf(c);
    const rows = await rowsOf(c, cycle);
    const yearLabel = formatFiscalYear(cycle.fiscalYear);
    return staffPage(
      c,
      `${yearLabel}の照会`,
      <Board
        fiscalYear={cycle.fiscalYear}
        yearLabel={yearLabel}
        cycleState={cycle.state}
        cycleDue={cycle.dueDate}
        rows={rows.map((r) => ({ ...r, onBehalf: onBehalfOf(actor, [r.department]).length > 0 }))}
        role={actor.role}
        csrf={signedInOf(c).session.csrfToken}
        done={c.req.query('done')}
        remindCount={toRemind(cycle, rows).length}
      />,
    );
  })
  .get('/:fy/board.csv', async (c) => {
    const cycle = await cycleOf(c);
    const rows = await rowsOf(c, cycle);
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
    const cycle = await cycleOf(c);
    const to = text(await c.req.parseBody(), 'to');
    if (!Object.hasOwn(CYCLE_STATE_LABELS, to)) throw new AppError('bad_request', '移す先の状態が不正です。');
    await moveCycle(staffOf(c), actorOf(c), { fiscalYear: cycle.fiscalYear, to: to as CycleState });
    return backToBoard(c, cycle.fiscalYear, `${CYCLE_STATE_LABELS[to as CycleState]}にしました。`);
  })
  .post('/:fy/answers/:department/due', async (c) => {
    const cycle = await cycleOf(c);
    const due = text(await c.req.parseBody(), 'due_date');
    await setDueDate(staffOf(c), actorOf(c), {
      fiscalYear: cycle.fiscalYear,
      department: c.req.param('department'),
      dueDate: due === '' ? null : due,
    });
    return backToBoard(c, cycle.fiscalYear, '提出期限を設定しました。');
  });
