/**
 * The bad-input storm: requests generated with fast-check from the OpenAPI document (every
 * operation, plus the HTML pages outside the table), each one bent in some way — wrong types,
 * missing and extra fields, huge strings and arrays, unicode edge cases, invalid ids, negative
 * and float money, bad dates and time zones, malformed JSON, wrong content types, oversized
 * bodies, bad cursors, weird headers. {@link runStorm} sends them and tallies what came back.
 *
 * Used by `storm.test.ts` (a fixed seed, CI-sized) and `scripts/fuzz.ts` (≥ 10,000 requests).
 */
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { buildOpenApi, routes, type RouteSpec } from '@furrow/schema';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, any>;

/** One operation of the OpenAPI document. */
export interface StormOp {
  id: string;
  method: string;
  /** Path with `:name` placeholders. */
  path: string;
  access: string;
  pathParams: string[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
  rawTypes: string[] | null;
  idempotent: boolean;
  /** Outside the route table (HTML pages): refusals may be HTML, not the JSON error shape. */
  extra: boolean;
}

/** Who sends a request. Tokens are looked up by name in {@link StormTarget.tokens}. */
export type Identity = 'none' | 'publishable' | 'secret' | 'wrong-origin' | 'bad-token' | string;

/** What the storm talks to. */
export interface StormTarget {
  url: string;
  publishableKey: string;
  secretKey: string;
  /** Bearer tokens by identity name (`learner`, `instructor`, …). */
  tokens: Record<string, string>;
  /** Real ids of every kind (courses, lessons, slots, …), so some requests get past the 404s. */
  ids: string[];
}

/** One generated request. */
export interface StormRequest {
  op: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  label: string;
}

/** A response worth showing. */
export interface StormSample {
  req: { op: string; method: string; path: string; label: string };
  status: number;
  body: string;
}

/** Tally of a storm. */
export interface StormResult {
  sent: number;
  byStatus: Record<string, number>;
  byOp: Record<string, number>;
  fiveXX: StormSample[];
  badShape: StormSample[];
  /** Requests the client itself could not send (a header Node refuses to write). */
  unsendable: number;
  ms: number;
}

/** The operations of the API, from the OpenAPI document, plus the HTML routes outside it. */
export function stormOperations(): StormOp[] {
  const doc = buildOpenApi(routes as unknown as Record<string, RouteSpec>) as { paths: Record<string, Record<string, any>> };
  const ops: StormOp[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as { name: string; in: string; schema: Schema; required: boolean }[];
      const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      const json = content?.['application/json'] && !('format' in (content['application/json'].schema ?? {})) ? content['application/json'].schema : null;
      const raw = content && !json ? Object.keys(content) : op.operationId === 'webhooks.stripe' ? ['application/json'] : null;
      ops.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path: path.replace(/\{(\w+)\}/g, ':$1'),
        access: op['x-furrow-access'],
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required })),
        body: op.operationId === 'webhooks.stripe' ? null : json,
        rawTypes: raw,
        idempotent: params.some((p) => p.name === 'Idempotency-Key'),
        extra: false,
      });
    }
  }
  const extra = (method: string, path: string, query: StormOp['query'] = []): StormOp => ({
    id: `page ${method} ${path}`, method, path, access: 'public', pathParams: path.includes(':id') ? ['id'] : [], query, body: null,
    rawTypes: method === 'POST' ? ['application/x-www-form-urlencoded'] : null, idempotent: false, extra: true,
  });
  const str = { type: 'string' };
  ops.push(
    extra('GET', '/sandbox/checkout/:id'), extra('POST', '/sandbox/checkout/:id/pay'), extra('POST', '/sandbox/checkout/:id/cancel'),
    extra('GET', '/embed/lessons/:id', [{ name: 'key', schema: str, required: true }, { name: 'locale', schema: str, required: false }]),
    extra('GET', '/embed/courses/:id', [{ name: 'key', schema: str, required: true }, { name: 'maxwidth', schema: str, required: false }]),
    extra('GET', '/oembed', [{ name: 'url', schema: str, required: true }, { name: 'format', schema: str, required: false }, { name: 'maxwidth', schema: { type: 'integer' }, required: false }]),
    extra('GET', '/embed.js'),
  );
  return ops;
}

// ---------------------------------------------------------------- edge values

