import { Hono } from 'hono';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { buildReport } from '../../domain/report/report-model.ts';
import { DATA_LICENCE } from '../../io/csv/table-columns.ts';
import { FILE_CONVENTIONS, summariseTables } from '../../io/csv/table-description.ts';
import { REPORT_FORMATS, REPORT_RENDERERS } from '../../io/report/report-renderers.ts';
import { ChromiumMissingError } from '../../io/report-pdf/index.ts';
import { attachmentDisposition, safeFileName } from '../api/content-disposition.ts';
import { downloadOf, downloadSpec, downloadsOf, tablesOf } from '../api/downloads.ts';
import type { AppEnv } from '../context.ts';
import { AppError } from '../errors.ts';
import { DataPage } from '../views/data-page.tsx';
import { renderPage } from '../views/page.tsx';

const downloadHref = (file: string) => `/data/download/${file}`;

/** The データ page and its downloads (/data/download/<file>), generated on first request and kept per plan. */
export const dataRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { plan } = c.get('site');
    const downloads = await downloadsOf(plan);
    return renderPage(
      c,
      'データ',
      <DataPage
        planName={plan.document.plan.name}
        organisation={plan.document.organisation.name}
        reportYearLabel={formatFiscalYear(plan.reportYear)}
        files={downloads.map((d) => ({
          href: downloadHref(d.spec.file),
          name: d.name,
          format: d.spec.format,
          encoding: d.spec.encoding,
          description: d.spec.description,
          size: d.ok ? { bytes: d.bytes.length } : { unavailable: d.reason },
        }))}
        reports={REPORT_FORMATS.map((format) => ({
          href: `/data/report/shinchoku-report.${format}`,
          label: REPORT_RENDERERS[format].label,
        }))}
        tables={summariseTables(tablesOf(plan))}
        conventions={FILE_CONVENTIONS}
        licence={DATA_LICENCE}
      />,
    );
  })
  .get('/report/:file', async (c) => {
    // 「進捗報告資料_令和6年度.pdf」: the annual report of the report year, rendered on request (cached by URL).
    const match = /^shinchoku-report\.([a-z]+)$/.exec(c.req.param('file'));
    const format = REPORT_FORMATS.find((f) => f === match?.[1]);
    if (format === undefined) throw new AppError('not_found', 'その形式の進捗報告資料はありません。');
    const site = c.get('site');
    const { plan } = site;
    const spec = REPORT_RENDERERS[format];
    let bytes: Buffer;
    try {
      bytes = await spec.render(buildReport(plan, site.evaluation(plan.reportYear)));
    } catch (e) {
      if (e instanceof ChromiumMissingError) throw new AppError('not_found', e.message);
      throw e;
    }
    const name = safeFileName(
      `${plan.document.plan.name}_${formatFiscalYear(plan.reportYear)}_進捗報告資料.${format}`,
      `shinchoku-report.${format}`,
    );
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': spec.contentType,
      'Content-Length': String(bytes.length),
      'Content-Disposition': attachmentDisposition(name, `shinchoku-report.${format}`),
    });
  })
  .get('/download/:file', async (c) => {
    const spec = downloadSpec(c.req.param('file'));
    if (spec === undefined)
      throw new AppError('not_found', 'そのファイルはありません。データのページから選んでください。');
    const download = await downloadOf(c.get('site').plan, spec);
    if (!download.ok)
      throw new AppError(
        'not_found',
        `このファイルは提供できません（${download.reason}）。ほかの形式をご利用ください。`,
      );
    return c.body(new Uint8Array(download.bytes), 200, {
      'Content-Type': spec.contentType,
      'Content-Length': String(download.bytes.length),
      'Content-Disposition': attachmentDisposition(download.name, spec.file),
    });
  });
