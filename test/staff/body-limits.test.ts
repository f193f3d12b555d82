// Request bodies are limited while they stream in (src/http/limits.ts). A real server on 127.0.0.1, in a process of
// its own so its memory alone is measured, gets 100 MB bodies from a client that generates them from one reused
// chunk: the server answers 413 long before the body is sent, closes the connection, and its peak resident memory
// barely moves. Smaller checks (the JSON API, an ordinary form, which route gets which limit) use app.request.
import { type ChildProcess, fork } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS, bodyLimitKind, MAX_UPLOAD_BYTES } from '../../src/http/limits.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { type RawUpload, sendRawUpload } from '../support/raw-upload.ts';
import {
  ACCOUNTS,
  type Browser,
  openStaffApp,
  PASSWORD,
  type StaffHarness,
  signedIn,
} from '../support/staff-app.ts';
import type { ServerMemory, ServerMessage } from '../support/staff-server-process.ts';

const MB = 1024 * 1024;
const HUNDRED_MB = 100 * MB;
// Loopback socket buffers hold a few MB that the client can write before the server has read anything.
const IN_FLIGHT = 16 * MB;
// "A few MB": the server's peak resident set may grow by this much while refusing a 100 MB body (more than a quiet
// machine needs: on a busy one the server reads more of what is in flight, and collects garbage later, before it
// answers — still a small part of the 100 MB).
const RSS_GROWTH_KB = 16 * 1024;

/** The staff server in a child process, asked over IPC. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<ServerProcess> {
    const child = fork(new URL('../support/staff-server-process.ts', import.meta.url).pathname, [], {
      execArgv: ['--import', 'tsx'],
      cwd: process.cwd(),
    });
    const first = await new Promise<ServerMessage>((resolve, reject) => {
      child.once('message', (m) => resolve(m as ServerMessage));
      child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
    });
    if (first.kind !== 'listening') throw new Error('server process did not start');
    return new ServerProcess(child, first.url);
  }

  private ask(message: string): Promise<ServerMessage> {
    return new Promise((resolve) => {
      this.child.once('message', (m) => resolve(m as ServerMessage));
      this.child.send(message);
    });
  }

  async memory(message: 'memory' | 'reset-peak'): Promise<ServerMemory> {
    const answer = await this.ask(message);
    if (answer.kind !== 'memory') throw new Error('unexpected answer');
    return answer.memory;
  }

  async digest(): Promise<string> {
    const answer = await this.ask('digest');
    if (answer.kind !== 'digest') throw new Error('unexpected answer');
    return answer.digest;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send('stop');
    });
  }
}

/** Sends a body and measures the server's peak resident set growth (kB) while it handles it. */
async function measured(server: ServerProcess, upload: RawUpload) {
  const before = await server.memory('reset-peak');
  const answer = await sendRawUpload(upload);
  const after = await server.memory('memory');
  return { answer, growthKb: after.peakKb - before.rssKb };
}

const FORM = 'application/x-www-form-urlencoded';

