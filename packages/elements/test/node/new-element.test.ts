import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyRepo, output } from './repo-copy.js';

// `npm run new:element <name>` in a copy of the repository, then nothing but the usual commands:
// the scaffold type-checks, passes the registration and message tests, and the CDN build (its
// loader's tag list), custom-elements.json and the docs site pick the new element up.
const NAME = 'demo-widget';
const TAG = `furrow-${NAME}`;

describe('npm run new:element (in a temporary copy)', () => {
  const repo = copyRepo(['scripts/new-element.mjs', 'scripts/docs.mjs', 'docs/index.md', 'docs/theming.md', 'packages/elements/test/browser', 'packages/sdk/test/browser/globals.d.ts']);
  after(() => repo.remove());

  it(`scaffolds <${TAG}> that builds, is in the manifest, the CDN loader and the docs`, { timeout: 240_000 }, async () => {
    const scaffold = repo.node(['scripts/new-element.mjs', NAME]);
    assert.equal(scaffold.status, 0, output(scaffold));
    for (const f of [`${NAME}.component.ts`, `${NAME}.ts`, `${NAME}.styles.ts`, `${NAME}.messages.ts`, `locales/${NAME}.hi.ts`, `locales/${NAME}.mr.ts`]) {
      assert.ok(existsSync(join(repo.dir, 'packages/elements/src', NAME, f)), f);
    }
    assert.match(repo.read(`packages/elements/test/browser/${NAME}.test.ts`), /it\('passes an accessibility audit'[\s\S]*?await audit\(/, 'the browser test starts with an axe audit');
    assert.equal(repo.node(['scripts/new-element.mjs', NAME]).status, 1, 'a second scaffold of the same name is refused');

    // The sources and the new browser test (mocha's globals are declared in the SDK's tests),
    // checked while the rest runs.
    const types = repo.typecheck(['packages/schema/src', 'packages/sdk/src', 'packages/elements/src', 'packages/elements/test/node', `packages/elements/test/browser/${NAME}.test.ts`, 'packages/sdk/test/browser/globals.d.ts']);

    const tests = repo.node(['--conditions=furrow-src', '--import', 'tsx', '--test', 'packages/elements/test/node/elements.test.ts', 'packages/elements/test/node/messages.test.ts']);
    assert.equal(tests.status, 0, output(tests));

    const build = repo.node(['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent']);
    assert.equal(build.status, 0, output(build));
    const cdn = JSON.parse(repo.read('packages/elements/dist/cdn/manifest.json'));
    assert.ok(cdn.elements[TAG]?.entry.startsWith(`chunks/${NAME}-`), `CDN manifest: ${Object.keys(cdn.elements).join(', ')}`);
    assert.ok(repo.read('packages/elements/dist/cdn/furrow.js').includes(`"${TAG}"`), 'the loader knows the tag');
    assert.ok(readdirSync(join(repo.dir, 'packages/elements/dist/cdn/chunks')).some((f) => f.startsWith(`${NAME}.hi-`)), 'its Hindi strings are a chunk');

    const cem = repo.node(['scripts/custom-elements.mjs']);
    assert.equal(cem.status, 0, output(cem));
    const manifest = JSON.parse(repo.read('packages/elements/custom-elements.json'));
    const decl = manifest.modules.flatMap((m: { declarations?: object[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === TAG);
    assert.ok(decl, `${TAG} in custom-elements.json`);
    assert.ok(decl.summary && decl.cssParts.length > 0, 'summary and parts');
    assert.deepEqual(decl.events.map((e: { name?: string }) => e.name), [`${TAG}-select`]);

    const docs = repo.node(['--conditions=furrow-src', '--import', 'tsx', 'scripts/docs.mjs', '--no-typedoc']);
    assert.equal(docs.status, 0, output(docs));
    assert.ok(repo.read('docs/site/elements.html').includes(`&lt;${TAG}&gt;`), 'listed on the Elements page');
    assert.ok(repo.read(`docs/site/elements/${NAME}.html`).includes(`${TAG}-select`), 'its docs page is built');
    assert.ok(repo.read('docs/site/theming.html').includes(`id="${TAG}"`), 'in the theming reference');

    const checked = await types;
    assert.equal(checked.status, 0, output(checked));
  });
});
