import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LOCALES, SOURCE_LOCALE } from '@furrow/schema';
import type { Catalog, LazyLocale } from '../../src/lib/i18n.js';

const src = new URL('../../src/', import.meta.url).pathname;

function walk(dir: string, test: (name: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, test, out);
    else if (test(name)) out.push(p);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
const isCatalog = (v: unknown): v is Catalog<string> =>
  typeof v === 'object' && v !== null && 'en' in v && 'load' in v && typeof (v as Catalog<string>).load === 'function';

// Every locale of schema's one list but the source (English, inline in `<name>.messages.ts`).
const lazy = LOCALES.filter((l): l is LazyLocale => l !== SOURCE_LOCALE);
const localeFile = new RegExp(`\\.(${lazy.join('|')})\\.ts$`);

// English is inline in `<name>.messages.ts`; every other locale is `locales/<name>.<locale>.ts`,
// loaded with import() by the catalog. Each locale is loaded here the way an element loads it.
describe('element strings', () => {
  it('covers every locale of the schema list but English', () => assert.deepEqual([SOURCE_LOCALE, ...lazy], [...LOCALES]));
  const files = walk(src, (n) => /messages\.ts$/.test(n));
  it('finds the catalogs', () => assert.ok(files.length >= 8, files.join(', ')));
  for (const file of files) {
    it(`${file.slice(src.length)}: ${lazy.join(' and ')} have every key, non-empty, with the same placeholders`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      let catalogs = 0;
      for (const [name, cat] of Object.entries(mod)) {
        if (!isCatalog(cat)) continue;
        catalogs++;
        for (const locale of lazy) {
          const strings: Record<string, string> = (await cat.load(locale)).default;
          assert.deepEqual(Object.keys(strings).sort(), Object.keys(cat.en).sort(), `${name}.${locale} keys`);
          for (const [key, en] of Object.entries(cat.en) as [string, string][]) {
            const tr: string | undefined = strings[key];
            assert.ok(typeof tr === 'string' && tr.trim().length > 0, `${name}.${locale}.${key} is empty`);
            assert.equal(placeholders(tr), placeholders(en), `${name}.${locale}.${key} placeholders`);
          }
        }
      }
      assert.ok(catalogs > 0, 'no catalog exported');
    });
  }

  it('every locale file belongs to a catalog next to it (no orphans)', () => {
    const locales = walk(src, (n) => localeFile.test(n));
    assert.ok(locales.length >= lazy.length * files.length, locales.join(', '));
    for (const f of locales) {
      assert.equal(basename(dirname(f)), 'locales', `${f} must live in a locales/ folder`);
      const stem = basename(f).replace(localeFile, '');
      const owner = files.find((m) => dirname(m) === dirname(dirname(f)) && (basename(m) === `${stem}.messages.ts` || (stem === 'common' && basename(m) === 'messages.ts')));
      assert.ok(owner, `${f.slice(src.length)} has no ${stem}.messages.ts`);
    }
    // …and no file in a locales/ folder is for a locale outside the list.
    const stray = walk(src, () => true).filter((f) => basename(dirname(f)) === 'locales' && !localeFile.test(f));
    assert.deepEqual(stray, [], `locale files for a locale missing from LOCALES (packages/schema/src/lib/locales.ts): ${stray.join(', ')}`);
  });
});

describe('loading a locale', () => {
  it('translate() falls back to English until loadLocale() has fetched the chunk', async () => {
    const { loadLocale, translate } = await import('../../src/lib/i18n.js');
    const { catalogMessages } = await import('../../src/course-catalog/course-catalog.messages.js');
    const cat = { ...catalogMessages, hi: undefined } as Catalog<keyof typeof catalogMessages.en>;
    assert.equal(translate(cat, 'hi', 'search'), 'Search courses');
    assert.equal(loadLocale(cat, 'en'), undefined);
    await loadLocale(cat, 'hi');
    assert.equal(translate(cat, 'hi', 'search'), 'कोर्स खोजें');
    assert.equal(loadLocale(cat, 'hi'), undefined, 'loaded once');
  });
});
