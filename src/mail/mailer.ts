// Sending one e-mail through the configured SMTP server (nodemailer: STARTTLS when the server offers it on smtp://,
// TLS from the start on smtps://). Every wait is bounded, so a dead server fails a request within seconds instead of
// holding it. A failure is a MailNotSent carrying a Japanese summary for staff and details for the log, with the
// password cut out.
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.ts';

/** A plain-text message to one address. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail; resolves when the server accepted the message, rejects with MailNotSent otherwise. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** Why a message was not sent: `summary` for the page or terminal, `log` for the server log (no secrets). */
export class MailNotSent extends Error {
  override name = 'MailNotSent';
  constructor(
    readonly summary: string,
    readonly log: {
      readonly server: string;
      readonly code?: string | undefined;
      readonly responseCode?: number | undefined;
      readonly command?: string | undefined;
      readonly detail: string;
    },
  ) {
    super(summary);
  }
}

/** nodemailer's error codes in words staff can act on (or pass to whoever runs the mail server). */
const SUMMARIES: Readonly<Record<string, string>> = {
  ECONNECTION: 'メールサーバーに接続できません',
  EDNS: 'メールサーバーの名前からアドレスを引けません',
  ETIMEDOUT: 'メールサーバーが時間内に応答しません',
  ESOCKET: 'メールサーバーとの通信が途切れました',
  ETLS: 'メールサーバーと暗号化した通信を始められません',
  EAUTH: 'メールサーバーの認証に失敗しました',
  ENOAUTH: 'メールサーバーの認証に失敗しました',
  EENVELOPE: 'メールサーバーが宛先を受け付けませんでした',
  EMESSAGE: 'メールサーバーが本文を受け付けませんでした',
  EPROTOCOL: 'メールサーバーの応答が想定外です',
};

/** The summary of a send error, e.g. code 'EENVELOPE' → 「メールサーバーが宛先を受け付けませんでした」. */
export function summariseSendError(
  error: unknown,
  config: Pick<MailConfig, 'server' | 'secret'>,
): MailNotSent {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const detail = config.secret === '' ? message : message.split(config.secret).join('***');
  return new MailNotSent(SUMMARIES[code ?? ''] ?? 'メールサーバーとの通信に失敗しました', {
    server: config.server,
    code,
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    command: typeof e.command === 'string' ? e.command : undefined,
    detail,
  });
}

/** A mailer on the configured SMTP server; one connection per message (invitations are few). */
export function smtpMailer(config: MailConfig): Mailer {
  const { connectionMs, greetingMs, socketMs } = config.timeouts;
  return {
    async send(mail) {
      const transport = nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: connectionMs,
        greetingTimeout: greetingMs,
        socketTimeout: socketMs,
        dnsTimeout: connectionMs,
      });
      // The transport's own timeouts bound each wait; this bounds their sum, whatever the server does.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('send timed out'), { code: 'ETIMEDOUT' })),
          connectionMs + greetingMs + socketMs,
        );
      });
      try {
        await Promise.race([
          transport.sendMail({
            from: { ...config.from },
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
          }),
          deadline,
        ]);
      } catch (e) {
        throw summariseSendError(e, config);
      } finally {
        clearTimeout(timer);
        transport.close();
      }
    },
  };
}
