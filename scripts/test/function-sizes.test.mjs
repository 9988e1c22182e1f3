// The request pipeline stays in small stages: no function in server/src/http/ over 60 lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionSizes } from '../function-sizes.mjs';

const root = new URL('../..', import.meta.url).pathname;

test('no function in server/src/http/ is over 60 lines', () => {
  const dir = join(root, 'server/src/http');
  const fns = readdirSync(dir).filter((n) => n.endsWith('.ts')).flatMap((n) => functionSizes(n, readFileSync(join(dir, n), 'utf8')));
  assert.ok(fns.length > 20, 'read the stages');
  assert.deepEqual(fns.filter((f) => f.lines > 60).map((f) => `${f.path}:${f.line} ${f.name} (${f.lines})`), []);
});

test('the measure counts nested functions in their parent', () => {
  const src = `function outer() {\n${'  const a = 1;\n'.repeat(70)}  function inner() {\n    return 1;\n  }\n}\n`;
  const [outer, inner] = functionSizes('x.ts', src);
  assert.equal(outer.name, 'outer');
  assert.ok(outer.lines > 70);
  assert.equal(inner.lines, 3);
});
