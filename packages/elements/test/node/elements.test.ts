import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error a plain ESM script of the repo (no types)
import { discoverElements } from '../../../../scripts/cdn/elements.mjs';
import { TAGS } from '../../src/lib/constants.js';

const pkg = new URL('../../', import.meta.url).pathname;
const elements = discoverElements(join(pkg, 'src')) as { name: string; tag: string; file: string }[];
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// The element folders are the source of truth (the CDN build, its loader and the manifest find
// them by themselves); the lists that must name every element are checked against them.
describe('every element folder is registered', () => {
  it('finds the elements', () => assert.ok(elements.length >= 7, elements.map((e) => e.name).join(', ')));

  it('TAGS (lib/constants.ts) is exactly the tags the define files define', () => {
    assert.deepEqual(
      Object.entries(TAGS).sort(([a], [b]) => a.localeCompare(b)),
      elements.map((e) => [camel(e.name), e.tag] as [string, string]).sort(([a], [b]) => a.localeCompare(b)),
    );
  });

  it('each define file defines furrow-<name> and types it in HTMLElementTagNameMap', () => {
    for (const e of elements) {
      const text = readFileSync(e.file, 'utf8');
      assert.equal(e.tag, `furrow-${e.name}`, e.file);
      assert.match(text, new RegExp(`customElements\\.define\\('${e.tag}'`), `${e.name}.ts defines <${e.tag}>`);
      assert.match(text, new RegExp(`'${e.tag}': Furrow\\w+;`), `${e.name}.ts declares <${e.tag}> in HTMLElementTagNameMap`);
    }
  });

  it('the package index exports every element from its define file, and every element has a browser test', () => {
    const index = readFileSync(join(pkg, 'src/index.ts'), 'utf8');
    for (const e of elements) {
      assert.match(index, new RegExp(`^export \\{ Furrow\\w+ \\} from '\\./${e.name}/${e.name}\\.js';$`, 'm'), `src/index.ts exports <${e.tag}>`);
      assert.ok(existsSync(join(pkg, `test/browser/${e.name}.test.ts`)), `test/browser/${e.name}.test.ts`);
    }
  });
});
