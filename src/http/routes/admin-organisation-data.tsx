// 「団体のデータ」 (admins only): the organisation's whole export as a zip, and 運営者への閲覧許可 granted or withdrawn.
// Each post calls one use case (app/organisations.ts, app/operator-access.ts); the download is a POST because it
// records in history that the data was taken out (a GET must change nothing).
import { type Context, Hono } from 'hono';
import {
  grantOperatorAccess,
  readOperatorAccess,
  withdrawOperatorAccess,
} from '../../app/operator-access.ts';
import { readOwnOrganisationExport } from '../../app/organisations.ts';
import type { Refusal } from '../../app/workspace.ts';
import { OPERATOR_ACCESS_DAYS } from '../../domain/organisations/operator-access.ts';
import {
  organisationExportFileName,
  writeOrganisationExportZip,
} from '../../io/interchange/organisation-export-zip.ts';
import { attachmentDisposition } from '../api/content-disposition.ts';
import type { AppEnv } from '../context.ts';
import { actorOf, formText, signedInOf, staffOf, staffPage } from '../staff/staff-context.tsx';
import { type GrantValues, OrganisationDataPage } from '../views/admin/organisation-data-page.tsx';
import { errorsOf, isFormRefusal } from './admin-users.tsx';

type Ctx = Context<AppEnv>;

const EMPTY: GrantValues = { days: String(OPERATOR_ACCESS_DAYS.default), reason: '' };

const NOTICES: Readonly<Record<string, string>> = {
  granted: '運営者への閲覧許可を出しました。',
  withdrawn: '運営者への閲覧許可を取り消しました。',
};

async function dataPage(
  c: Ctx,
  extra: { values?: GrantValues; refusal?: Refusal } = {},
  status: 200 | 400 | 409 = 200,
) {
  const staff = staffOf(c);
  const { access, inForce, history } = await readOperatorAccess(staff, actorOf(c));
  return staffPage(
    c,
    '団体のデータ',
    <OrganisationDataPage
      organisation={c.var.served.organisation}
      access={access}
      inForce={inForce}
      history={history}
      now={staff.now()}
      csrf={signedInOf(c).session.csrfToken}
      values={extra.values ?? EMPTY}
      errors={extra.refusal === undefined ? {} : errorsOf(extra.refusal)}
      headline={extra.refusal?.message}
      notice={NOTICES[c.req.query('done') ?? '']}
    />,
    status,
  );
}

const statusOf = (e: Refusal): 400 | 409 => (e.kind === 'conflict' ? 409 : 400);

export const adminOrganisationDataRoutes = new Hono<AppEnv>()
  .get('/', (c) => dataPage(c))
  .post('/access', async (c) => {
    const body = await c.req.parseBody();
    const values: GrantValues = { days: formText(body, 'days'), reason: formText(body, 'reason') };
    try {
      await grantOperatorAccess(staffOf(c), actorOf(c), values);
    } catch (e) {
      if (!isFormRefusal(e)) throw e;
      return dataPage(c, { values, refusal: e }, statusOf(e));
    }
    return c.redirect('/admin/organisation?done=granted', 303);
  })
  .post('/access/withdraw', async (c) => {
    try {
      await withdrawOperatorAccess(staffOf(c), actorOf(c));
    } catch (e) {
      if (!isFormRefusal(e)) throw e;
      return dataPage(c, { refusal: e }, statusOf(e));
    }
    return c.redirect('/admin/organisation?done=withdrawn', 303);
  })
  .post('/data.zip', async (c) => {
    const staff = staffOf(c);
    const data = await readOwnOrganisationExport(staff, actorOf(c));
    const { zip } = await writeOrganisationExportZip(data);
    const name = organisationExportFileName(data.organisation.code, staff.now());
    staff.logger.info(
      { event: 'organisation_exported', login: signedInOf(c).user.login, requestId: c.var.requestId },
      'organisation data downloaded',
    );
    return c.body(new Uint8Array(zip), 200, {
      'content-type': 'application/zip',
      'content-disposition': attachmentDisposition(name, name),
      'cache-control': 'no-store',
    });
  });
