#!/usr/bin/env node
// Generates packages/elements/custom-elements.json from the elements' JSDoc
// (@summary @slot @event @csspart @cssproperty) with @custom-elements-manifest/analyzer in Lit
// mode. IDEs, Storybook-like tools, CMS block builders and docs/ (theming) read it. Module paths
// are those of the published package (dist/…/*.js), and every event entry has a name.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * The manifest as the package ships: the analyzer reads `src/**\/*.ts`, the tarball has
 * `dist/**\/*.js` (the same tree, compiled by tsc), so every module `path` and reference
 * `module` is rewritten to the file that ships. And one event entry per event: for every
 * `this.dispatchEvent(new FurrowXEvent(…))` in a method the analyzer adds an entry of that type
 * with no name (it takes the name from the constructor's first argument, which for our event
 * classes is the detail, not the name); the named entry is the element's `@fires` tag. The
 * nameless one is dropped when a `@fires` entry has its type, and an event dispatched without a
 * `@fires` tag is an error: it would reach the manifest without a name.
 */
function shipped(manifest) {
  // `src/a/b.ts`, `/src/a/b.js` → `dist/a/b.js`; `./b.js` (a re-export) → next to its module.
  const toDist = (p) => p.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js');
  const rewrite = (v, at) => {
    if (Array.isArray(v)) return v.map((x) => rewrite(x, at));
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => {
      if (k === 'path' && typeof x === 'string') return [k, toDist(x)];
      if (k === 'module' && typeof x === 'string') return [k, x.startsWith('.') ? posix.join(posix.dirname(at), x) : toDist(x)];
      return [k, rewrite(x, at)];
    }));
  };
  const out = { ...manifest, modules: manifest.modules.map((m) => rewrite(m, toDist(m.path))) };
  const undocumented = [];
  for (const d of out.modules.flatMap((m) => m.declarations ?? [])) {
    if (!d.events) continue;
    const named = new Set(d.events.filter((e) => e.name).map((e) => e.type?.text));
    for (const e of d.events.filter((x) => !x.name && !named.has(x.type?.text))) undocumented.push(`${d.tagName ?? d.name} dispatches ${e.type?.text ?? 'an event'}`);
    d.events = d.events.filter((e) => e.name);
  }
  if (undocumented.length) {
    console.error(`custom-elements.json: events without a @fires tag (add \`@fires {Type} furrow-name - what\`):\n  ${undocumented.join('\n  ')}`);
    process.exit(1);
  }
  return out;
}
const pkgDir = `${root}packages/elements`;
const cem = `${root}node_modules/@custom-elements-manifest/analyzer/cem.js`;

const r = spawnSync(process.execPath, [cem, 'analyze', '--litelement', '--globs', 'src/**/*.ts', '--exclude', 'src/**/*.test.ts', '--exclude', 'test/**', '--outdir', '.', '--quiet'], {
  cwd: pkgDir, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
});
if (r.status !== 0) {
  process.stdout.write(r.stdout ?? '');
  process.exit(r.status ?? 1);
}
const out = `${pkgDir}/custom-elements.json`;
if (!existsSync(out)) {
  console.error('custom-elements.json was not written');
  process.exit(1);
}
const manifest = shipped(JSON.parse(readFileSync(out, 'utf8')));
writeFileSync(out, JSON.stringify(manifest, null, 2) + '\n');
const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => d.tagName);
console.log(`custom-elements.json: ${tags.length} element(s)${tags.length ? ` (${tags.join(', ')})` : ''}`);
