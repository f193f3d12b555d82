/**
 * The operations of the generated OpenAPI document in the plain shape the /api page lists, so that the page and
 * /api/openapi.json can never describe different routes or parameters.
 */
import { API_BASE } from './openapi-document.ts';

export interface EndpointDoc {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly {
    name: string;
    in: string;
    required: boolean;
    description: string;
    example: string;
  }[];
  readonly responses: readonly { status: string; description: string }[];
}

interface OperationLike {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: unknown[];
  responses?: Record<string, { description?: string }>;
}

interface ParameterLike {
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: { example?: unknown; description?: string };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Lists the document's operations in document order. */
export function endpointDocs(document: { paths?: Record<string, unknown> }): EndpointDoc[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Partial<Record<string, OperationLike>>)[method];
      if (operation === undefined) return [];
      return [
        {
          method: method.toUpperCase(),
          path: `${API_BASE}${path}`,
          operationId: operation.operationId ?? '',
          summary: operation.summary ?? '',
          description: operation.description ?? '',
          parameters: (operation.parameters ?? []).map((raw) => {
            const p = raw as ParameterLike;
            const example = p.example ?? p.schema?.example;
            return {
              name: p.name ?? '',
              in: p.in ?? '',
              required: p.required === true,
              description: p.description ?? p.schema?.description ?? '',
              example: example === undefined ? '' : String(example),
            };
          }),
          responses: Object.entries(operation.responses ?? {}).map(([status, r]) => ({
            status,
            description: r.description ?? '',
          })),
        },
      ];
    }),
  );
}
