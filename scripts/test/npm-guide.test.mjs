// The npm guide matches the real client: every ```ts block of docs/getting-started-npm.md (and
// of docs/getting-started.md and docs/events.md) is
// typechecked (strict) against @furrow/sdk, @furrow/elements and @furrow/server as the
// workspace builds them. A method or option the SDK does not have fails this test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { typecheck } from '../lib/typecheck.mjs';

const root = new URL('../../', import.meta.url).pathname;

/** The ```ts blocks of a markdown file, each as its own module. */
export function tsBlocks(md) {
  return [...md.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('docs/getting-started-npm.md', () => {
  const blocks = tsBlocks(readFileSync(`${root}docs/getting-started-npm.md`, 'utf8'));

  it('has its samples in ts blocks, and every one typechecks against the real packages', { timeout: 180_000 }, () => {
    assert.ok(blocks.length >= 5, `${blocks.length} ts blocks`);
    const files = Object.fromEntries(blocks.map((b, i) => [`block${i + 1}.ts`, `${b}\nexport {};\n`]));
    const { status, output } = typecheck(files);
    assert.equal(output, '');
    assert.equal(status, 0);
  });

  it('names in its list of resources only resources the client has', { timeout: 180_000 }, () => {
    const md = readFileSync(`${root}docs/getting-started-npm.md`, 'utf8');
    const list = /Resources follow the routes:([\s\S]*?)Errors are typed/.exec(md)?.[1] ?? '';
    const names = [...list.matchAll(/`([a-z][\w.]*)`/g)].map((m) => m[1]);
    assert.ok(names.length >= 25, names.join(', '));
    const source = ["import type { FurrowClient } from '@furrow/sdk';", 'declare const furrow: FurrowClient;',
      ...names.map((n) => `void furrow.${n};`), 'export {};'].join('\n');
    const { status, output } = typecheck({ 'resources.ts': source });
    assert.equal(output, '');
    assert.equal(status, 0);
  });

  it('and the from-nothing guide\'s ts blocks (backend, token renewal) and the events guide\'s typecheck too', { timeout: 180_000 }, () => {
    const more = ['getting-started.md', 'events.md'].flatMap((f) => tsBlocks(readFileSync(`${root}docs/${f}`, 'utf8')));
    assert.ok(more.length >= 3, `${more.length} ts blocks`);
    const { status, output } = typecheck(Object.fromEntries(more.map((b, i) => [`start${i + 1}.ts`, `${b}\nexport {};\n`])));
    assert.equal(output, '');
    assert.equal(status, 0);
  });

  it('fails on a resource the client does not have (the check can fail)', { timeout: 180_000 }, () => {
    const { status, output } = typecheck({
      'wrong.ts': "import { createFurrow } from '@furrow/sdk';\nconst f = createFurrow({ baseUrl: 'x', publishableKey: 'pk_x' });\nawait f.slots.list({});\nexport {};\n",
    });
    assert.notEqual(status, 0);
    assert.match(output, /slots/);
  });
});