/** Strings that have broken parsers, databases and renderers before. */
export const EDGE_STRINGS: readonly string[] = [
  '', ' ', '\t\n', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83Dy', '\uDC00\uD800', '\u202Eevil\u202C', '\u200F\u05E9\u05DC\u05D5\u05DD',
  '\uFEFF', '\u200B\u200B', '👨‍👩‍👧‍👦', '🏳️‍🌈🧑🏽‍🌾', 'क्षत्रिय', 'क़ि\u093C\u093C\u093C\u0941\u0941', 'मराठी शेती', 'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̸̡̛̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' OR 1=1 --", "'; DROP TABLE users; --", '${7*7}{{7*7}}', '%00', '%', '%zz',
  '../../../../etc/passwd', '\\\\server\\share', 'null', 'undefined', 'NaN', '__proto__', 'constructor', 'true', '-1', '1e309', '0x10',
  'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'https://', 'http://[::1', 'file:///etc/passwd', 'mailto:a@b',
  'a@b', 'test@', '@example.org', 'x'.repeat(201), 'x'.repeat(2001), 'क'.repeat(5000), '😀'.repeat(3000),
];

const HUGE_STRING = 'A'.repeat(70_000);
const EDGE_NUMBERS: readonly Json[] = [-1, -0.5, 0.5, 1.5, 99.999, -2_000_000_001, 2_000_000_001, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 0, 1e-320, '100', '1e3', true];
const EDGE_DATES: readonly string[] = [
  '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00+25:00',
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '1970-01-01T00:00:00Z', 'yesterday', '1700000000', '2026-01-01T00:00:00.123456789Z',
  '2026-03-29T02:30:00+01:00', '2025-06-15T10:00:00-12:00', '2025-06-15T10:00:00+14:00',
];
const EDGE_TZ: readonly string[] = ['Mars/Olympus_Mons', 'Asia/Calcutta', 'UTC', 'Etc/GMT+14', 'America/Argentina/ComodRivadavia', 'Asia/Kolkata\u0000', '+05:30', 'EST5EDT', 'x'.repeat(65), ''];
const EDGE_MONEY: readonly Json[] = [
  { amount: -100, currency: 'INR' }, { amount: 10.5, currency: 'INR' }, { amount: 1e21, currency: 'USD' }, { amount: 100, currency: 'EUR' },
  { amount: 100, currency: 'inr' }, { amount: '100', currency: 'INR' }, { amount: 100 }, { currency: 'INR' }, { amount: null, currency: null },
];

function randomId(): string {
  return randomUUID();
}

const BAD_IDS: readonly string[] = [
  'not-a-uuid', '1', '-1', '0', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'ABCDEF00-1234-4ABC-8DEF-0123456789AB',
  '0b6f2d1e-1c2a-4c7e-9a57-6f0f3c2d9b1', "1' OR '1'='1", '%2e%2e%2f', '%00', '%E0%A4', '%F0%9F%98%80', 'null', 'x'.repeat(501), '😀',
];

/** A path segment for an id: a real id of some kind, a random uuid, or something that is not an id. */
function idSegment(ids: readonly string[]): fc.Arbitrary<string> {
  const real = ids.length ? fc.constantFrom(...ids) : fc.constant(randomId());
  return fc.oneof(
    { weight: 5, arbitrary: real },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: fc.constantFrom(...BAD_IDS).map((s) => (/%/.test(s) ? s : encodeURIComponent(s))) },
  );
}

/** Any value that does not belong where it is put. */
function edgeValue(ids: readonly string[]): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_DATES) },
    { weight: 1, arbitrary: fc.constantFrom(...EDGE_TZ) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_MONEY) },
    { weight: 2, arbitrary: fc.constantFrom<Json>(null, [], {}, [null], [[[]]], { __proto__: { admin: true } } as Json, true, false) },
    { weight: 1, arbitrary: fc.constant(HUGE_STRING) },
    { weight: 1, arbitrary: fc.constantFrom<Json>(Array.from({ length: 5000 }, (_, i) => i), Array.from({ length: 600 }, () => ({ a: 'b' }))) },
    { weight: 2, arbitrary: idSegment(ids).map((s) => { try { return decodeURIComponent(s); } catch { return s; } }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  );
}

// ---------------------------------------------------------------- values from JSON Schema

