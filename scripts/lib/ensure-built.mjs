// Builds (scripts/build.mjs) when a package's dist/ is missing or older than its sources, or the
// CDN build or custom-elements.json is missing — for tests that pack the packages (CI starts
// from a clone without any dist/).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** The published packages' folders. */
export const PACKAGE_DIRS = ['packages/schema', 'packages/sdk', 'packages/elements', 'server'];

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/**
 * Runs the full build unless every package's dist/ is newer than its src/.
 *
 * @example
 * ```js
 * before(() => ensureBuilt());
 * ```
 */
export function ensureBuilt() {
  const stale = PACKAGE_DIRS.some((dir) => {
    const out = join(root, dir, 'dist/index.js');
    return existsSync(join(root, dir, 'src/index.ts')) && (!existsSync(out) || newest(join(root, dir, 'src')) > statSync(out).mtimeMs);
  }) || !existsSync(join(root, 'packages/elements/dist/cdn/furrow.js')) || !existsSync(join(root, 'packages/elements/custom-elements.json'));
  if (stale) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
