// Behind reverse proxies (SHINCHOKU_TRUSTED_PROXIES=n): the client address is the n-th X-Forwarded-For entry from
// the right, so a client cannot pick its own address for the login throttle by sending a first entry; the CSRF
// origin check compares Origin with the forwarded scheme and host, and only when the proxies are trusted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, serveApp } from '../../src/http/server.ts';
import { staffSettingsFromEnv } from '../../src/http/staff/staff-options.ts';
import { runCli } from '../cli/cli-harness.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { ACCOUNTS, openStaffApp, PASSWORD, type StaffHarness } from '../support/staff-app.ts';

const FORM = 'application/x-www-form-urlencoded';

describe('SHINCHOKU_TRUSTED_PROXIES from the environment', () => {
  const proxies = (env: NodeJS.ProcessEnv) => staffSettingsFromEnv(env);

  it.each([
    [{}, 0],
    [{ SHINCHOKU_TRUSTED_PROXIES: '0' }, 0],
    [{ SHINCHOKU_TRUSTED_PROXIES: '1' }, 1],
    [{ SHINCHOKU_TRUSTED_PROXIES: '2' }, 2],
    [{ SHINCHOKU_TRUSTED_PROXIES: '' }, 0],
  ])('%j → %i hops, no warning', (env, hops) => {
    expect(proxies(env)).toMatchObject({ ok: true, value: { trustedProxies: hops }, warnings: [] });
  });

  it.each([
    ['abc', 'SHINCHOKU_TRUSTED_PROXIES: プロキシの段数を 0 以上の整数で指定してください'],
    ['1.5', 'SHINCHOKU_TRUSTED_PROXIES: プロキシの段数を 0 以上の整数で指定してください'],
    ['-1', 'SHINCHOKU_TRUSTED_PROXIES: プロキシの段数を 0 以上の整数で指定してください'],
    ['11', 'SHINCHOKU_TRUSTED_PROXIES: プロキシの段数は 10 以下にしてください'],
  ])('%s is refused with a message naming the variable', (value, error) => {
    expect(proxies({ SHINCHOKU_TRUSTED_PROXIES: value })).toEqual({ ok: false, error });
  });

  it('the former SHINCHOKU_TRUST_PROXY=1 still means one hop, with a warning to replace it', () => {
    const settings = proxies({ SHINCHOKU_TRUST_PROXY: '1' });
    expect(settings).toMatchObject({ ok: true, value: { trustedProxies: 1 } });
    expect(settings.ok && settings.warnings).toEqual([
      'SHINCHOKU_TRUST_PROXY は廃止予定です。SHINCHOKU_TRUSTED_PROXIES=<プロキシの段数>（nginx 1段なら 1）に置き換えてください。',
    ]);
    expect(proxies({ SHINCHOKU_TRUST_PROXY: '0' })).toMatchObject({ ok: true, value: { trustedProxies: 0 } });
  });

  it('`serve` with a bad value stops before it starts, naming the variable', async () => {
    const saved = process.env.SHINCHOKU_TRUSTED_PROXIES;
    process.env.SHINCHOKU_TRUSTED_PROXIES = 'two';
    try {
      const result = await runCli('serve', '--port', '0');
      expect(result.code).toBe(2);
      expect(result.err).toContain(
        'SHINCHOKU_TRUSTED_PROXIES: プロキシの段数を 0 以上の整数で指定してください',
      );
    } finally {
      if (saved === undefined) delete process.env.SHINCHOKU_TRUSTED_PROXIES;
      else process.env.SHINCHOKU_TRUSTED_PROXIES = saved;
    }
  });

  it('both variables at once are refused', () => {
    const settings = proxies({ SHINCHOKU_TRUST_PROXY: '1', SHINCHOKU_TRUSTED_PROXIES: '1' });
    expect(settings.ok).toBe(false);
    expect(!settings.ok && settings.error).toContain('SHINCHOKU_TRUSTED_PROXIES だけを指定してください');
  });
});

