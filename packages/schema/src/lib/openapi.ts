import { z } from 'zod';
import type { Access, ErrorStatus, RouteSpec } from './route.js';
import { ERROR_CODES, ErrorBody } from './errors.js';

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
 * The security schemes of the document: both keys travel in `X-Furrow-Key` (the server tells them
 * apart by prefix), a user's session or embed token as a bearer token.
 */
const SECURITY_SCHEMES = {
  publishableKey: { type: 'apiKey', in: 'header', name: 'X-Furrow-Key', description: "A site's publishable key (`pk_…`), bound to the site's allowed origins; safe in pages." },
  secretKey: { type: 'apiKey', in: 'header', name: 'X-Furrow-Key', description: "A site's secret key (`sk_…`), for the partner's server only: refused from browsers." },
  bearer: { type: 'http', scheme: 'bearer', description: 'A session token (`POST /v1/auth/login`), an embed token (`POST /v1/embed-tokens`) or the operator\'s session.' },
} as const;

/**
 * What each {@link Access} level asks for, as OpenAPI security requirements (any one of the
 * listed objects; every scheme inside one object). `signature` routes prove themselves: none.
 */
const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  // A token, when sent with the key, personalises the answer; the secret key works from servers.
  public: [{ publishableKey: [] }, { publishableKey: [], bearer: [] }, { secretKey: [] }],
  user: [{ publishableKey: [], bearer: [] }, { secretKey: [], bearer: [] }],
  instructor: [{ publishableKey: [], bearer: [] }, { secretKey: [], bearer: [] }],
  admin: [{ publishableKey: [], bearer: [] }, { secretKey: [] }],
  secret: [{ secretKey: [] }],
  operator: [{ bearer: [] }],
  signature: [],
};

type Status = ErrorStatus | 413 | 415;

const STATUS_TEXT: Record<Status, string> = {
  400: 'Invalid request', 401: 'No valid key or token', 402: 'Payment required', 403: 'Not allowed',
  404: 'Not found, or not yours', 409: 'Conflict', 413: 'Body too large', 415: 'Wrong Content-Type',
  422: 'Unprocessable', 429: 'Too many requests; see Retry-After',
};

function errorResponse(description: string, codes: string[]): Record<string, unknown> {
  return {
    'x-furrow-codes': codes,
    description: `${description} (\`error.code\`: ${codes.map((c) => `\`${c}\``).join(', ')})`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

/**
 * The 4xx answers a route can give, from what the route table says about it: the stages every
 * request passes (validation, keys, origins, roles, the write limit) and the route's own shape
 * (a body, an id in the path, an idempotency key). A handler may add its own codes on the same
 * statuses (a 409 `slot_taken`); the envelope is always {@link ErrorBody}.
 */
function errorResponses(route: RouteSpec): Record<string, unknown> {
  const codes: Partial<Record<Status, string[]>> = {};
  const add = (status: Status, ...more: string[]) => { codes[status] = [...new Set([...(codes[status] ?? []), ...more])]; };
  add(400, ERROR_CODES.validation);
  if (route.body) add(400, ERROR_CODES.malformedJson);
  if (route.access === 'operator') add(401, ERROR_CODES.invalidKey, ERROR_CODES.unauthenticated, ERROR_CODES.sessionRevoked);
  else if (route.access !== 'signature') add(401, ERROR_CODES.missingKey, ERROR_CODES.invalidKey);
  if (['user', 'instructor', 'admin'].includes(route.access)) add(401, ERROR_CODES.unauthenticated, ERROR_CODES.sessionRevoked);
  if (route.access !== 'signature' && route.access !== 'operator') add(403, ERROR_CODES.originNotAllowed, ERROR_CODES.secretKeyInBrowser, ERROR_CODES.siteSuspended);
  if (!['public', 'signature'].includes(route.access)) add(403, ERROR_CODES.forbidden);
  if (route.params) add(404, ERROR_CODES.notFound);
  if (route.idempotent) {
    add(409, ERROR_CODES.idempotencyInFlight);
    add(422, ERROR_CODES.idempotencyMismatch);
  }
  if (route.body || route.rawBody) {
    add(413, ERROR_CODES.payloadTooLarge);
    add(415, ERROR_CODES.unsupportedMediaType);
  }
  if (route.method !== 'GET') add(429, ERROR_CODES.rateLimited);
  for (const [status, more] of Object.entries(route.errors ?? {})) add(Number(status) as ErrorStatus, ...more);
  return Object.fromEntries(Object.entries(codes).map(([status, list]) => [status, errorResponse(STATUS_TEXT[Number(status) as Status], list)]));
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
        ...errorResponses(route),
      },
      security: SECURITY[route.access],
    };
    if (route.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    } else if (route.rawBody) {
      op.requestBody = {
        required: true,
        content: Object.fromEntries(route.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Furrow API',
      version: options.version ?? '0.1.0',
      description: 'Embeddable learning platform for agriculture education.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: options.serverUrl ? [{ url: options.serverUrl }] : [],
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
    paths,
  };
}
