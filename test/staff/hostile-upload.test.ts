// A real server (127.0.0.1, a random port) on a seeded database: while an editor uploads each hostile 調査票 in
// turn, a second client polls /healthz every 100 ms. Every poll answers within 1 s (the workbook is read in a
// worker, never on the event loop), every upload is refused with a 4xx and a Japanese message naming the limit,
// the server stays up, and the stored data is byte-for-byte what it was (a backup before and after).
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/db/backup.ts';
import { type RunningServer, serveApp } from '../../src/http/server.ts';
import { columnLetter } from '../../src/io/csv/file-issue.ts';
import { COL, FIRST_DATA_ROW } from '../../src/io/survey/survey-model.ts';
import { HOSTILE_CASES } from '../fixtures/hostile/hostile-files.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { ACCOUNTS, type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const FY = 2024;
const A = ACCOUNTS.editorA.departments[0];
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Polls /healthz every 100 ms until stopped; the time each poll took to answer, and any failure. */
function pollHealth(url: string) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status !== 200) failures.push(`status ${response.status}`);
      } catch (e) {
        failures.push(String(e));
      }
      const took = performance.now() - started;
      latencies.push(took);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - took)));
    }
  })();
  return {
    latencies,
    failures,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe.each(DATABASE_TARGETS.slice(0, 1))(
  'hostile 調査票 uploads to a running server on $name',
  (target) => {
    let h: StaffHarness;
    let server: RunningServer;
    let editor: Browser;
    let form: Buffer;
    const stored = async () => gunzipSync(await backupDatabase(h.handle.db));

    beforeAll(async () => {
      h = await openStaffApp(target);
      const admin = await signedIn(h.app, 'admin');
      await admin.post('/admin/cycles', { fiscal_year: String(FY), due_date: '2026-05-31' });
      await admin.post(`/admin/cycles/${FY}/state`, { to: 'collecting' });
      editor = await signedIn(h.app, 'editorA');
      const download = await editor.get(`/admin/cycles/${FY}/surveys/${A}/workbook`);
      expect(download.status).toBe(200);
      form = Buffer.from(await download.arrayBuffer());
      server = await serveApp(h.app, 0);
    });
    afterAll(async () => {
      await server?.stop();
      await h?.close();
    });

    /** Uploads over HTTP with the editor's session, as the browser's form would. */
    async function upload(name: string, bytes: Buffer): Promise<Response> {
      const body = new FormData();
      body.set('_csrf', editor.csrf ?? '');
      body.set('file', new File([new Uint8Array(bytes)], name));
      return fetch(`${server.url}/admin/cycles/${FY}/surveys/${A}`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: {
          cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          origin: server.url,
          'sec-fetch-site': 'same-origin',
        },
      });
    }

    it('refuses every one while /healthz keeps answering within 1 s, and stores nothing', async () => {
      const target = { sheet: '調査票', cell: `${columnLetter(COL.value)}${FIRST_DATA_ROW}` };
      const files = await Promise.all(
        HOSTILE_CASES.map(async (c) => ({ c, bytes: await c.build(form, target) })),
      );
      const before = await stored();
      const health = pollHealth(server.url);
      const answers: { id: string; status: number; html: string }[] = [];
      try {
        for (const { c, bytes } of files) {
          const response = await upload(`${c.id}.xlsx`, bytes);
          answers.push({ id: c.id, status: response.status, html: await response.text() });
        }
      } finally {
        await health.stop();
      }
      for (const [index, { c }] of files.entries()) {
        const answer = answers[index];
        expect(answer?.status, c.id).toBeGreaterThanOrEqual(400);
        expect(answer?.status, c.id).toBeLessThan(500);
        expect(answer?.html, c.id).toMatch(c.refusal);
        expect(answer?.html, c.id).toMatch(JAPANESE);
      }
      expect(health.failures).toEqual([]);
      // Polls spread over the whole run (each upload takes a worker's start-up at least).
      expect(health.latencies.length).toBeGreaterThan(HOSTILE_CASES.length);
      expect(Math.max(...health.latencies)).toBeLessThan(1000);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await stored()).equals(before)).toBe(true);
    }, 600_000);
  },
);
