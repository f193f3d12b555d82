// Invitations e-mailed through the service's SMTP server: a local smtp-server on 127.0.0.1 receives the message,
// which mailparser decodes. The link is stored first, so a server refusing the address leaves a valid link to copy;
// without SMTP settings the form is as before (no address field); a bad address is refused with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const PUBLIC_LINK = /value="https:\/\/shinchoku\.example\.lg\.jp\/admin\/invitation\/([A-Za-z0-9_-]{43})"/;
const SMTP_PASSWORD = 'pa:ss@w0rd-not-in-logs';

describe.each(DATABASE_TARGETS)('invitation e-mail on $name', (target) => {
  let sink: SmtpSink;
  let h: StaffHarness;
  let plain: StaffHarness;
  let admin: Browser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await openStaffApp(target, {
      mail: sink.config({ user: 'shinchoku', password: SMTP_PASSWORD }),
      accounts: ['admin', 'editorA'],
    });
    plain = await openStaffApp(target, { accounts: ['admin'] });
    admin = await signedIn(h.app, 'admin');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await plain?.close();
    await sink?.close();
  });

  const invitations = (harness: StaffHarness) =>
    harness.handle.db
      .selectFrom('invitations')
      .select(['id', 'mail_to', 'mailed_at', 'note'])
      .orderBy('id')
      .execute();

  it('shows an optional address field when the server can send mail', async () => {
    const html = await (await admin.get('/admin/users/invitations')).text();
    expect(html).toContain('<label for="f-email">メールアドレス（任意）</label>');
    expect(html).toContain('name="email"');
  });

  it('e-mails the link in Japanese, says so on the page, still shows the link, and lists it as sent', async () => {
    const before = sink.messages.length;
    const response = await admin.post('/admin/users/invitations', {
      role: 'editor',
      'department.kikaku-digital': 'on',
      note: '農政課 佐藤さん',
      days: '7',
      email: ' sato@example.lg.jp ',
    });
    expect(response.status).toBe(201);
    const html = await response.text();
    expect(html).toContain('sato@example.lg.jp宛にメールで送りました。');
    const token = PUBLIC_LINK.exec(html)?.[1];
    expect(token).toBeDefined();

    expect(sink.messages).toHaveLength(before + 1);
    const mail = sink.messages[before];
    if (mail === undefined) throw new Error('no message');
    expect(sink.logins).toContain(`shinchoku:${SMTP_PASSWORD}`);
    expect(mail.envelope).toEqual({ from: 'noreply@example.lg.jp', to: ['sato@example.lg.jp'] });
    expect(mail.parsed.from?.value).toEqual([{ name: '進捗管理', address: 'noreply@example.lg.jp' }]);
    expect(mail.parsed.subject).toBe('【宮城県】進捗管理システムへの招待');
    // The raw message declares UTF-8 and carries no raw 8-bit Japanese in its headers.
    expect(mail.raw).toMatch(/charset=utf-8/i);
    const headers = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
    expect([...headers].every((ch) => (ch.codePointAt(0) ?? 0) < 0x80)).toBe(true);
    const text = mail.parsed.text ?? '';
    expect(text).toContain(`https://shinchoku.example.lg.jp/admin/invitation/${token}\n`);
    expect(text).toContain('宮城県 進捗管理システム（職員用画面）への招待をお送りします。');
    expect(text).toContain(
      'admin1 氏名さん（ログインID: admin1）が、あなたを「入力担当（所属）」として招待しました（担当課: 企画部 デジタルみやぎ推進課）。',
    );
    // 7 days from the harness clock, 2026-06-01T00:00Z: 2026-06-08 09:00 in Japan, a Monday of 令和8年.
    expect(text).toContain('リンクの有効期限: 令和8年6月8日（月）9時00分（日本時間）');
    expect(text).toContain('心当たりがない場合は');
    expect(text).not.toContain('農政課 佐藤さん'); // the admin's memo stays in the list

    const stored = (await invitations(h)).at(-1);
    expect(stored?.mail_to).toBe('sato@example.lg.jp');
    expect(new Date(stored?.mailed_at as Date).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    const list = await (await admin.get('/admin/users/invitations')).text();
    expect(list).toContain('<th scope="col">メール</th>');
    expect(list).toContain('sato@example.lg.jp（送信済み）');
    // The link in the message works.
    const opened = await new Browser(h.app).get(`/admin/invitation/${token}`);
    expect(opened.status).toBe(200);
  });

  it('keeps the invitation valid when the server refuses the address, says so, and logs it without the password', async () => {
    sink.refuseRecipients = true;
    const before = sink.messages.length;
    const logsBefore = h.logs.length;
    try {
      const response = await admin.post('/admin/users/invitations', {
        role: 'viewer',
        days: '3',
        email: 'nobody@example.lg.jp',
      });
      expect(response.status).toBe(201);
      const html = await response.text();
      expect(html).toContain(
        'メールを送れませんでした（メールサーバーが宛先を受け付けませんでした）。リンクをコピーしてお渡しください。',
      );
      const token = PUBLIC_LINK.exec(html)?.[1];
      expect(token).toBeDefined();
      expect(sink.messages).toHaveLength(before);
      expect((await new Browser(h.app).get(`/admin/invitation/${token}`)).status).toBe(200);
      const stored = (await invitations(h)).at(-1);
      expect(stored).toMatchObject({ mail_to: 'nobody@example.lg.jp', mailed_at: null });
      const list = await (await admin.get('/admin/users/invitations')).text();
      expect(list).toContain('nobody@example.lg.jp（送れませんでした）');
      const logged = h.logs.slice(logsBefore);
      const failure = logged.find((l) => l.event === 'invitation_mail_failed');
      expect(failure).toMatchObject({ code: 'EENVELOPE', server: `smtp://127.0.0.1:${sink.port}` });
      const text = JSON.stringify(logged);
      expect(text).not.toContain(SMTP_PASSWORD);
      expect(text).not.toContain(encodeURIComponent(SMTP_PASSWORD));
      expect(text).not.toContain(token);
    } finally {
      sink.refuseRecipients = false;
    }
  });

  it.each([
    ['no at sign', 'sato.example.lg.jp'],
    ['two addresses', 'a@example.lg.jp, b@example.lg.jp'],
    ['a display name', '佐藤 <sato@example.lg.jp>'],
    ['no domain dot', 'sato@localhost'],
  ])('refuses an address with %s: 400, the field named, nothing stored or sent', async (_what, email) => {
    const stored = await invitations(h);
    const sent = sink.messages.length;
    const response = await admin.post('/admin/users/invitations', { role: 'viewer', days: '7', email });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(
      'メールアドレスの形式ではありません。「tanaka@example.lg.jp」のように1件だけ入力してください。',
    );
    expect(html).toContain('aria-invalid="true"');
    expect(await invitations(h)).toEqual(stored);
    expect(sink.messages).toHaveLength(sent);
  });

  it('without SMTP settings the form has no address field and a posted one is not read', async () => {
    const other = await signedIn(plain.app, 'admin');
    const page = await (await other.get('/admin/users/invitations')).text();
    expect(page).not.toContain('name="email"');
    expect(page).not.toContain('メールアドレス');
    const sent = sink.messages.length;
    const response = await other.post('/admin/users/invitations', {
      role: 'viewer',
      days: '7',
      email: 'sato@example.lg.jp',
    });
    expect(response.status).toBe(201);
    const html = await response.text();
    expect(html).not.toContain('メールで送りました');
    expect(html).not.toContain('メールを送れませんでした');
    expect(html).toMatch(/value="http:\/\/localhost\/admin\/invitation\/[A-Za-z0-9_-]{43}"/);
    expect(html).not.toContain('<th scope="col">メール</th>');
    expect(sink.messages).toHaveLength(sent);
    expect((await invitations(plain)).map((i) => i.mail_to)).toEqual([null]);
  });
});
