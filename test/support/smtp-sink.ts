// A local SMTP server for tests (smtp-server on 127.0.0.1, port 0, never the network) that keeps what it is given,
// accepts one user and password when asked, and can refuse every recipient.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { loadMailConfig, type MailConfig } from '../../src/config.ts';

export interface ReceivedMail {
  readonly raw: string;
  readonly parsed: ParsedMail;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
}

export interface SmtpSink {
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** The logins the server accepted (user:password as received). */
  readonly logins: string[];
  /** While true, every recipient is refused (550), as a server refusing the address does. */
  refuseRecipients: boolean;
  /** Settings that send to this server, with the given user and password. */
  config(credentials?: { user: string; password: string }): MailConfig;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    onRcptTo(_address, _session, callback) {
      if (sink.refuseRecipients) {
        callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          messages.push({
            raw: raw.toString('utf8'),
            parsed,
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const sink: SmtpSink = {
    port,
    messages,
    logins,
    refuseRecipients: false,
    // Read as the server reads its environment, so the settings are exactly what start-up makes of them.
    config: (credentials) => {
      const auth =
        credentials === undefined
          ? ''
          : `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`;
      const config = loadMailConfig({
        SHINCHOKU_SMTP_URL: `smtp://${auth}127.0.0.1:${port}`,
        SHINCHOKU_MAIL_FROM: '進捗管理 <noreply@example.lg.jp>',
        SHINCHOKU_PUBLIC_URL: 'https://shinchoku.example.lg.jp',
      });
      if (config === undefined) throw new Error('invariant: SMTP settings read');
      return config;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}