describe('100 MB bodies against a real server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start();
  });
  afterAll(() => server.stop());

  it.each([
    ['with Content-Length', false],
    ['chunked, without Content-Length', true],
  ])(
    'an anonymous 100 MB login post (%s) is refused with 413 early; server memory stays flat',
    async (_, chunked) => {
      const before = await server.digest();
      const login = {
        url: `${server.url}/admin/login`,
        headers: { 'Content-Type': FORM, Origin: server.url },
        bytes: HUNDRED_MB,
        chunked,
        prefix: 'login=someone&password=',
      };
      const { answer, growthKb } = await measured(server, login);
      expect(answer.status).toBe(413);
      expect(answer.body).toContain('送信された内容が大きすぎます（64KBまで）');
      expect(answer.sentBeforeAnswer).toBeLessThan(IN_FLIGHT);
      expect(growthKb).toBeLessThan(RSS_GROWTH_KB);
      // A client that goes on sending regardless is cut off long before it has sent everything.
      const stubborn = await sendRawUpload({ ...login, keepSending: true });
      expect(stubborn.status).toBe(413);
      expect(stubborn.closedByServer).toBe(true);
      expect(stubborn.sent).toBeLessThan(HUNDRED_MB);
      expect(await server.digest()).toBe(before);
    },
  );

  it('a chunked 100 MB 調査票 upload by a signed-in editor is refused once 10 MB have been read', async () => {
    const login = await fetch(`${server.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': FORM, origin: server.url },
      body: new URLSearchParams({ login: ACCOUNTS.editorA.login, password: PASSWORD, next: '/admin' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const page = await (await fetch(`${server.url}/admin/account/password`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const boundary = 'shinchoku-test-boundary';
    const before = await server.digest();

    const { answer, growthKb } = await measured(server, {
      url: `${server.url}/admin/cycles/2024/surveys/${ACCOUNTS.editorA.departments[0]}`,
      headers: {
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        Origin: server.url,
        Cookie: cookie,
      },
      bytes: HUNDRED_MB,
      chunked: true,
      prefix: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="_csrf"',
        '',
        csrf,
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="survey.xlsx"',
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        '',
        '',
      ].join('\r\n'),
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('ファイルが大きすぎます（10MBまで）');
    // Read up to the limit (a chunked body has no length to refuse it by), then refused: not read to the end.
    expect(answer.sentBeforeAnswer).toBeGreaterThan(MAX_UPLOAD_BYTES);
    expect(answer.sentBeforeAnswer).toBeLessThan(BODY_LIMITS.upload + IN_FLIGHT);
    expect(answer.closedByServer).toBe(true);
    // The bytes up to the limit are held while they are counted: the growth is bounded by the limit, not the body.
    expect(growthKb).toBeLessThan((BODY_LIMITS.upload + IN_FLIGHT) / 1024);
    expect(await server.digest()).toBe(before);
  });

  it('a chunked body under the limit still reaches the handler (a login succeeds)', async () => {
    const body = new URLSearchParams({ login: ACCOUNTS.viewer.login, password: PASSWORD, next: '/admin' });
    const answer = await sendRawUpload({
      url: `${server.url}/admin/login`,
      headers: { 'Content-Type': FORM, Origin: server.url },
      bytes: body.toString().length,
      chunked: true,
      prefix: body.toString(),
    });
    expect(answer.status).toBe(303);
    expect(answer.headers['set-cookie']).toMatch(/^shinchoku-session=/);
  });
});

describe.each(DATABASE_TARGETS)('over-limit bodies through the app on $name', (target) => {
  let h: StaffHarness;
  let editor: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    editor = await signedIn(h.app, 'editorA');
  });
  afterAll(() => h.close());

  const ACTUAL = '/api/v1/admin/kpis/ict-company-locations/actuals/2024';
  const stored = async () =>
    JSON.stringify(await h.handle.db.selectFrom('kpi_values').selectAll().orderBy('id').execute(), (_, v) =>
      typeof v === 'bigint' ? v.toString() : v,
    );

  it('a JSON write over 64 KB gets 413 as JSON with a Japanese message; nothing changes', async () => {
    const etag = (await editor.get(ACTUAL)).headers.get('etag') ?? '';
    const before = await stored();
    const res = await editor.request(ACTUAL, {
      method: 'PUT',
      body: JSON.stringify({ value: '1', note: 'あ'.repeat(30_000) }),
      headers: { 'content-type': 'application/json', 'if-match': etag, 'x-csrf-token': editor.csrf ?? '' },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'payload_too_large', message: '本文が大きすぎます（64KBまで）。', details: [] },
    });
    expect(await stored()).toBe(before);
  });

  it('an answer form over 1 MB gets a 413 page naming the limit; nothing changes', async () => {
    const before = await stored();
    const res = await editor.post('/admin/measures/ict-company-location/years/2024', {
      'kpi.ict-company-locations.value': '99',
      analysis: 'x'.repeat(MB + 1),
      intent: 'save',
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('送信された内容が大きすぎます（1MBまで）。入力を短くしてください。');
    expect(await stored()).toBe(before);
  });
});

describe('which limit a route gets', () => {
  it.each([
    ['POST', '/admin/login', 'login'],
    ['POST', '/admin/login/mfa', 'login'],
    ['POST', '/admin/cycles/2024/surveys/kikaku-digital', 'upload'],
    ['POST', '/admin/cycles/2024/surveys/kikaku-digital/apply', 'form'],
    ['POST', '/admin/measures/ict-company-location/years/2024', 'form'],
    ['POST', '/admin/plan/kpi_values/row', 'form'],
    ['PUT', '/api/v1/admin/kpis/ict-company-locations/actuals/2024', 'api'],
    ['POST', '/admin/cycles/2024/surveys.zip', 'form'],
  ] as const)('%s %s → %s', (method, path, kind) => {
    expect(bodyLimitKind(method, path)).toBe(kind);
  });

  it('limits are the documented sizes', () => {
    expect(BODY_LIMITS).toEqual({ login: 65_536, form: 1_048_576, api: 65_536, upload: 10_551_296 });
  });
});
