// Invitation e-mail on a service of several organisations: 大衡村 (no plan yet, served under /044245) e-mails an
// invitation whose link carries the service's public address and the organisation's 団体コード, and whose subject and
// body name 大衡村, not the default organisation.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation } from '../../src/app/organisations.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { seedBundledDataset } from '../../src/db/bootstrap.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { addAccountInUse } from '../support/accounts.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { Browser } from '../support/staff-app.ts';

const OHIRA = '044245';
const PASSWORD = 'Ohira-Staff-Passphrase-7';
const OPERATOR: Actor = { login: 'cli:operator', role: 'admin', departments: [], requestId: null };

describe.each(DATABASE_TARGETS)('invitation e-mail under a 団体コード on $name', (target) => {
  let handle: DatabaseHandle;
  let sink: SmtpSink;
  let service: ReturnType<typeof createServiceApp>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    handle = await target.open();
    await seedBundledDataset(handle.db);
    const { organisation } = await addOrganisation(handle, OPERATOR, { code: OHIRA });
    await addAccountInUse(handle.forOrganisation(organisation.id), {
      login: 'ohira-admin',
      name: '大衡 花子',
      role: 'admin',
      departments: [],
      passwordHash: await hashPassword(PASSWORD),
    });
    service = createServiceApp(
      await serveOrganisations(handle, await listPlans(handle.db), {
        logger: pino({ level: 'silent' }),
        mail: sink.config(),
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await handle?.close();
    await sink?.close();
  });

  it('sends the link under /044245 with the public address, naming 大衡村', async () => {
    const browser = new Browser(service);
    const login = await browser.post(
      `/${OHIRA}/admin/login`,
      { login: 'ohira-admin', password: PASSWORD, next: '/admin' },
      { csrf: false },
    );
    expect(login.status).toBe(303);
    await browser.refreshCsrf(`/${OHIRA}/admin/account/password`);
    const response = await browser.post(`/${OHIRA}/admin/users/invitations`, {
      role: 'admin',
      days: '7',
      email: 'kanri@ohira.example.lg.jp',
    });
    expect(response.status).toBe(201);
    const html = await response.text();
    expect(html).toContain('kanri@ohira.example.lg.jp宛にメールで送りました。');
    const link =
      /value="(https:\/\/shinchoku\.example\.lg\.jp\/044245\/admin\/invitation\/[A-Za-z0-9_-]{43})"/.exec(
        html,
      )?.[1];
    expect(link).toBeDefined();
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0];
    expect(mail?.parsed.subject).toBe('【大衡村】進捗管理システムへの招待');
    expect(mail?.parsed.text).toContain(`${link}\n`);
    expect(mail?.parsed.text).toContain(
      '大衡 花子さん（ログインID: ohira-admin）が、あなたを「管理者（政策担当課）」として招待しました。',
    );
    expect(mail?.parsed.text).not.toContain('宮城県');
    // The link opens 大衡村's page for the invited person.
    const path = new URL(link ?? '').pathname;
    const opened = await new Browser(service).get(path);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('大衡村');
  });
});
