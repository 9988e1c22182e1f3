import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';

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
