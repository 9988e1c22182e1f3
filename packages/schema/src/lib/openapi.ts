import { z } from 'zod';
import type { RouteSpec } from './route.js';
import { ErrorBody } from './errors.js';

/** Options for {@link buildOpenApi}. */
export interface OpenApiOptions {
  title?: string;
  version?: string;
  serverUrl?: string;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/**
 * Builds the OpenAPI 3.1 document from the route table, so the reference can never drift from
 * what the server validates.
 *
 * @example
 * ```ts
 * const doc = buildOpenApi(routes, { version: '0.1.0' });
 * ```
 */
export function buildOpenApi(table: Record<string, RouteSpec>, options: OpenApiOptions = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = jsonSchema(ErrorBody, 'output');
  for (const [operationId, route] of Object.entries(table)) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    if (route.params) {
      const js = jsonSchema(route.params, 'input') as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'path', required: true, schema });
      }
    }
    if (route.query) {
      const js = jsonSchema(route.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema });
      }
    }
    if (route.access !== 'signature') {
      // Operator routes take the operator's session; a site key is optional there and grants nothing.
      parameters.push({ name: 'X-Furrow-Key', in: 'header', required: route.access !== 'operator', schema: { type: 'string' }, description: 'Publishable (pk_…) or secret (sk_…) key' });
    }
    if (route.idempotent) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } });
    }
    const status = String(route.status ?? 200);
    const op: Record<string, unknown> = {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      'x-furrow-access': route.access,
      'x-furrow-scope': route.scope,
      parameters,
      responses: {
        [status]: {
          description: 'Success',
          content: { [route.produces ?? 'application/json']: { schema: route.produces ? { type: 'string' } : jsonSchema(route.response, 'output') } },
        },
        default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    if (route.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    } else if (route.rawBody) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(route.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      };
    }
    if (route.access === 'user' || route.access === 'instructor' || route.access === 'admin' || route.access === 'operator') {
      op.security = [{ bearer: [] }];
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Furrow API',
      version: options.version ?? '0.1.0',
      description: 'Embeddable learning platform for agriculture education.',
    },
    servers: options.serverUrl ? [{ url: options.serverUrl }] : [],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Session or embed token' } },
    },
    paths,
  };
}
