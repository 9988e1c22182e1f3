import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CODES, routes } from '@furrow/schema';
import { startTestServer, type TestServer } from '../helpers.js';

const root = new URL('../../../', import.meta.url).pathname;

interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
  parameters: Array<{ name: string; in: string }>;
}
interface Doc {
  components: { securitySchemes: Record<string, Record<string, string>>; schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

const operations = (doc: Doc) => Object.values(doc.paths).flatMap((ops) => Object.values(ops));

describe('the OpenAPI document a developer reads', () => {
  let s: TestServer;
  let doc: Doc;
  before(async () => {
    s = await startTestServer('pglite');
    doc = (await s.request('GET', '/v1/openapi.json', { key: null })).body;
  });
  after(() => s.close());

  it('passes `redocly lint` with no errors and no warnings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'furrow-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = spawnSync(process.execPath, [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'], {
        cwd: root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
      const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string }> };
      assert.deepEqual(report.problems.map((p) => `${p.ruleId}: ${p.message}`), []);
      assert.deepEqual({ errors: report.totals.errors, warnings: report.totals.warnings }, { errors: 0, warnings: 0 });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('declares the key as an apiKey scheme in X-Furrow-Key and the token as http bearer', () => {
    const { publishableKey, secretKey, bearer } = doc.components.securitySchemes;
    assert.deepEqual([publishableKey.type, publishableKey.in, publishableKey.name], ['apiKey', 'header', 'X-Furrow-Key']);
    assert.deepEqual([secretKey.type, secretKey.in, secretKey.name], ['apiKey', 'header', 'X-Furrow-Key']);
    assert.deepEqual([bearer.type, bearer.scheme], ['http', 'bearer']);
    for (const op of operations(doc)) assert.ok(!op.parameters.some((p) => p.name === 'X-Furrow-Key'), `${op.operationId} still has the key as a parameter`);
  });

  it("gives every operation the security its access level asks for", () => {
    const schemes = (op: Operation) => op.security.map((req) => Object.keys(req).sort().join('+')).sort();
    const byId = new Map(operations(doc).map((op) => [op.operationId, op]));
    assert.equal(byId.size, Object.keys(routes).length);
    const expected: Record<string, string[]> = {
      public: ['publishableKey', 'bearer+publishableKey', 'secretKey'].sort(),
      user: ['bearer+publishableKey', 'bearer+secretKey'],
      instructor: ['bearer+publishableKey', 'bearer+secretKey'],
      admin: ['bearer+publishableKey', 'secretKey'],
      secret: ['secretKey'],
      operator: ['bearer'],
      signature: [],
    };
    for (const [id, route] of Object.entries(routes)) {
      const op = byId.get(id);
      assert.ok(op && Array.isArray(op.security), `${id} has no security`);
      assert.deepEqual(schemes(op), expected[route.access], `${id} (${route.access})`);
    }
  });

  it('describes the 4xx each route can give with the error envelope', () => {
    assert.ok(doc.components.schemas.Error);
    for (const [id, route] of Object.entries(routes)) {
      const op = operations(doc).find((o) => o.operationId === id)!;
      const errors = Object.entries(op.responses).filter(([status]) => /^4\d\d$/.test(status));
      assert.ok(errors.length > 0, `${id} has no 4xx`);
      assert.equal(op.responses.default, undefined);
      for (const [status, r] of errors) assert.equal(r.content?.['application/json']?.schema.$ref, '#/components/schemas/Error', `${id} ${status}`);
      if (route.access === 'secret') assert.match(op.responses['403'].description, new RegExp(ERROR_CODES.forbidden));
      if ('params' in route) assert.match(op.responses['404'].description, new RegExp(ERROR_CODES.notFound));
      if ('body' in route) assert.match(op.responses['400'].description, new RegExp(ERROR_CODES.malformedJson));
    }
    const webhook = operations(doc).find((o) => o.operationId === 'webhooks.stripe')!;
    assert.match(webhook.responses['400'].description, new RegExp(ERROR_CODES.webhookSignature));
  });

  it('answers the 401 and 403 the document lists for a secret route called with the publishable key', async () => {
    const op = operations(doc).find((o) => o.operationId === 'embedTokens.create');
    assert.ok(op, 'embedTokens.create is in the document');
    const noKey = await s.request('POST', '/v1/embed-tokens', { key: null, body: {} });
    assert.equal(noKey.status, 401);
    assert.match(op.responses['401'].description, new RegExp(noKey.body.error.code));
    const pk = await s.request('POST', '/v1/embed-tokens', { body: {} });
    assert.equal(pk.status, 403);
    assert.match(op.responses['403'].description, new RegExp(pk.body.error.code));
  });

  it("lists the codes a handler adds: enrolling twice (409) and in a paid course (402)", async () => {
    const op = operations(doc).find((o) => o.operationId === 'enrollments.create')!;
    const { token } = await s.newLearner('openapi-doc-learner');
    const free = (await s.request('GET', '/v1/courses?price=free&limit=1')).body.data[0];
    const paid = (await s.request('GET', '/v1/courses?price=paid&limit=1')).body.data[0];
    assert.ok(free && paid, 'the demo has a free and a paid course');
    assert.equal((await s.request('POST', `/v1/courses/${free.id}/enroll`, { token })).status, 201);
    const twice = await s.request('POST', `/v1/courses/${free.id}/enroll`, { token });
    assert.equal(twice.status, 409);
    assert.match(op.responses['409'].description, new RegExp(twice.body.error.code));
    const unpaid = await s.request('POST', `/v1/courses/${paid.id}/enroll`, { token });
    assert.equal(unpaid.status, 402);
    assert.match(op.responses['402'].description, new RegExp(unpaid.body.error.code));
  });
});