/** A value that (mostly) satisfies a JSON Schema, so mutations land one step from valid. */
function fromSchema(schema: Schema | undefined, ids: readonly string[], depth = 0): fc.Arbitrary<Json> {
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...(schema.enum as Json[]));
  const alts = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alts) && alts.length) return fc.oneof(...alts.map((s: Schema) => fromSchema(s, ids, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
      if (schema.format === 'date-time') return fc.integer({ min: -48, max: 24 * 60 }).map((h) => new Date(Date.UTC(2030, 0, 1) + h * 3_600_000).toISOString());
      if (schema.format === 'email') return fc.constantFrom('storm@example.org', 'कृषि@example.in', 'a+b@example.org');
      if (schema.format === 'uri' || /url/i.test(String(schema.description ?? ''))) return fc.constantFrom('https://coop.example.org/x', 'http://localhost:5173/back');
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
      return fc.oneof(
        fc.string({ minLength: min, maxLength: max }),
        fc.constantFrom('Drip irrigation', 'ड्रिप सिंचाई', 'खरीप पेरणी', 'Asia/Kolkata', 'en', 'https://coop.example.org/a').filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 1e9)),
      );
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1_000_000), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items, ids, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object':
    case undefined: {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(schema.required ?? []);
      if (!Object.keys(props).length) return fc.constant({});
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = fromSchema(s, ids, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) }) as fc.Arbitrary<Json>;
    }
    default:
      return fc.constant(null);
  }
}

/** Paths (as key lists) of every value inside `v`. */
function pathsOf(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...prefix, i]); pathsOf(x, [...prefix, i], out); });
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push([...prefix, k]); pathsOf(x, [...prefix, k], out); }
  return out;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(root);
  let node: any = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/** A body one or more steps away from valid. */
