#!/usr/bin/env node
// Generates packages/elements/custom-elements.json from the elements' JSDoc
// (@summary @slot @event @csspart @cssproperty) with @custom-elements-manifest/analyzer in Lit
// mode. IDEs, Storybook-like tools, CMS block builders and docs/ (theming) read it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
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
const manifest = JSON.parse(readFileSync(out, 'utf8'));
const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => d.tagName);
console.log(`custom-elements.json: ${tags.length} element(s)${tags.length ? ` (${tags.join(', ')})` : ''}`);
