// Reminders to the departments that have not submitted yet: the texts on a page and as a file, and — when the
// server has an SMTP server — sent by e-mail. Nothing is stored.
import { type Context, Hono } from 'hono';
import { listAnswers } from '../../db/repositories/campaign.repository.ts';
import { departmentContacts } from '../../db/repositories/user.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { japanDate } from '../../domain/campaign/campaign.ts';
import type { AppEnv } from '../context.ts';
import { boardRows, reminderText, toRemind } from '../staff/board-rows.ts';
import { sendReminders, smtpConfigured } from '../staff/reminders.ts';
import { cycleOf, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { RemindersPage } from '../views/admin/reminders-page.tsx';
import { backToBoard } from './admin-cycles.tsx';

type Ctx = Context<AppEnv>;

/** The year's campaign and the departments to remind, with the plan they are read from. */
async function reminding(c: Ctx) {
  const staff = staffOf(c);
  const cycle = await cycleOf(c);
  const plan = c.var.site.plan;
  const answers = await listAnswers(staff.db, cycle.id);
  const rows = toRemind(cycle, boardRows(plan, cycle, answers, japanDate(staff.now())));
  const text = (row: (typeof rows)[number]) => reminderText(plan, cycle, row, new URL(c.req.url).origin);
  return { staff, cycle, rows, text };
}

export const adminReminderRoutes = new Hono<AppEnv>()
  .get('/:fy/reminders', async (c) => {
    const { staff, cycle, rows, text } = await reminding(c);
    const contacts = await Promise.all(rows.map((r) => departmentContacts(staff.db, r.department)));
    return staffPage(
      c,
      '督促',
      <RemindersPage
        fiscalYear={cycle.fiscalYear}
        yearLabel={formatFiscalYear(cycle.fiscalYear)}
        reminders={rows.map((row, i) => ({
          row,
          text: text(row),
          to: (contacts[i] ?? []).map((p) => `${p.name} <${p.email}>`),
        }))}
        canSend={smtpConfigured()}
        csrf={signedInOf(c).session.csrfToken}
      />,
    );
  })
  .get('/:fy/reminders.txt', async (c) => {
    const { cycle, rows, text } = await reminding(c);
    const body = rows.map((r) => `==== ${r.name} ====\n${text(r)}\n`).join('\n');
    return c.body(body, 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="reminders-${cycle.fiscalYear}.txt"; filename*=UTF-8''${encodeURIComponent(`督促_${cycle.fiscalYear}.txt`)}`,
    });
  })
  .post('/:fy/reminders/send', async (c) => {
    const { staff, cycle, rows, text } = await reminding(c);
    const messages = [];
    for (const r of rows) {
      const to = await departmentContacts(staff.db, r.department);
      if (to.length === 0) continue;
      messages.push({
        to: to.map((p) => p.email),
        subject: `【督促】${formatFiscalYear(cycle.fiscalYear)}進捗状況の照会（${r.name}）`,
        text: text(r),
      });
    }
    const sent = await sendReminders(messages);
    staff.logger.info(
      { event: 'reminders_sent', count: sent, login: signedInOf(c).user.login },
      'reminders sent',
    );
    return backToBoard(c, cycle.fiscalYear, `督促メールを${sent}通送りました。`);
  });
