import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { EvaluationOutput } from '../../src/domain/output/evaluation-output.ts';
import type { FindingsOutput } from '../../src/domain/output/findings-output.ts';
import type { KpiOutput, ValueOutput } from '../../src/domain/output/kpi-output.ts';
import type { SummaryOutput } from '../../src/domain/output/summary-output.ts';
import type {
  evaluationSchema,
  findingsSchema,
  kpiSchema,
  summarySchema,
  valueSchema,
} from '../../src/http/api/contract-schemas.ts';
import type { GoalTreeOutput } from '../../src/http/api/goal-resources.ts';
import type { KpiDetailOutput, MeasureDetailOutput } from '../../src/http/api/kpi-resources.ts';
import type {
  goalTreeSchema,
  kpiDetailSchema,
  measureDetailSchema,
} from '../../src/http/api/resource-schemas.ts';
import { createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { seedPlan } from '../support/plans.ts';

const app = createApp(new SiteData(seedPlan()));

// The zod schemas the document is generated from and the TypeScript types the routes return must agree both ways:
// a field added to a contract without documenting it (or documented but not returned) fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchContracts: [
  Same<z.output<typeof valueSchema>, ValueOutput>,
  Same<z.output<typeof kpiSchema>, KpiOutput>,
  Same<z.output<typeof summarySchema>, SummaryOutput>,
  Same<z.output<typeof evaluationSchema>, EvaluationOutput>,
  Same<z.output<typeof findingsSchema>, FindingsOutput>,
  Same<z.output<typeof goalTreeSchema>, GoalTreeOutput>,
  Same<z.output<typeof measureDetailSchema>, MeasureDetailOutput>,
  Same<z.output<typeof kpiDetailSchema>, KpiDetailOutput>,
] = [true, true, true, true, true, true, true, true];

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; example?: string }[];
  responses: Record<string, { content?: { 'application/json'?: { schema: object } } }>;
}
interface Document {
  openapi: string;
  info: { title: string; description: string };
  servers: { url: string }[];
  paths: Record<string, { get?: Operation }>;
  components: { schemas: Record<string, object> };
}

const document = (await (await app.request('/api/openapi.json')).json()) as Document;
const operations = Object.entries(document.paths).map(([path, item]) => {
  if (item.get === undefined) throw new Error(`${path} has no GET`);
  return { path, operation: item.get };
});

// Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) over the document's components. `strict` adds
// additionalProperties: false everywhere, so that a response field the document does not describe is caught.
const SCHEMAS_ID = 'urn:shinchoku:schemas';
function compilerFor(strict: boolean) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addKeyword('example');
  const prepare = (schema: object) => {
    const json = JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMAS_ID}#/$defs/`);
    return JSON.parse(json, (_key, value) =>
      strict &&
      value &&
      typeof value === 'object' &&
      'properties' in value &&
      !('additionalProperties' in value)
        ? { ...value, additionalProperties: false }
        : value,
    );
  };
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: prepare(document.components.schemas) });
  return (schema: object): ValidateFunction => ajv.compile(prepare(schema));
}
const compileLoose = compilerFor(false);
const compileStrict = compilerFor(true);

const responseSchema = (operation: Operation, status: string): object => {
  const schema = operation.responses[status]?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error(`${operation.operationId} documents no JSON ${status}`);
  return schema;
};

/** The example request of an operation, from the parameter examples of the document itself. */
const exampleUrl = (path: string, operation: Operation, query = true): string => {
  let url = `${document.servers[0]?.url}${path}`;
  const search = new URLSearchParams();
  for (const p of operation.parameters ?? []) {
    if (p.example === undefined)
      throw new Error(`${operation.operationId}: parameter ${p.name} has no example`);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(p.example));
    if (p.in === 'query' && query) search.set(p.name, p.example);
  }
  return search.size > 0 ? `${url}?${search}` : url;
};

const errorsOf = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(schemasMatchContracts.every(Boolean)).toBe(true);
  });

  it('describes the API in Japanese and English, on a relative server URL', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toContain('API');
    expect(document.info.description).toMatch(/[\u3040-\u30ff]/);
    expect(document.info.description).toContain('A read-only API');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/api' })]);
  });

  it('documents every route with its parameters, 200 and 400 (and 404 where an id or year can be missing)', () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/findings',
      '/v1/goals',
      '/v1/goals/{code}',
      '/v1/kpis/{id}',
      '/v1/measures',
      '/v1/measures/{id}',
      '/v1/summary',
    ]);
    for (const { path, operation } of operations) {
      expect(Object.keys(operation.responses), path).toEqual(
        expect.arrayContaining(
          path.includes('{') || path === '/v1/summary' ? ['200', '400', '404'] : ['200', '400'],
        ),
      );
      const names = (operation.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) expect(names, path).toContain(`path:${name}`);
      if (!path.startsWith('/v1/goals')) expect(names, path).toContain('query:fy');
    }
  });
});

describe('every documented route answers as documented', () => {
  it.each(operations)('$path: 200 with a body matching its schema exactly', async ({ path, operation }) => {
    const url = exampleUrl(path, operation);
    const res = await app.request(url);
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    const loose = compileLoose(responseSchema(operation, '200'));
    expect(loose(body), errorsOf(loose).join('\n')).toBe(true);
    const strict = compileStrict(responseSchema(operation, '200'));
    expect(strict(body), `undocumented fields:\n${errorsOf(strict).join('\n')}`).toBe(true);
  });

  it.each(operations)('$path: 400 with the documented error body', async ({ path, operation }) => {
    const url = `${exampleUrl(path, operation, false)}?no-such-parameter=1`;
    const res = await app.request(url);
    expect(res.status, url).toBe(400);
    const validate = compileStrict(responseSchema(operation, '400'));
    expect(validate(await res.json()), errorsOf(validate).join('\n')).toBe(true);
  });

  it.each(operations.filter((o) => o.path.includes('{')))(
    '$path: 404 with the documented error body for an unknown id',
    async ({ path, operation }) => {
      const url = `${document.servers[0]?.url}${path.replace(/\{\w+\}/, 'no-such-id')}`;
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
      const validate = compileStrict(responseSchema(operation, '404'));
      expect(validate(await res.json()), errorsOf(validate).join('\n')).toBe(true);
    },
  );
});

describe('the documented schemas', () => {
  it('accept every year the site serves, not just the example', async () => {
    for (const fy of [2023, 2024]) {
      for (const [path, name] of [
        ['/v1/summary', 'Summary'],
        ['/v1/measures', 'Evaluation'],
        ['/v1/findings', 'Findings'],
      ] as const) {
        const body = await (await app.request(`/api${path}?fy=${fy}`)).json();
        const validate = compileStrict({ $ref: `#/components/schemas/${name}` });
        expect(validate(body), `${path}?fy=${fy}: ${errorsOf(validate).join('\n')}`).toBe(true);
      }
    }
  });

  it('do not let null into a shared component (a nullable use is anyOf [$ref, null])', () => {
    const value = document.components.schemas.Value as { type: unknown };
    expect(value.type).toBe('object');
  });
});
