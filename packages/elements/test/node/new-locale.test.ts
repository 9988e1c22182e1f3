import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { copyRepo, output, ROOT } from './repo-copy.js';

// "A locale is data: its files and one entry in one list" (docs/i18n.md). In a copy of the
// repository, add a throwaway locale that way — a file per catalogue and one entry in LOCALES,
// nothing else — and check that the type check, the CDN build and the message tests accept it,
// and that the message tests refuse it while one file is missing. The schema tests run there too:
// a course may be taught in every locale of the list.
const CODE = 'xx';
const src = join(ROOT, 'packages/elements/src');

function catalogs(dir = src, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) catalogs(p, out);
    else if (name.endsWith('messages.ts')) out.push(p);
  }
  return out;
}

/** `locales/<stem>.xx.ts` for one catalogue: every English string, marked, placeholders kept. */
async function localeFile(messagesFile: string): Promise<{ path: string; text: string }> {
  const mod = (await import(messagesFile)) as Record<string, { en?: Record<string, string>; load?: unknown }>;
  const cat = Object.values(mod).find((v) => v && typeof v === 'object' && v.en && typeof v.load === 'function');
  assert.ok(cat?.en, `${messagesFile} exports no catalogue`);
  const stem = basename(messagesFile) === 'messages.ts' ? 'common' : basename(messagesFile, '.messages.ts');
  const entries = Object.entries(cat.en).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(`[${CODE}] ${v}`)},`);
  return {
    path: relative(ROOT, join(dirname(messagesFile), 'locales', `${stem}.${CODE}.ts`)),
    text: `import type { Strings } from '../${basename(messagesFile, '.ts')}.js';\n\nexport default {\n${entries.join('\n')}\n} satisfies Strings;\n`,
  };
}

describe('adding a locale (in a temporary copy)', () => {
  const repo = copyRepo(['server/src', 'server/package.json', 'packages/schema/test']);
  after(() => repo.remove());
  const nodeTests = (...files: string[]) => repo.node(['--conditions=furrow-src', '--import', 'tsx', '--test', ...files]);
  const messageTests = () => nodeTests('packages/elements/test/node/messages.test.ts');

  it(`one entry in LOCALES plus its files: message tests, type check and CDN build pass (${CODE})`, { timeout: 240_000 }, async () => {
    const list = 'packages/schema/src/lib/locales.ts';
    const before = repo.read(list);
    const after = before.replace(/(export const LOCALES = \[[^\]]*?)(\s*\] as const)/, `$1, '${CODE}'$2`);
    assert.notEqual(after, before, 'the LOCALES entry was added');
    repo.write(list, after);

    const files = await Promise.all(catalogs().map(localeFile));
    assert.ok(files.length >= 8, files.map((f) => f.path).join(', '));
    // Every file but the last: the message tests must name what is missing.
    for (const f of files.slice(0, -1)) repo.write(f.path, f.text);
    const missing = messageTests();
    assert.notEqual(missing.status, 0, 'the message tests pass with a file missing');
    assert.match(output(missing), new RegExp(basename(files.at(-1)!.path, `.${CODE}.ts`)), output(missing));

    repo.write(files.at(-1)!.path, files.at(-1)!.text);
    // The message tests, and the schema's (its `languages` bound grows with the list).
    const tests = nodeTests('packages/elements/test/node/messages.test.ts', 'packages/schema/test/entities.test.ts');
    assert.equal(tests.status, 0, output(tests));

    // The type check runs while the CDN build does.
    const types = repo.typecheck(['packages/schema/src', 'packages/sdk/src', 'packages/elements/src', 'packages/elements/test/node', 'server/src']);
    const build = repo.node(['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent']);
    assert.equal(build.status, 0, output(build));
    const chunks = readdirSync(join(repo.dir, 'packages/elements/dist/cdn/chunks')).filter((f) => f.endsWith('.js'));
    for (const f of files) {
      const stem = basename(f.path, `.${CODE}.ts`);
      assert.ok(chunks.some((c) => c.startsWith(`${stem}.${CODE}-`)), `no ${stem}.${CODE} chunk in ${chunks.join(', ')}`);
    }
    const checked = await types;
    assert.equal(checked.status, 0, output(checked));
  });
});
