// `shinchoku organisation add --invite-admin` and `organisation invite`: the operator gets a one-time link for the
// first admin of an organisation (on this file's copy of the seeded embedded database), and the link works — the
// person makes their account on the organisation's pages and lands on 「最初の計画を作る」.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import { createServiceApp } from '../../src/http/service.tsx';
import { serveOrganisations } from '../../src/http/service-setup.ts';
import { Browser } from '../support/staff-app.ts';
import { JAPANESE, runCli, STACK_LINE } from './cli-harness.ts';

/** 044245 大衡村 and 042129 登米市 (宮城県). */
const OHIRA = '044245';
const TOME = '042129';
const LINK = /^ {2}\/(\d{6})\/admin\/invitation\/([A-Za-z0-9_-]{43})$/m;

describe('shinchoku organisation invite', () => {
  it('add --invite-admin prints the link path under the 団体コード with its expiry, in Japanese', async () => {
    const r = await runCli('organisation', 'add', '--code', OHIRA, '--invite-admin', '--days', '3');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('団体「大衡村」（団体コード 044245、村）を追加しました。');
    expect(r.out).toMatch(
      /大衡村の管理者を招待するリンクを作成しました（有効期限: \d{4}-\d\d-\d\d \d\d:\d\d（日本時間））。/,
    );
    expect(LINK.exec(r.out)?.[1]).toBe(OHIRA);
  });

  it.each([
    [['invite', '--code', '999999'], '団体コード「999999」の団体はこのサービスにありません'],
    [
      ['invite', '--code', OHIRA, '--days', '31'],
      '--days: 「31」は使えません。1〜30の日数を指定してください。',
    ],
    [
      ['add', '--code', TOME, '--invite-admin', '--admin-login', 'a1', '--admin-name', '登米 一郎'],
      '--admin-login と --invite-admin は一緒に指定できません',
    ],
  ])('refuses %j in Japanese', async (args, message) => {
    const r = await runCli('organisation', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(JAPANESE);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.err).toContain(message);
  });

  it('invite makes a link that creates the first admin, who signs in to the form for the first plan', async () => {
    const r = await runCli('organisation', 'invite', '--code', OHIRA);
    expect(r).toMatchObject({ code: 0, err: '' });
    const [, code, token] = LINK.exec(r.out) ?? [];
    expect(code).toBe(OHIRA);
    const handle = await openDatabase(loadConfig().database);
    try {
      const service = createServiceApp(
        await serveOrganisations(handle, await listPlans(handle.db), { logger: pino({ level: 'silent' }) }),
      );
      const browser = new Browser(service);
      const page = await browser.get(`/${OHIRA}/admin/invitation/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('大衡村');
      const password = 'Ohira-First-Admin-Passphrase';
      const accepted = await browser.post(
        `/${OHIRA}/admin/invitation/${token}`,
        { login: 'ohira-admin', name: '大衡 花子', password },
        { csrf: false },
      );
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get('location')).toBe(`/${OHIRA}/admin/login?invited=1`);
      const login = await browser.post(
        `/${OHIRA}/admin/login`,
        { login: 'ohira-admin', password, next: '/admin' },
        { csrf: false },
      );
      expect(login.headers.get('location')).toBe(`/${OHIRA}/admin`);
      const landing = await (await browser.get(`/${OHIRA}/admin`)).text();
      expect(landing).toContain('最初の計画を作る');
    } finally {
      await handle.close();
    }
  });
});
