// The TypeScript API reference documents what partners import: a page for every export of
// @furrow/server, and every SDK resource as a named interface listing its methods, so
// `client.courses.list` or `client.bookings.slots.list` can be looked up.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientPath, ROUTE_TABLE } from '@furrow/sdk';
import { runTypedoc } from '../lib/typedoc.mjs';

const root = new URL('../../', import.meta.url).pathname;

/** The names `server/src/index.ts` exports (values and types). */
function serverExports() {
  const src = readFileSync(join(root, 'server/src/index.ts'), 'utf8');
  return [...src.matchAll(/^export (?:type )?\{([^}]+)\}/gm)].flatMap((m) => m[1].split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()).filter(Boolean));
}

describe('the TypeScript API reference (TypeDoc)', () => {
  let dir;
  let tree;
  let pages;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'furrow-typedoc-'));
    const r = runTypedoc({ out: join(dir, 'html'), json: join(dir, 'api.json'), stdio: 'pipe' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    tree = JSON.parse(readFileSync(join(dir, 'api.json'), 'utf8'));
    pages = readdirSync(join(dir, 'html'), { recursive: true }).filter((f) => f.endsWith('.html'));
  }, { timeout: 300_000 });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const moduleNamed = (name) => tree.children.find((m) => m.name === name);

  it('has a section for each package, named as it is imported', () => {
    assert.deepEqual(tree.children.map((m) => m.name).sort(), ['@furrow/elements', '@furrow/schema', '@furrow/sdk', '@furrow/server']);
  });

  it('has a page for every export of @furrow/server', () => {
    const names = serverExports();
    assert.ok(names.includes('createFurrowRouter') && names.length >= 15, names.join(', '));
    const server = moduleNamed('@furrow/server');
    const documented = new Set(server.children.map((c) => c.name));
    assert.deepEqual(names.filter((n) => !documented.has(n)), []);
    for (const n of names) assert.ok(pages.some((p) => p.endsWith(`_furrow_server.${n}.html`)), `no page for ${n}`);
  });

  it('lists every SDK method under its resource interface, from client.<resource> down', () => {
    const sdk = moduleNamed('@furrow/sdk');
    const byId = new Map(sdk.children.map((c) => [c.id, c]));
    const client = sdk.children.find((c) => c.name === 'FurrowClient');
    const missing = [];
    for (const op of Object.keys(ROUTE_TABLE)) {
      const path = clientPath(op).split('.');
      let node = client;
      const trail = ['client'];
      for (const [i, seg] of path.entries()) {
        const prop = node?.children?.find((c) => c.name === seg);
        trail.push(seg);
        if (!prop) { missing.push(`${trail.join('.')} (${op})`); break; }
        if (i === path.length - 1) break;
        assert.equal(prop.type.type, 'reference', `${trail.join('.')} is not a named resource interface`);
        node = byId.get(prop.type.target);
        assert.ok(node && /Resource$/.test(node.name) && pages.some((p) => p.endsWith(`_furrow_sdk.${node.name}.html`)), `${trail.join('.')} has no resource page`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
