// Publishing a year: the confirmation page (the year's consistency check, the departments not yet approved) and
// the publication itself (src/app/campaign/publish.ts: the gate, the acknowledgement, the next revision).
import { Hono } from 'hono';
import { departmentName } from '../../app/campaign/campaign-common.ts';
import { publish } from '../../app/campaign/publish.ts';
import { listAnswers, listPublications } from '../../db/repositories/campaign.repository.ts';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { actorOf, cycleOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { PublishConfirmation } from '../views/admin/publish-confirmation.tsx';
import { backToBoard } from './admin-cycles.tsx';

export const adminPublishRoutes = new Hono<AppEnv>()
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
        csrf={signedInOf(c).session.csrfToken}
      />,
    );
  })
  .post('/:fy/publish', async (c) => {
    const cycle = await cycleOf(c);
    const body = await c.req.parseBody();
    const shown = formText(body, 'errors_shown').trim();
    const revision = await publish(staffOf(c), actorOf(c), {
      fiscalYear: cycle.fiscalYear,
      reason: formText(body, 'reason'),
      acknowledged: formText(body, 'acknowledge').trim() === '1',
      errorsShown: /^\d{1,6}$/.test(shown) ? Number(shown) : undefined,
    });
    c.var.source.published();
    return backToBoard(c, cycle.fiscalYear, `第${revision}版を公表しました。`);
  });
