import nodemailer from 'nodemailer';

export interface ReminderMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** E-mail is sent only when the server is given an SMTP server: SMTP_URL=smtp://host:25 (or smtps://user:pass@host). */
export const smtpConfigured = (env: NodeJS.ProcessEnv = process.env): boolean => (env.SMTP_URL ?? '') !== '';

/** Sends reminders through SMTP_URL, one message per department; returns how many were accepted. */
export async function sendReminders(
  messages: readonly ReminderMail[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const url = env.SMTP_URL;
  if (url === undefined || url === '' || messages.length === 0) return 0;
  const transport = nodemailer.createTransport(url);
  const from = env.SMTP_FROM || 'shinchoku@localhost';
  let sent = 0;
  try {
    for (const message of messages) {
      await transport.sendMail({ from, to: [...message.to], subject: message.subject, text: message.text });
      sent += 1;
    }
  } finally {
    transport.close();
  }
  return sent;
}
