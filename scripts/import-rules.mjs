#!/usr/bin/env node
// The import rules of the repo's four parts and of the server's floors, checked over the whole
// import graph (type-only and dynamic imports count; comments do not). `node scripts/import-rules.mjs`
// prints every broken rule and exits 1; `npm test` runs it through scripts/test/import-rules.test.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Our packages by name → their folder (relative to the repo root). */
const PACKAGES = { '@furrow/schema': 'packages/schema', '@furrow/sdk': 'packages/sdk', '@furrow/elements': 'packages/elements', '@furrow/server': 'server' };

const within = (path, dirs) => dirs.some((d) => path === d || path.startsWith(d + '/'));

/**
 * The rules. `from`: the folders whose files the rule reads (code that ships: each part's `src/`;
 * tests may reach across parts, since they test the whole system). A rule is broken by an
 * import of ours whose target is in `forbid`, or outside `allow` when the rule lists one.
 */
export const RULES = [
  { name: 'schema imports nothing of ours', from: ['packages/schema/src'], allow: ['packages/schema'] },
  { name: 'sdk never imports server or elements', from: ['packages/sdk/src'], forbid: ['server', 'packages/elements'] },
  { name: 'elements never import server', from: ['packages/elements/src'], forbid: ['server'] },
  { name: 'server never imports sdk or elements', from: ['server/src'], forbid: ['packages/sdk', 'packages/elements'] },
  { name: 'server core/ and db/ import nothing above them', from: ['server/src/core', 'server/src/db'], allow: ['server/src/core', 'server/src/db', 'packages/schema'] },
  { name: 'shared SQL never imports modules/ or http/', from: ['server/src/shared-sql'], forbid: ['server/src/modules', 'server/src/http'] },
];

/** Where an import of `spec` from `file` (both repo-relative) lands in the repo, or null (node, npm). */
export function resolveTarget(file, spec) {
  if (spec.startsWith('.')) return relative(repoRoot, resolve(repoRoot, dirname(file), spec)).split(sep).join('/');
  for (const [name, dir] of Object.entries(PACKAGES)) if (spec === name || spec.startsWith(name + '/')) return dir + spec.slice(name.length);
  return null;
}

/** Every module specifier in a source text: static, type-only, re-exports and `import()`. */
export function importsOf(source) {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/**
 * Checks files against {@link RULES}.
 *
 * @param files - `{ path, source }` with repo-relative paths.
 * @returns one entry per broken rule and import.
 */
export function checkImports(files) {
  const broken = [];
  for (const { path, source } of files) {
    const rules = RULES.filter((r) => within(path, r.from));
    if (!rules.length) continue;
    for (const spec of importsOf(source)) {
      const target = resolveTarget(path, spec);
      if (target === null) continue;
      for (const r of rules) {
        const bad = (r.allow && !within(target, r.allow)) || (r.forbid && within(target, r.forbid));
        if (bad) broken.push({ rule: r.name, file: path, import: spec, target });
      }
    }
  }
  return broken;
}

/** The repo's source files the rules read. */
export function repoFiles(root = repoRoot) {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const from of new Set(RULES.flatMap((r) => r.from))) walk(join(root, from));
  return [...new Set(out)].map((p) => ({ path: relative(root, p).split(sep).join('/'), source: readFileSync(p, 'utf8') }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const broken = checkImports(repoFiles());
  for (const b of broken) console.log(`${b.file}: imports ${b.import} — ${b.rule}`);
  console.log(broken.length ? `${broken.length} import rule(s) broken` : 'import rules: all kept');
  process.exit(broken.length ? 1 : 0);
}
