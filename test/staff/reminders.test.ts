// Reminders (督促) by e-mail: with SMTP_URL set, the admin sends one message per late department that has a contact
// address, in Japanese, through a local SMTP sink (smtp-server on 127.0.0.1, never the network); without it the page
// says how to set it up and nothing is sent. The text download carries every late department; only admins send.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringDepartments, missingItems } from '../../src/domain/campaign/campaign.ts';
import { departmentLabel } from '../../src/domain/plan/model.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
const A = ACCOUNTS.editorA.departments[0];
const B = ACCOUNTS.editorB.departments[0];
const EMAIL = { editorA: 'editor-a@pref.example.jp', editorB: 'editor-b@pref.example.jp' };
const FROM = 'shinchoku@pref.example.jp';

/** A message as the sink received it, with its envelope recipients. */
interface Received {
  readonly raw: string;
  readonly rcptTo: readonly string[];
}

/** A local SMTP server that keeps every message it is given. */
async function startSink(): Promise<{ port: number; messages: Received[]; close(): Promise<void> }> {
  const messages: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=); adjacent words join byte-wise. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=)+/gi, (run) => {
    const bytes = [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, kind, text = '']) =>
      kind?.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** The headers (unfolded, decoded, by lower-case name) and the decoded text body of a single-part message. */
function parseMail(raw: string): { header(name: string): string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const encoded = raw.slice(split + 4);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(encoded).toString('utf8')
        : encoded;
  return { header: (name) => headers.get(name.toLowerCase()) ?? '', body: body.replace(/\r\n/g, '\n') };
}

/** Sets or removes an environment variable. */
const setEnv = (name: 'SMTP_URL' | 'SMTP_FROM', value: string | undefined) => {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
};

const doneOf = (response: Response) =>
  new URL(response.headers.get('location') ?? '', 'http://localhost').searchParams.get('done');

describe.each(DATABASE_TARGETS)('reminders by e-mail on $name', (target) => {
  const saved = { url: process.env.SMTP_URL, from: process.env.SMTP_FROM };
  let h: StaffHarness;
  let admin: Browser;
  let sink: Awaited<ReturnType<typeof startSink>>;
  const nameOf = (department: string) => {
    const d = h.source.current.plan.departments.get(department);
    return d === undefined ? department : departmentLabel(d);
  };
  const sentLogs = () => h.logs.filter((l) => l.event === 'reminders_sent');

  beforeAll(async () => {
    sink = await startSink();
    h = await openStaffApp(target);
    // Both editors have an address; A submits, so only B's department is late with a contact.
    for (const [login, email] of [
      [ACCOUNTS.editorA.login, EMAIL.editorA],
      [ACCOUNTS.editorB.login, EMAIL.editorB],
    ] as const) {
      await h.handle.db.updateTable('users').set({ email }).where('login', '=', login).execute();
    }
    admin = await signedIn(h.app, 'admin');
    expect(
      (await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' })).status,
    ).toBe(303);
    expect((await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' })).status).toBe(303);
    expect(missingItems((await h.source.fresh()).plan, A, FY)).toEqual([]);
    const editorA = await signedIn(h.app, 'editorA');
    expect((await editorA.post(`/admin/cycles/${FY}/answers/${A}/submit`, {})).status).toBe(303);
  });
  afterAll(async () => {
    setEnv('SMTP_URL', saved.url);
    setEnv('SMTP_FROM', saved.from);
    await sink?.close();
    await h?.close();
  });

  it('without SMTP_URL, the page says how to set it up and the send route sends nothing', async () => {
    setEnv('SMTP_URL', undefined);
    const html = await (await admin.get(`/admin/cycles/${FY}/reminders`)).text();
    expect(html).toContain('SMTP_URL を設定');
    expect(html).not.toContain('メールで送る（');
    expect(html).not.toContain('/reminders/send');
    const response = await admin.post(`/admin/cycles/${FY}/reminders/send`, {});
    expect(response.status).toBe(303);
    expect(doneOf(response)).toBe('督促メールを0通送りました。');
    expect(sink.messages).toEqual([]);
    expect(sentLogs().at(-1)).toMatchObject({ count: 0, login: ACCOUNTS.admin.login });
  });

  it('with SMTP_URL, sends one message per late department with a contact, in Japanese', async () => {
    setEnv('SMTP_URL', `smtp://127.0.0.1:${sink.port}`);
    setEnv('SMTP_FROM', FROM);
    const html = await (await admin.get(`/admin/cycles/${FY}/reminders`)).text();
    expect(html).toContain('メールで送る（宛先のある所属のみ）');
    const section =
      /<section class="reminder" aria-labelledby="reminder-kikaku-digital">([\s\S]*?)<\/section>/.exec(
        html,
      )?.[1];
    expect(section).toContain(nameOf(B));
    expect(section).toContain(EMAIL.editorB);
    expect(section).toContain('提出期限（2026-05-31）を過ぎております');
    // A submitted: it has an address, but nothing to be reminded of.
    expect(html).not.toContain(`reminder-${A}`);

    const response = await admin.post(`/admin/cycles/${FY}/reminders/send`, {});
    expect(response.status).toBe(303);
    expect(doneOf(response)).toBe('督促メールを1通送りました。');
    expect(sink.messages).toHaveLength(1);
    const [message] = sink.messages;
    expect(message?.rcptTo).toEqual([EMAIL.editorB]);
    const mail = parseMail(message?.raw ?? '');
    expect(mail.header('To')).toContain(EMAIL.editorB);
    expect(mail.header('From')).toContain(FROM);
    expect(mail.header('Subject')).toBe(`【督促】令和6年度進捗状況の照会（${nameOf(B)}）`);
    expect(mail.header('Content-Type')).toMatch(/text\/plain; charset=utf-8/i);
    expect(mail.body).toContain(`${nameOf(B)} ご担当者様`);
    expect(mail.body).toContain('提出期限（2026-05-31）を過ぎております');
    expect(mail.body).toContain('入力画面: http://localhost/admin');
    // The department's missing items travel with the reminder.
    expect(mail.body).toContain('「5G実証事業件数（先進技術の活用に取り組む事業者数）」の実績値が未入力です');
    expect(sentLogs().at(-1)).toMatchObject({ count: 1, login: ACCOUNTS.admin.login });
  });

  it("the text download carries every late department's reminder", async () => {
    const response = await admin.get(`/admin/cycles/${FY}/reminders.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const text = await response.text();
    const late = answeringDepartments(h.source.current.plan).filter((d) => d !== A);
    expect(text.match(/^==== .+ ====$/gm)).toEqual(late.map((d) => `==== ${nameOf(d)} ====`));
    expect(text.match(/提出期限（2026-05-31）を過ぎております/g)).toHaveLength(late.length);
    expect(text).not.toContain(`==== ${nameOf(A)} ====`);
  });

  it('viewers and editors are refused the send route, and nothing is sent', async () => {
    setEnv('SMTP_URL', `smtp://127.0.0.1:${sink.port}`);
    const before = sink.messages.length;
    for (const account of ['viewer', 'editorA', 'editorB'] as const) {
      const browser = await signedIn(h.app, account);
      expect((await browser.post(`/admin/cycles/${FY}/reminders/send`, {})).status).toBe(403);
    }
    expect(sink.messages).toHaveLength(before);
  });
});