describe.each(DATABASE_TARGETS)('the login throttle behind a proxy, on a real server on $name', (target) => {
  const servers: { h: StaffHarness; server: RunningServer }[] = [];
  const start = async (trustedProxies: number) => {
    const h = await openStaffApp(target, { trustedProxies });
    const server = await serveApp(h.app, 0);
    servers.push({ h, server });
    return server.url;
  };
  afterAll(async () => {
    for (const { h, server } of servers) {
      await server.stop();
      await h.close();
    }
  });

  const login = (url: string, forwardedFor: string, account: string, password: string) =>
    fetch(`${url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': FORM, origin: url, 'x-forwarded-for': forwardedFor },
      body: new URLSearchParams({ login: account, password, next: '/admin' }),
      redirect: 'manual',
    });

  it('one trusted hop: 20 failures from one address pause it, whatever first entry the client sends', async () => {
    const url = await start(1);
    // The proxy appended 198.51.100.20 (the address it saw); the entries before it are the client's own.
    for (let i = 1; i <= 20; i++) {
      const res = await login(url, `203.0.113.${i}, 198.51.100.20`, `ghost-${i}`, 'guess');
      expect(res.status).toBe(401);
    }
    const again = await login(url, '192.0.2.99, 198.51.100.20', ACCOUNTS.viewer.login, PASSWORD);
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/約\d+分後/);
    expect((await login(url, '203.0.113.1, 198.51.100.21', ACCOUNTS.viewer.login, PASSWORD)).status).toBe(
      303,
    );
  });

  it('no trusted proxy: X-Forwarded-For is ignored, the socket address counts', async () => {
    const url = await start(0);
    for (let i = 1; i <= 20; i++) {
      const res = await login(url, `198.51.100.${100 + i}`, `ghost-${i}`, 'guess');
      expect(res.status).toBe(401);
    }
    expect((await login(url, '198.51.100.200', ACCOUNTS.viewer.login, PASSWORD)).status).toBe(429);
  });
});

describe.each(DATABASE_TARGETS)('the CSRF origin check behind a TLS proxy on $name', (target) => {
  const PUBLIC = 'https://shinchoku.example.lg.jp';
  const INTERNAL = 'http://127.0.0.1:3000';
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shinchoku.example.lg.jp' };
  let trusted: StaffHarness;
  let untrusted: StaffHarness;
  beforeAll(async () => {
    trusted = await openStaffApp(target, { trustedProxies: 1 });
    untrusted = await openStaffApp(target);
  });
  afterAll(async () => {
    await trusted.close();
    await untrusted.close();
  });

  // A browser that sends no Sec-Fetch-Site; the proxy forwards to the app over plain HTTP.
  const post = (
    h: StaffHarness,
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string>,
  ) =>
    h.app.request(`${INTERNAL}${path}`, {
      method: 'POST',
      headers: { 'content-type': FORM, 'x-forwarded-for': '198.51.100.30', ...headers },
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
  const credentials = { login: ACCOUNTS.editorA.login, password: PASSWORD, next: '/admin' };

  it('trusted: Origin https://host with X-Forwarded-Proto/Host is accepted, for login and a signed-in post', async () => {
    const res = await post(trusted, '/admin/login', credentials, { origin: PUBLIC, ...forwarded });
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie') ?? '';
    // The browser is on HTTPS: the session cookie is Secure with the __Host- prefix.
    expect(setCookie).toMatch(/^__Host-shinchoku-session=[^;]+;.*Secure/);
    const cookie = setCookie.split(';')[0] ?? '';
    const page = await trusted.app.request(`${INTERNAL}/admin/account/password`, {
      headers: { cookie, ...forwarded },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const logout = await post(
      trusted,
      '/admin/logout',
      { _csrf: csrf },
      { origin: PUBLIC, cookie, ...forwarded },
    );
    expect(logout.status).toBe(303);
  });

  it('untrusted: the same request is refused with 403 (the forwarded headers are not believed)', async () => {
    const res = await post(untrusted, '/admin/login', credentials, { origin: PUBLIC, ...forwarded });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('ほかのサイトから送信されたため、受け付けませんでした。');
  });

  it('trusted: a foreign Origin, or the right host on another scheme, is refused with 403', async () => {
    const foreign = await post(trusted, '/admin/login', credentials, {
      origin: 'https://evil.example',
      ...forwarded,
    });
    expect(foreign.status).toBe(403);
    const plain = await post(trusted, '/admin/login', credentials, {
      origin: PUBLIC,
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'shinchoku.example.lg.jp',
    });
    expect(plain.status).toBe(403);
    // The internal URL is not the browser's origin behind a proxy that names another host.
    expect(
      (await post(trusted, '/admin/login', credentials, { origin: INTERNAL, ...forwarded })).status,
    ).toBe(403);
  });
});
