#!/usr/bin/env node
// Builds what `npm start` and the published packages need, in dependency order:
// schema → server (tsc, ESM + .d.ts), then sdk and elements when they have sources, then the CDN
// bundles (rollup.config.mjs) and the elements' custom-elements.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const tsc = `${root}node_modules/typescript/bin/tsc`;

function step(label, cmd, args) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

// `--serve` (used by `npm start`) builds only what running the demo needs: the server's JS, the
// CDN bundles and the npm example's page (esbuild, no type check), and the docs site when it is
// missing (it takes longer than the rest; `npm run docs` rebuilds it).
const serve = process.argv.includes('--serve');

step('@furrow/schema', process.execPath, [tsc, '-p', 'packages/schema/tsconfig.build.json']);
step('@furrow/server', process.execPath, [tsc, '-p', 'server/tsconfig.build.json']);
if (!serve && existsSync(`${root}packages/sdk/src/index.ts`)) step('@furrow/sdk', process.execPath, [tsc, '-p', 'packages/sdk/tsconfig.build.json']);
if (!serve && existsSync(`${root}packages/elements/src/index.ts`)) step('@furrow/elements', process.execPath, [tsc, '-p', 'packages/elements/tsconfig.build.json']);
if (!serve && existsSync(`${root}packages/elements/src/index.ts`)) step('@furrow/elements CSS minify', process.execPath, [`${root}scripts/minify-dist-css.mjs`]);
if (existsSync(`${root}rollup.config.mjs`)) step('CDN bundles (rollup)', process.execPath, [`${root}node_modules/rollup/dist/bin/rollup`, '-c', 'rollup.config.mjs', '--silent']);
step('examples (esbuild)', process.execPath, [`${root}scripts/build-examples.mjs`]);
if (existsSync(`${root}packages/elements/src`)) step('custom-elements.json', process.execPath, [`${root}scripts/custom-elements.mjs`]);
if (serve && !existsSync(`${root}docs/site/index.html`) && existsSync(`${root}scripts/docs.mjs`)) step('docs site (first start only; `npm run docs` rebuilds)', process.execPath, ['--conditions=furrow-src', '--import', 'tsx', `${root}scripts/docs.mjs`]);
