import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const src = new URL('../../src/', import.meta.url).pathname;

function findCatalogFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findCatalogFiles(p, out);
    else if (/messages\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

describe('element strings', () => {
  const files = findCatalogFiles(src);
  it('finds the catalogs', () => assert.ok(files.length >= 2, files.join(', ')));
  for (const file of files) {
    it(`${file.slice(src.length)}: hi and mr have every key, non-empty, with the same placeholders`, async () => {
      const mod = (await import(file)) as Record<string, { en?: Record<string, string>; hi?: Record<string, string>; mr?: Record<string, string> }>;
      let catalogs = 0;
      for (const [name, cat] of Object.entries(mod)) {
        if (!cat || typeof cat !== 'object' || !cat.en || !cat.hi || !cat.mr) continue;
        catalogs++;
        for (const locale of ['hi', 'mr'] as const) {
          assert.deepEqual(Object.keys(cat[locale]!).sort(), Object.keys(cat.en).sort(), `${name}.${locale} keys`);
          for (const [key, en] of Object.entries(cat.en)) {
            const tr = cat[locale]![key];
            assert.ok(tr.trim().length > 0, `${name}.${locale}.${key} is empty`);
            assert.equal(placeholders(tr), placeholders(en), `${name}.${locale}.${key} placeholders`);
          }
        }
      }
      assert.ok(catalogs > 0, 'no catalog exported');
    });
  }
});
