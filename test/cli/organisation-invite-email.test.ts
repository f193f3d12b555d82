// `organisation invite --email` and `organisation add --invite-admin --email`: with the SMTP settings the first
// admin's link is e-mailed (to a local smtp-server on 127.0.0.1) with the service's public address; without them,
// or with a bad address or setting, the command refuses in Japanese (exit 2) before anything is created.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { JAPANESE, runCli, STACK_LINE, spawnCli } from './cli-harness.ts';

/** 044440 色麻町, 044458 加美町, 045012 涌谷町 (宮城県), none on the seeded service. */
const SHIKAMA = '044440';
const KAMI = '044458';
const WAKUYA = '045012';
const MAIL_ENV = ['SHINCHOKU_SMTP_URL', 'SHINCHOKU_MAIL_FROM', 'SHINCHOKU_PUBLIC_URL'] as const;
const PASSWORD = 'op-secret-Pw';

/** Organisations and invitations stored, read on the file's embedded database (closed again for the next command). */
async function stored(): Promise<{ organisations: string[]; invitations: number }> {
  const handle = await openDatabase(loadConfig().database);
  try {
    const organisations = await handle.db
      .selectFrom('organisations')
      .select('code')
      .orderBy('code')
      .execute();
    const { n } = await handle.db
      .selectFrom('invitations')
      .select((e) => e.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return { organisations: organisations.map((o) => o.code), invitations: Number(n) };
  } finally {
    await handle.close();
  }
}

describe('shinchoku organisation invite --email', () => {
  let sink: SmtpSink;
  const saved = Object.fromEntries(MAIL_ENV.map((k) => [k, process.env[k]]));
  const configure = (env: Partial<Record<(typeof MAIL_ENV)[number], string>>) => {
    for (const k of MAIL_ENV) delete process.env[k];
    Object.assign(process.env, env);
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => configure({}));
  afterAll(async () => {
    for (const k of MAIL_ENV) {
      const value = saved[k];
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
    await sink?.close();
  });

  it.each([
    [['add', '--code', SHIKAMA, '--invite-admin', '--email', 'admin@example.lg.jp'], 'SHINCHOKU_SMTP_URL'],
    [['invite', '--code', '040002', '--email', 'admin@example.lg.jp'], 'SHINCHOKU_SMTP_URL'],
    [
      ['add', '--code', SHIKAMA, '--email', 'admin@example.lg.jp'],
      '--email は --invite-admin と一緒に指定してください',
    ],
  ])('without SMTP settings refuses %j (exit 2) and creates nothing', async (args, message) => {
    const before = await stored();
    const r = await runCli('organisation', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(JAPANESE);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.err).toContain(message);
    if (message === 'SHINCHOKU_SMTP_URL') {
      expect(r.err).toContain(
        'メールを送る設定がありません。サーバーに SHINCHOKU_SMTP_URL・SHINCHOKU_MAIL_FROM・SHINCHOKU_PUBLIC_URL を設定してください。',
      );
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a bad address or a bad setting without naming the password, creating nothing', async () => {
    const before = await stored();
    configure({
      SHINCHOKU_SMTP_URL: `smtp://operator:${PASSWORD}@127.0.0.1:${sink.port}`,
      SHINCHOKU_MAIL_FROM: '進捗管理 <noreply@example.lg.jp>',
      SHINCHOKU_PUBLIC_URL: 'https://shinchoku.example.lg.jp/',
    });
    const bad = await runCli(
      'organisation',
      'add',
      '--code',
      KAMI,
      '--invite-admin',
      '--email',
      'kami.example.lg.jp',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--email: 「kami.example.lg.jp」はメールアドレスの形式ではありません。');
    configure({ SHINCHOKU_SMTP_URL: `http://operator:${PASSWORD}@127.0.0.1:${sink.port}` });
    const setting = await runCli('organisation', 'invite', '--code', '040002', '--email', 'a@example.lg.jp');
    expect(setting.code).toBe(2);
    expect(setting.err).toContain('SHINCHOKU_SMTP_URL は smtp://');
    expect(setting.err).not.toContain(PASSWORD);
    expect(await stored()).toEqual(before);
    expect(sink.messages).toHaveLength(0);
  });

  it('add --invite-admin --email sends the first admin the absolute link under the 団体コード', async () => {
    configure({
      SHINCHOKU_SMTP_URL: `smtp://operator:${PASSWORD}@127.0.0.1:${sink.port}`,
      SHINCHOKU_MAIL_FROM: '進捗管理 <noreply@example.lg.jp>',
      SHINCHOKU_PUBLIC_URL: 'https://shinchoku.example.lg.jp/',
    });
    const r = await runCli(
      'organisation',
      'add',
      '--code',
      WAKUYA,
      '--invite-admin',
      '--email',
      'admin@wakuya.example.lg.jp',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('admin@wakuya.example.lg.jp宛にメールで送りました。');
    const link =
      /^ {2}(https:\/\/shinchoku\.example\.lg\.jp\/045012\/admin\/invitation\/[A-Za-z0-9_-]{43})$/m.exec(
        r.out,
      )?.[1];
    expect(link).toBeDefined();
    expect(r.out).not.toContain(PASSWORD);
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0];
    expect(mail?.envelope.to).toEqual(['admin@wakuya.example.lg.jp']);
    expect(mail?.parsed.subject).toBe('【涌谷町】進捗管理システムへの招待');
    expect(mail?.parsed.text).toContain(`${link}\n`);
    expect(mail?.parsed.text).toContain(
      'サービスの運営者が、あなたを「管理者（政策担当課）」として招待しました。',
    );
    expect(sink.logins).toEqual([`operator:${PASSWORD}`]);
    const handle = await openDatabase(loadConfig().database);
    try {
      const rows = await handle.db.selectFrom('invitations').select(['mail_to', 'mailed_at']).execute();
      expect(
        rows.filter((i) => i.mail_to === 'admin@wakuya.example.lg.jp' && i.mailed_at !== null),
      ).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});

describe('shinchoku serve with e-mail settings', () => {
  it.each([
    [{ SHINCHOKU_SMTP_URL: `smtp://u:${PASSWORD}@` }, 'SHINCHOKU_SMTP_URL は smtp://'],
    [
      {
        SHINCHOKU_SMTP_URL: `smtp://u:${PASSWORD}@127.0.0.1:2525`,
        SHINCHOKU_MAIL_FROM: 'noreply@example.lg.jp',
      },
      'SHINCHOKU_SMTP_URL を設定したときは、次も設定してください: SHINCHOKU_PUBLIC_URL',
    ],
  ])('refuses to start on %j, naming the variable and not the password (exit 2)', async (env, message) => {
    const r = await spawnCli(['serve', '--port', '0'], {
      env: {
        SHINCHOKU_MAIL_FROM: undefined,
        SHINCHOKU_PUBLIC_URL: undefined,
        ...env,
      },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.stdout).toBe('');
  });
});
