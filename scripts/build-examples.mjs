#!/usr/bin/env node
// Bundles the npm example's browser page the way an npm user would (esbuild, one ESM file).
// In the repo, @furrow/sdk resolves to its TypeScript sources (`furrow-src` condition).
import { build } from 'esbuild';
import { precompressDir } from './lib/precompress.mjs';

const root = new URL('..', import.meta.url).pathname;
await build({
  entryPoints: [`${root}examples/npm-app/src/app.js`],
  outfile: `${root}examples/npm-app/dist/app.js`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  charset: 'utf8',
  conditions: ['furrow-src'],
  logLevel: 'warning',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
});
precompressDir(`${root}examples/npm-app/dist`);
