#!/usr/bin/env node
// After tsc: minifies the CSS of css`` templates in @furrow/elements' npm dist (not dist/cdn,
// which rollup already minified), so npm users ship the same CSS bytes as the CDN.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifyTemplates } from './lib/minify-templates.mjs';

const dist = new URL('../packages/elements/dist', import.meta.url).pathname;
let files = 0;
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== join(dist, 'cdn')) walk(p);
    } else if (e.name.endsWith('.js')) {
      const code = readFileSync(p, 'utf8');
      const out = minifyTemplates(code);
      if (out !== code) [files] = [files + 1, writeFileSync(p, out)];
    }
  }
};
walk(dist);
console.log(`minify-dist-css: ${files} files`);
