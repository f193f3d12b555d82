// A department's answer in the campaign: submitted by the department (or by an admin on its behalf), returned with
// a comment or approved by an admin — one, or several submitted answers at once. The use cases decide
// (src/app/campaign/answers.ts); these routes read the form and answer with a redirect.
import { type Context, Hono } from 'hono';
import { approveAnswer, approveAnswers, returnAnswer, submitAnswer } from '../../app/campaign/answers.ts';
import type { AppEnv } from '../context.ts';
import { actorOf, cycleOf, formText, staffOf } from '../staff/staff-context.tsx';

type Ctx = Context<AppEnv>;

/** Admins go back to the board, departments to their own page. */
function done(c: Ctx, fiscalYear: number, message: string) {
  const to = actorOf(c).role === 'admin' ? `/admin/cycles/${fiscalYear}` : '/admin';
  return c.redirect(`${to}?done=${encodeURIComponent(message)}`, 303);
}

/** Every text value of a repeated form field (checkboxes of one name). */
const allTexts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );

export const adminAnswerActionRoutes = new Hono<AppEnv>()
  .post('/:fy/answers/approve', async (c) => {
    const cycle = await cycleOf(c);
    const body = await c.req.parseBody({ all: true });
    const all = allTexts(body.scope).includes('all-submitted');
    const count = await approveAnswers(staffOf(c), actorOf(c), {
      fiscalYear: cycle.fiscalYear,
      departments: all ? 'all-submitted' : allTexts(body.department),
    });
    return done(c, cycle.fiscalYear, `${count}所属の回答を承認しました。`);
  })
  .post('/:fy/answers/:department/submit', async (c) => {
    const cycle = await cycleOf(c);
    const department = c.req.param('department');
    await submitAnswer(staffOf(c), actorOf(c), { fiscalYear: cycle.fiscalYear, department });
    return done(c, cycle.fiscalYear, '提出しました。');
  })
  .post('/:fy/answers/:department/return', async (c) => {
    const cycle = await cycleOf(c);
    const comment = formText(await c.req.parseBody(), 'comment');
    await returnAnswer(staffOf(c), actorOf(c), {
      fiscalYear: cycle.fiscalYear,
      department: c.req.param('department'),
      comment,
    });
    return done(c, cycle.fiscalYear, '差し戻しました。');
  })
  .post('/:fy/answers/:department/approve', async (c) => {
    const cycle = await cycleOf(c);
    await approveAnswer(staffOf(c), actorOf(c), {
      fiscalYear: cycle.fiscalYear,
      department: c.req.param('department'),
    });
    return done(c, cycle.fiscalYear, '承認しました。');
  });
