import { OpenAPIHono } from '@hono/zod-openapi';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import { endpointDocs } from '../api/endpoint-docs.ts';
import { apiExamples } from '../api/examples.ts';
import { API_BASE, openApiDocument } from '../api/openapi-document.ts';
import { rejectInvalid, yearOf } from '../api/params.ts';
import { goalFor, goalTreeFor, kpiFor, measureFor, summaryFor } from '../api/resolvers.ts';
import {
  findingsRoute,
  goalRoute,
  goalsRoute,
  kpiRoute,
  measureRoute,
  measuresRoute,
  summaryRoute,
} from '../api/route-definitions.ts';
import type { AppEnv } from '../context.ts';
import { ApiPage } from '../views/api-page.tsx';
import { renderPage } from '../views/page.tsx';

/**
 * The JSON API under /api/v1 (the same contracts as the CLI's --format json), its OpenAPI 3.1 document generated
 * from the route schemas at /api/openapi.json, and the human page at /api. Bad parameters are thrown by
 * rejectInvalid / yearOf and answered as JSON 400 by the app's onError (errors.ts), unknown ids as 404.
 */
const api = new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid })
  .openapi(summaryRoute, (c) => c.json(summaryFor(c.get('site'), yearOf(c, c.req.valid('query').fy)), 200))
  .openapi(measuresRoute, (c) =>
    c.json(c.get('site').evaluationOutput(yearOf(c, c.req.valid('query').fy)), 200),
  )
  .openapi(findingsRoute, (c) => c.json(c.get('site').findings(yearOf(c, c.req.valid('query').fy)), 200))
  .openapi(goalsRoute, (c) => c.json(goalTreeFor(c.get('site')), 200))
  .openapi(goalRoute, (c) => c.json(goalFor(c.get('site'), c.req.valid('param').code), 200))
  .openapi(measureRoute, (c) =>
    c.json(measureFor(c.get('site'), c.req.valid('param').id, yearOf(c, c.req.valid('query').fy)), 200),
  )
  .openapi(kpiRoute, (c) =>
    c.json(kpiFor(c.get('site'), c.req.valid('param').id, yearOf(c, c.req.valid('query').fy)), 200),
  );

let document: ReturnType<typeof openApiDocument> | undefined;
/** The document depends only on the route schemas, so it is generated once. */
const apiDocument = () => {
  document ??= openApiDocument(api);
  return document;
};

export const apiRoutes = api
  .get('/openapi.json', (c) => c.json(apiDocument()))
  .get('/', (c) => {
    const site = c.get('site');
    return renderPage(
      c,
      'API',
      ApiPage({
        endpoints: endpointDocs(apiDocument()),
        examples: apiExamples(site),
        documentUrl: `${API_BASE}/openapi.json`,
        years: site.years.map((fy) => ({ fy, label: formatFiscalYear(fy) })),
        defaultYearLabel: formatFiscalYear(site.defaultYear),
      }),
    );
  });
