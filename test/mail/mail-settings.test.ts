// The e-mail settings read at start-up, the addresses staff type, the 和暦 expiry in the message, and a mail
// server that never answers: the send fails within the bounded time with a summary staff can act on.

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadMailConfig } from '../../src/config.ts';
import { readEmailAddress, readMailSender } from '../../src/mail/address.ts';
import { japanEraDateTime } from '../../src/mail/invitation-mail.ts';
import { MailNotSent, smtpMailer } from '../../src/mail/mailer.ts';

const GOOD = {
  SHINCHOKU_SMTP_URL: 'smtp://user:p%40ss-Word@mail.example.lg.jp:587',
  SHINCHOKU_MAIL_FROM: '進捗管理 <noreply@example.lg.jp>',
  SHINCHOKU_PUBLIC_URL: 'https://shinchoku.example.lg.jp/',
};

const refusal = (env: Record<string, string>): string => {
  try {
    loadMailConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('accepted');
};

describe('loadMailConfig', () => {
  it('is undefined without SHINCHOKU_SMTP_URL (invitations are shown to copy only)', () => {
    expect(loadMailConfig({})).toBeUndefined();
    expect(loadMailConfig({ SHINCHOKU_SMTP_URL: '' })).toBeUndefined();
  });

  it('reads the server, the sender and the public address; the password is kept out of `server`', () => {
    const config = loadMailConfig(GOOD);
    expect(config).toMatchObject({
      smtpUrl: 'smtp://user:p%40ss-Word@mail.example.lg.jp:587',
      server: 'smtp://mail.example.lg.jp:587',
      secret: 'p@ss-Word',
      from: { name: '進捗管理', address: 'noreply@example.lg.jp' },
      publicUrl: 'https://shinchoku.example.lg.jp',
      timeouts: { connectionMs: 5_000, greetingMs: 5_000, socketMs: 10_000 },
    });
    expect(loadMailConfig({ ...GOOD, SHINCHOKU_SMTP_URL: 'smtps://mail.example.lg.jp:465' })?.server).toBe(
      'smtps://mail.example.lg.jp:465',
    );
    expect(
      loadMailConfig({ ...GOOD, SHINCHOKU_PUBLIC_URL: 'https://example.lg.jp/shinchoku//' })?.publicUrl,
    ).toBe('https://example.lg.jp/shinchoku');
  });

  it.each([
    ['http://user:p%40ss-Word@mail.example.lg.jp', 'SHINCHOKU_SMTP_URL は smtp://'],
    ['smtp://user:p%40ss-Word@', 'SHINCHOKU_SMTP_URL は smtp://'],
    ['mail.example.lg.jp:p%40ss-Word', 'SHINCHOKU_SMTP_URL は smtp://'],
    ['smtp://user:p%40ss-Word@mail.example.lg.jp/path', 'SHINCHOKU_SMTP_URL は smtp://'],
  ])('refuses SHINCHOKU_SMTP_URL=%s naming the variable, never the password', (url, message) => {
    const text = refusal({ ...GOOD, SHINCHOKU_SMTP_URL: url });
    expect(text).toContain(message);
    expect(text).not.toContain('p%40ss-Word');
    expect(text).not.toContain('p@ss-Word');
  });

  it.each([
    [{ SHINCHOKU_MAIL_FROM: 'noreply' }, 'SHINCHOKU_MAIL_FROM は送信元を'],
    [
      { SHINCHOKU_MAIL_FROM: '進捗 <noreply@example.lg.jp>\r\nBcc: x@example.jp' },
      'SHINCHOKU_MAIL_FROM は送信元を',
    ],
    [{ SHINCHOKU_PUBLIC_URL: 'ftp://shinchoku.example.lg.jp' }, 'SHINCHOKU_PUBLIC_URL は'],
    [{ SHINCHOKU_PUBLIC_URL: 'shinchoku.example.lg.jp' }, 'SHINCHOKU_PUBLIC_URL は'],
    [{ SHINCHOKU_PUBLIC_URL: 'https://shinchoku.example.lg.jp/?a=1' }, 'SHINCHOKU_PUBLIC_URL は'],
    [
      { SHINCHOKU_PUBLIC_URL: '' },
      'SHINCHOKU_SMTP_URL を設定したときは、次も設定してください: SHINCHOKU_PUBLIC_URL',
    ],
    [
      { SHINCHOKU_MAIL_FROM: '' },
      'SHINCHOKU_SMTP_URL を設定したときは、次も設定してください: SHINCHOKU_MAIL_FROM',
    ],
  ])('refuses %j in Japanese, naming the variable', (change, message) => {
    const text = refusal({ ...GOOD, ...change });
    expect(text).toContain(message);
    expect(text).not.toContain('p@ss-Word');
  });
});

describe('addresses', () => {
  it.each([
    [' tanaka@example.lg.jp ', 'tanaka@example.lg.jp'],
    ['ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｌｇ．ｊｐ', 'tanaka@example.lg.jp'],
    ['t.tanaka+kpi@city.sendai.jp', 't.tanaka+kpi@city.sendai.jp'],
    ['tanaka@localhost', undefined],
    ['tanaka@@example.lg.jp', undefined],
    ['tanaka..k@example.lg.jp', undefined],
    ['田中@example.lg.jp', undefined],
    ['a@example.lg.jp, b@example.lg.jp', undefined],
    ['tanaka@example.lg.jp\r\nBcc: x@example.jp', undefined],
    [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.jp`, undefined], // 259 characters
    ['', undefined],
  ])('readEmailAddress(%j) → %j', (text, expected) => {
    expect(readEmailAddress(text)).toBe(expected);
  });

  it.each([
    ['進捗管理 <noreply@example.lg.jp>', { name: '進捗管理', address: 'noreply@example.lg.jp' }],
    ['"進捗管理" <noreply@example.lg.jp>', { name: '進捗管理', address: 'noreply@example.lg.jp' }],
    ['noreply@example.lg.jp', { address: 'noreply@example.lg.jp' }],
    ['<noreply@example.lg.jp>', { address: 'noreply@example.lg.jp' }],
    ['進捗 <管理>', undefined],
    ['a"b <noreply@example.lg.jp>', undefined],
  ])('readMailSender(%j) → %j', (text, expected) => {
    expect(readMailSender(text)).toEqual(expected);
  });
});

describe('japanEraDateTime', () => {
  it.each([
    ['2026-06-08T00:00:00Z', '令和8年6月8日（月）9時00分'],
    ['2019-04-30T14:59:00Z', '平成31年4月30日（火）23時59分'],
    ['2019-04-30T15:00:00Z', '令和元年5月1日（水）0時00分'], // the era changes at midnight in Japan, 15:00 UTC
    ['2026-12-31T15:05:00Z', '令和9年1月1日（金）0時05分'],
  ])('%s → %s', (iso, expected) => {
    expect(japanEraDateTime(new Date(iso))).toBe(expected);
  });
});

describe('a mail server that accepts the connection and never answers', () => {
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails the send within its timeouts, saying the server did not answer', async () => {
    const { port } = server.address() as AddressInfo;
    const config = loadMailConfig({ ...GOOD, SHINCHOKU_SMTP_URL: `smtp://user:secret-pw@127.0.0.1:${port}` });
    if (config === undefined) throw new Error('invariant: settings read');
    const mailer = smtpMailer({ ...config, timeouts: { connectionMs: 300, greetingMs: 300, socketMs: 300 } });
    const started = Date.now();
    const error = await mailer.send({ to: 'tanaka@example.lg.jp', subject: 's', text: 't' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(MailNotSent);
    const failure = error as MailNotSent;
    expect(failure.summary).toBe('メールサーバーが時間内に応答しません');
    expect(failure.log).toMatchObject({ server: `smtp://127.0.0.1:${port}`, code: 'ETIMEDOUT' });
    expect(JSON.stringify(failure.log)).not.toContain('secret-pw');
  });
});
