import { describe, expect, it } from 'vitest';
import { excerpt, excerptJson } from '../../src/http/api/examples.ts';
import { createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { seedPlan } from '../support/plans.ts';

const app = createApp(new SiteData(seedPlan()));
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe('GET /api', () => {
  it('documents every route with parameters, responses and a real example, without scripts', async () => {
    const res = await app.request('/api');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('href="/api/openapi.json"');
    expect(html).not.toContain('<script');
    for (const path of [
      '/api/v1/summary',
      '/api/v1/measures',
      '/api/v1/findings',
      '/api/v1/goals',
      '/api/v1/goals/{code}',
      '/api/v1/measures/{id}',
      '/api/v1/kpis/{id}',
    ]) {
      expect(html).toContain(`<code>GET ${path}</code>`);
    }
    expect(html.match(/<table/g)?.length).toBe(html.match(/<caption/g)?.length);
    const body = text(html);
    expect(body).toContain('GET /api/v1/summary?fy=2024');
    expect(body).toContain('GET /api/v1/measures?fy=R6');
    expect(body).toContain('GET /api/v1/findings?fy=令和6年度');
    expect(body).toContain('"amountThousandYen": 7049270');
    expect(body).toContain('"achievementRate": 502.9122');
    expect(body).toContain('2022（令和4年度）、2023（令和5年度）、2024（令和6年度）');
    expect(body).toContain('CC BY 4.0');
    expect(html).toContain('aria-current="page"');
  });
});

describe('excerpt', () => {
  it('keeps the first item, counts the rest and shortens long text', () => {
    const value = { list: [1, 2, 3], text: 'あ'.repeat(50), deep: { a: { b: { c: { d: 1 } } } } };
    expect(excerpt(value)).toEqual({
      list: [1, '\u0000…（ほか2件）'],
      text: `${'あ'.repeat(40)}…`,
      deep: { a: { b: { c: '\u0000{…}' } } },
    });
    expect(excerptJson([1, 2])).toBe('[\n  1,\n  …（ほか1件）\n]');
  });
});
