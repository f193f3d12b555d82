import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { seedPlan } from '../support/plans.ts';

const app = createApp(new SiteData(seedPlan()));

describe('report downloads on the データ page', () => {
  it('the page links the report in every format', async () => {
    const html = await (await app.request('/data')).text();
    for (const format of ['pdf', 'pptx', 'xlsx', 'html'])
      expect(html).toContain(`/data/report/shinchoku-report.${format}`);
  });

  it.each([
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK'],
    ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'PK'],
    ['pdf', 'application/pdf', '%PDF'],
  ])('%s arrives as an attachment with the Japanese name', async (format, type, magic) => {
    const response = await app.request(`/data/report/shinchoku-report.${format}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="shinchoku-report\./);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe(
      `みやぎ情報化推進ポリシー_令和6年度_進捗報告資料.${format}`,
    );
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, magic.length).toString('latin1')).toBe(magic);
  });

  it('an unknown format is a 404 page', async () => {
    expect((await app.request('/data/report/shinchoku-report.doc')).status).toBe(404);
    expect((await app.request('/data/report/anything.pdf')).status).toBe(404);
  });
});
