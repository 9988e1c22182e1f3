import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
// @ts-expect-error a plain ESM script of the repo (no types)
import { ensureBuilt } from '../../../../scripts/lib/ensure-built.mjs';

const root = new URL('../../../../', import.meta.url).pathname;
const src = `${root}packages/elements/src`;

describe('custom-elements.json', () => {
  it('documents every element folder: tag, summary, parts, and the events it fires', () => {
    const r = spawnSync(process.execPath, [`${root}scripts/custom-elements.mjs`], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const manifest = JSON.parse(readFileSync(`${root}packages/elements/custom-elements.json`, 'utf8'));
    const decls = manifest.modules.flatMap((m: { declarations?: object[] }) => m.declarations ?? []) as {
      tagName?: string; summary?: string; cssParts?: unknown[]; events?: unknown[];
    }[];
    const folders = readdirSync(src).filter((d) => existsSync(`${src}/${d}/${d}.ts`));
    assert.ok(folders.length >= 7, folders.join(', '));
    for (const folder of folders) {
      const tag = `furrow-${folder}`;
      const d = decls.find((x) => x.tagName === tag);
      assert.ok(d, `${tag} is missing from custom-elements.json (define it with a string literal)`);
      assert.ok(d.summary, `${tag} has no @summary`);
      if (folder !== 'provider') {
        assert.ok((d.cssParts ?? []).length > 0, `${tag} documents no @csspart`);
        assert.ok((d.events ?? []).length > 0 , `${tag} documents no @fires`);
      }
    }
  });
});

describe('custom-elements.json as the package ships it', () => {
  it('every module path and reference is a file of the packed tarball, and every event has a name', { timeout: 300_000 }, () => {
    ensureBuilt();
    const gen = spawnSync(process.execPath, [`${root}scripts/custom-elements.mjs`], { cwd: root, encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    // What `npm publish` would upload (prepack writes the published package.json, postpack puts
    // the repo's back); the lifecycle scripts print their banners before the JSON.
    const r = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: `${root}packages/elements`, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    assert.equal(r.status, 0, r.stderr);
    const [pack] = JSON.parse(r.stdout.slice(r.stdout.search(/^\[/m))) as [{ files: { path: string }[] }];
    const files = new Set(pack.files.map((f) => f.path));
    assert.ok(files.has('custom-elements.json'), 'the manifest ships');
    assert.ok(!existsSync(`${root}packages/elements/.package.json.repo`), 'postpack restored package.json');

    const manifest = JSON.parse(readFileSync(`${root}packages/elements/custom-elements.json`, 'utf8'));
    const refs: string[] = [];
    JSON.stringify(manifest, (k, v) => ((k === 'path' || k === 'module') && typeof v === 'string' && refs.push(v), v));
    assert.ok(refs.length > manifest.modules.length, 'module paths and references found');
    const missing = [...new Set(refs)].filter((p) => !files.has(p));
    assert.deepEqual(missing, [], `named in custom-elements.json, not in the tarball: ${missing.join(', ')}`);

    const decls = manifest.modules.flatMap((m: { declarations?: object[] }) => m.declarations ?? []) as { tagName?: string; events?: { name?: string; type?: { text: string } }[] }[];
    for (const d of decls.filter((x) => x.tagName)) {
      for (const e of d.events ?? []) assert.ok(e.name, `${d.tagName}: an event without a name (${JSON.stringify(e)})`);
      const names = (d.events ?? []).map((e) => e.name);
      assert.equal(new Set(names).size, names.length, `${d.tagName}: an event listed twice`);
    }
  });
});

