import { Hono } from 'hono';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { DATA_LICENCE } from '../../io/csv/table-columns.ts';
import { FILE_CONVENTIONS, summariseTables } from '../../io/csv/table-description.ts';
import { attachmentDisposition } from '../api/content-disposition.ts';
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
        tables={summariseTables(tablesOf(plan))}
        conventions={FILE_CONVENTIONS}
        licence={DATA_LICENCE}
      />,
    );
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