function badBody(schema: Schema, ids: readonly string[]): fc.Arbitrary<{ json: Json; label: string }> {
  const base = fromSchema(schema, ids);
  const extraKeys = ['__proto__', 'constructor', 'prototype', 'isCorrect', 'acceptedAnswers', 'role', 'userId', 'id', 'status', 'passwordHash', 'price', 'x'.repeat(300), '😀'];
  return fc.oneof(
    { weight: 1, arbitrary: base.map((json) => ({ json, label: 'valid-ish body' })) },
    {
      weight: 6,
      arbitrary: base.chain((json) => {
        const paths = pathsOf(json);
        if (!paths.length) return edgeValue(ids).map((v) => ({ json: v, label: 'body replaced' }));
        return fc.tuple(fc.integer({ min: 0, max: paths.length - 1 }), edgeValue(ids)).map(([i, v]) => ({ json: setAt(json, paths[i], v), label: `field ${paths[i].join('.')} bent` }));
      }),
    },
    {
      weight: 2,
      arbitrary: base.chain((json) => {
        const paths = pathsOf(json);
        if (!paths.length) return fc.constant({ json: null as Json, label: 'null body' });
        return fc.integer({ min: 0, max: paths.length - 1 }).map((i) => ({ json: setAt(json, paths[i], undefined), label: `field ${paths[i].join('.')} missing` }));
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(base, fc.constantFrom(...extraKeys), edgeValue(ids)).map(([json, k, v]) => {
        const o = json && typeof json === 'object' && !Array.isArray(json) ? { ...json } : {};
        Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
        return { json: o as Json, label: `extra field ${k.slice(0, 20)}` };
      }),
    },
    { weight: 1, arbitrary: edgeValue(ids).map((json) => ({ json, label: 'body is not an object' })) },
    { weight: 1, arbitrary: fc.constant({ json: {} as Json, label: 'empty object' }) },
  );
}

const MALFORMED: readonly string[] = [
  '{', '{"a":', 'nul', '{"a":1}{"b":2}', "{'a':1}", '{"a":NaN}', '[1,2,', '\uFEFF{}', '{"a":1e999999}', '"\\ud800"', '{"a":"\\u0000"}',
  '{"__proto__":{"isAdmin":true}}', '[' .repeat(20_000) + ']'.repeat(20_000), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), '\u0000\u0001\u0002', 'true', '42',
];

// ---------------------------------------------------------------- request arbitrary

interface Envelope {
  identity: Identity;
  contentType: string | null;
  headerTrick: string;
  idemKey: string | null;
  method: string | null;
}

/** Builds the arbitrary of requests for `ops` with `identities` as callers. */
export function requestArbitrary(ops: StormOp[], target: StormTarget, identities: Identity[]): fc.Arbitrary<StormRequest> {
  const ids = target.ids;
  const envelope: fc.Arbitrary<Envelope> = fc.record({
    identity: fc.constantFrom(...identities),
    contentType: fc.oneof(
      { weight: 12, arbitrary: fc.constant('application/json') },
      { weight: 3, arbitrary: fc.constantFrom<string | null>(null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/vnd.api+json', 'application/xml', 'APPLICATION/JSON', '*/*', 'application/json, text/plain') },
    ),
    headerTrick: fc.oneof(
      { weight: 14, arbitrary: fc.constant('none') },
      { weight: 3, arbitrary: fc.constantFrom('huge-auth', 'basic-auth', 'bearer-empty', 'bearer-two', 'lowercase-bearer', 'sk-as-bearer', 'long-key', 'sk-garbage', 'null-origin', 'evil-origin', 'weird-request-id', 'forwarded', 'if-none-match', 'accept-weird', 'dup-query', 'array-query', 'huge-query', 'expired-token', 'deleted-user-token', 'device-garbage') },
    ),
    idemKey: fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(201), 'x'.repeat(4000), 'storm-fixed-key', 'ä\u00ff', '../../key', 'a,b', '"quoted"') },
    ),
    method: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE') }),
  });

  const perOp = ops.map((op) => {
    const pathArb = op.pathParams.length
      ? fc.tuple(...op.pathParams.map(() => idSegment(ids))).map((segs) => {
          let p = op.path;
          op.pathParams.forEach((name, i) => (p = p.replace(`:${name}`, segs[i])));
          return p;
        })
      : fc.constant(op.path);
    const queryArb = fc.array(
      fc.oneof(
        ...(op.query.length
          ? [
              fc.tuple(fc.constantFrom(...op.query), fc.oneof(fromSchema({}, ids), edgeValue(ids))).chain(([q, v]) =>
                fc.oneof(fromSchema(q.schema, ids), fc.constant(v)).map((val) => [q.name, typeof val === 'string' ? val : JSON.stringify(val)] as [string, string])),
            ]
          : []),
        fc.tuple(fc.constantFrom('cursor', 'limit', 'q', 'sort', '__proto__', 'toString', 'x'), fc.oneof(fc.constantFrom('eyJhIjoxfQ', 'AAAA', '', '-1', '0', '101', '1.5', 'garbage!!', 'x'.repeat(600), 'bnVsbA', 'e30', 'WzEsMl0'), fc.string({ unit: 'binary', maxLength: 20 }))) as fc.Arbitrary<[string, string]>,
      ),
      { maxLength: 4 },
    );
    const bodyArb: fc.Arbitrary<{ buf: Buffer | null; label: string }> = op.body
      ? fc.oneof(
          { weight: 8, arbitrary: badBody(op.body, ids).map(({ json, label }) => ({ buf: Buffer.from(JSON.stringify(json) ?? 'null'), label })) },
          { weight: 2, arbitrary: fc.constantFrom(...MALFORMED).map((s) => ({ buf: Buffer.from(s), label: 'malformed JSON' })) },
          { weight: 1, arbitrary: fc.constant({ buf: Buffer.alloc(300 * 1024, 'a'), label: 'oversized body' }) },
          { weight: 1, arbitrary: fc.constant({ buf: null, label: 'no body' }) },
        )
      : op.rawTypes
        ? fc.oneof(
            fc.constantFrom('', 'token=x&method=upi', '{"id":"evt_1","type":"checkout.session.completed"}', 'x'.repeat(1000)).map((s) => ({ buf: Buffer.from(s), label: 'raw body' })),
            fc.constant({ buf: Buffer.alloc(600 * 1024, 'b'), label: 'oversized raw body' }),
            fc.constantFrom(...MALFORMED).map((s) => ({ buf: Buffer.from(s), label: 'malformed raw body' })),
          )
        : fc.oneof(
            { weight: 6, arbitrary: fc.constant({ buf: null, label: 'no body' }) },
            { weight: 2, arbitrary: fc.constantFrom(...MALFORMED).map((s) => ({ buf: Buffer.from(s), label: 'unexpected malformed body' })) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((j) => ({ buf: Buffer.from(JSON.stringify(j) ?? 'null'), label: 'unexpected body' })) },
          );
    return fc.tuple(pathArb, queryArb, bodyArb, envelope).map(([path, query, body, env]) => build(op, path, query, body, env, target));
  });
  return fc.oneof(...perOp);
}

function build(op: StormOp, path: string, query: [string, string][], body: { buf: Buffer | null; label: string }, env: Envelope, target: StormTarget): StormRequest {
  const headers: Record<string, string> = {};
  let token: string | null = null;
  switch (env.identity) {
    case 'none': break;
    case 'publishable': headers['x-furrow-key'] = target.publishableKey; break;
    case 'secret': headers['x-furrow-key'] = target.secretKey; break;
    case 'wrong-origin': headers['x-furrow-key'] = target.publishableKey; headers.origin = 'https://evil.example'; token = target.tokens.learner ?? null; break;
    case 'bad-token': headers['x-furrow-key'] = target.publishableKey; token = 'ftk_' + 'z'.repeat(40); break;
    default: headers['x-furrow-key'] = target.publishableKey; token = target.tokens[env.identity] ?? null;
  }
  // Signing out would end the storm's own session for every request after it: those two
  // routes get an already-ended session (the authorization matrix signs out for real).
  if (token && (op.id === 'auth.logout' || op.id === 'auth.logoutAll')) token = target.tokens.revoked ?? 'ftk_revoked';
  if (token) headers.authorization = `Bearer ${token}`;
  // Node refuses request heads over 16 KiB before any handler runs (431, tested on its own).
  const qs = new URLSearchParams(query.map(([k, v]) => [k, v.slice(0, 300)]));
  switch (env.headerTrick) {
    case 'huge-auth': headers.authorization = `Bearer ${'A'.repeat(6_000)}`; break;
    case 'device-garbage': headers['x-furrow-device'] = 'fdv_' + '\u00ff<>'.repeat(300); break;
    case 'basic-auth': headers.authorization = 'Basic YWRtaW46YWRtaW4='; break;
    case 'bearer-empty': headers.authorization = 'Bearer '; break;
    case 'bearer-two': headers.authorization = `Bearer ${token ?? 'a'} extra`; break;
    case 'lowercase-bearer': if (token) headers.authorization = `bearer ${token}`; break;
    case 'sk-as-bearer': headers.authorization = `Bearer ${target.secretKey}`; break;
    case 'long-key': headers['x-furrow-key'] = 'pk_' + 'k'.repeat(5000); break;
    case 'sk-garbage': headers['x-furrow-key'] = 'sk_live_' + 'g'.repeat(30); break;
    case 'null-origin': headers.origin = 'null'; break;
    case 'evil-origin': headers.origin = 'http://localhost.evil.example'; break;
    case 'weird-request-id': headers['x-request-id'] = '../../<script>' + 'r'.repeat(100); break;
    case 'forwarded': headers['x-forwarded-for'] = '999.1.1.1, <x>'; headers['x-forwarded-proto'] = 'gopher'; break;
    case 'if-none-match': headers['if-none-match'] = '"' + 'e'.repeat(300) + '"'; break;
    case 'accept-weird': headers.accept = 'text/html;q=0.1, */*;q=2'; headers['accept-encoding'] = 'gzip;q=x, br, zstd'; break;
    case 'dup-query': qs.append('limit', '5'); qs.append('limit', 'abc'); break;
    case 'array-query': qs.append('limit[]', '1'); qs.append('cursor[a]', 'b'); break;
    case 'huge-query': qs.append('q', 'क'.repeat(700)); break;
    case 'expired-token': headers.authorization = `Bearer ${target.tokens.revoked ?? 'ftk_expired'}`; break;
    case 'deleted-user-token': headers.authorization = `Bearer ${target.tokens.deleted ?? 'ftk_deleted'}`; break;
  }
  if (op.idempotent && env.idemKey !== null) headers['idempotency-key'] = env.idemKey;
  const method = env.method ?? op.method;
  const hasBody = body.buf !== null && method !== 'GET' && method !== 'HEAD';
  if (hasBody) {
    const ct = op.rawTypes && !op.body ? (env.contentType === 'application/json' ? op.rawTypes[0] : env.contentType) : env.contentType;
    if (ct) headers['content-type'] = ct;
  }
  const q = qs.toString();
  return { op: op.id, method, path: q ? `${path}?${q}` : path, headers, body: hasBody ? body.buf : null, label: `${body.label}; ${env.identity}; ${env.headerTrick}` };
}

// ---------------------------------------------------------------- sending

/** Sends one request with `node:http` (fetch refuses some of the headers the storm needs). */
export function send(url: string, r: Pick<StormRequest, 'method' | 'path' | 'headers' | 'body'>, timeoutMs = 30_000): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    let req;
    try {
      req = httpRequest({ host: u.hostname, port: u.port, method: r.method, path: r.path, headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) }, agent: false });
    } catch (err) {
      return reject(Object.assign(err as Error, { unsendable: true }));
    }
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${r.method} ${r.path.slice(0, 120)}`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server may answer 413 and close before reading an oversized body: that is a refusal.
      if ((err.code === 'EPIPE' || err.code === 'ECONNRESET') && r.body && r.body.length > 256 * 1024) resolve({ status: 413, headers: {}, body: '{"error":{"code":"payload_too_large","message":"closed early","requestId":"client"}}' });
      else reject(err);
    });
    if (r.body) req.end(r.body);
    else req.end();
  });
}

/**
 * 5xx answers a specification requires: oEmbed providers answer 501 to a `format` they do not
 * serve (oembed.com, section 2.3.4). Everything else ≥ 500 is a failure.
 */
export function specified5xx(op: string, status: number, body: string): boolean {
  return op === 'page GET /oembed' && status === 501 && body.includes('"format_not_implemented"');
}

/** Whether a body is the Furrow error shape `{error:{code,message,requestId}}`. */
export function isErrorShape(text: string): boolean {
  try {
    const b = JSON.parse(text);
    return !!b && typeof b.error === 'object' && typeof b.error.code === 'string' && b.error.code.length > 0 &&
      typeof b.error.message === 'string' && typeof b.error.requestId === 'string';
  } catch {
    return false;
  }
}

/** Options of {@link runStorm}. */
export interface StormOptions {
  count: number;
  seed: number;
  identities: Identity[];
  concurrency?: number;
  ops?: StormOp[];
  /** Called every `progressEvery` requests. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

/**
 * Generates `count` requests from `seed` and sends them, `concurrency` at a time. Counts
 * statuses, keeps every 5xx and every refusal that is not in the error shape.
 *
 * @example
 * ```ts
 * const r = await runStorm(target, { count: 800, seed: 42, identities: ['none', 'publishable', 'learner'] });
 * ```
 */
export async function runStorm(target: StormTarget, opts: StormOptions): Promise<StormResult> {
  const ops = opts.ops ?? stormOperations();
  const arb = requestArbitrary(ops, target, opts.identities);
  const started = Date.now();
  const result: StormResult = { sent: 0, byStatus: {}, byOp: {}, fiveXX: [], badShape: [], unsendable: 0, ms: 0 };
  const batch = 500;
  const concurrency = opts.concurrency ?? 8;
  const extraOps = new Set(ops.filter((o) => o.extra).map((o) => o.id));
  for (let offset = 0; offset < opts.count; offset += batch) {
    const n = Math.min(batch, opts.count - offset);
    // One sample per batch with a derived seed keeps memory flat and the run reproducible.
    const reqs = fc.sample(arb, { seed: opts.seed + offset, numRuns: n });
    let next = 0;
    const worker = async () => {
      while (next < reqs.length) {
        const r = reqs[next++];
        let res;
        try {
          res = await send(target.url, r);
        } catch (err) {
          if ((err as { unsendable?: boolean }).unsendable) {
            result.unsendable++;
            continue;
          }
          result.fiveXX.push({ req: { op: r.op, method: r.method, path: r.path.slice(0, 200), label: r.label }, status: 0, body: String((err as Error).message) });
          result.sent++;
          continue;
        }
        result.sent++;
        result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
        result.byOp[r.op] = (result.byOp[r.op] ?? 0) + 1;
        const sample = { req: { op: r.op, method: r.method, path: r.path.slice(0, 200), label: r.label }, status: res.status, body: res.body.slice(0, 400) };
        if (res.status >= 500 && !specified5xx(r.op, res.status, res.body)) result.fiveXX.push(sample);
        else if (res.status >= 400 && r.method !== 'HEAD') {
          const json = String(res.headers['content-type'] ?? '').includes('json');
          // HTML pages outside the table may refuse with an HTML page; JSON refusals must be the shape.
          if ((!extraOps.has(r.op) || json) && !isErrorShape(res.body)) result.badShape.push(sample);
        }
        if (opts.onProgress && result.sent % (opts.progressEvery ?? 1000) === 0) opts.onProgress(result.sent);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  result.ms = Date.now() - started;
  return result;
}

/** One line per status class, for logs. */
export function summarise(r: StormResult): string {
  const statuses = Object.entries(r.byStatus).sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}×${n}`).join(' ');
  return `${r.sent} requests in ${(r.ms / 1000).toFixed(1)} s over ${Object.keys(r.byOp).length} operations; 5xx: ${r.fiveXX.length}; ` +
    `refusals not in the error shape: ${r.badShape.length}; unsendable: ${r.unsendable}; statuses: ${statuses}`;
}
