#!/usr/bin/env node
// `prepack` / `postpack` of every published package (run by npm in the package folder).
//
// In the repo, each package's `exports` lists a `furrow-src` condition first so that tests, tsx
// and the dev servers run the TypeScript sources. A published tarball must not point at src/
// (it does not ship it), so `prepack` writes a clean package.json — no `furrow-src`, `types`
// first, one explicit subpath per element, an explicit `sideEffects` list — and keeps the
// original beside it; `postpack` puts the original back. If a pack ever dies half way, the next
// `prepack` restores the original first, so the repo's package.json is never left rewritten.
import { copyFileSync, existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BACKUP = '.package.json.repo';
const cwd = process.cwd();
const file = join(cwd, 'package.json');
const backup = join(cwd, BACKUP);
const phase = process.argv[2];

function stripSrc(value) {
  if (typeof value !== 'object' || value === null) return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'furrow-src') continue;
    out[k] = stripSrc(v);
  }
  return out;
}

/** Element folders that were built: dist/<name>/<name>.js (+ .d.ts). */
function builtElements() {
  const dist = join(cwd, 'dist');
  if (!existsSync(dist)) return [];
  return readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'cdn' && existsSync(join(dist, d.name, `${d.name}.js`)))
    .map((d) => d.name)
    .sort();
}

/** The published manifest of a package. */
export function cleanManifest(pkg) {
  const out = { ...pkg };
  delete out.scripts;
  delete out.devDependencies;
  out.exports = stripSrc(pkg.exports);
  if (pkg.name === '@furrow/elements') {
    const names = builtElements();
    const exports = {};
    for (const [k, v] of Object.entries(out.exports)) if (!k.includes('*')) exports[k] = v;
    for (const n of names) exports[`./${n}`] = { types: `./dist/${n}/${n}.d.ts`, default: `./dist/${n}/${n}.js` };
    out.exports = exports;
    // Importing an element's subpath defines its tag; everything else is pure.
    out.sideEffects = ['./dist/index.js', ...names.map((n) => `./dist/${n}/${n}.js`), './dist/cdn/**'];
  }
  return out;
}

if (phase === 'prepack') {
  if (existsSync(backup)) renameSync(backup, file); // an earlier pack died before postpack
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (!existsSync(join(cwd, 'dist'))) {
    console.error(`${pkg.name}: dist/ is missing; run \`npm run build\` at the repository root first`);
    process.exit(1);
  }
  copyFileSync(file, backup);
  writeFileSync(file, JSON.stringify(cleanManifest(pkg), null, 2) + '\n');
} else if (phase === 'postpack') {
  if (existsSync(backup)) renameSync(backup, file);
} else {
  console.error('usage: pack-manifest.mjs prepack|postpack');
  process.exit(2);
}
