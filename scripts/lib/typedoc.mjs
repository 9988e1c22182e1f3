// The TypeScript API reference: one TypeDoc run over the public entry points of every package.
// scripts/docs.mjs writes it into the docs site; scripts/test/typedoc.test.mjs checks what it holds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** The entry point of each package whose exports the reference documents. */
export const TYPEDOC_ENTRIES = ['packages/schema/src/index.ts', 'packages/sdk/src/index.ts', 'packages/elements/src/index.ts', 'server/src/index.ts'];

/**
 * Runs TypeDoc: HTML into `out`, and the reflection tree as JSON into `json` when given (paths
 * relative to the repo). Answers the child process result.
 *
 * @example
 * ```js
 * runTypedoc({ out: 'docs/site/api/typedoc' });
 * ```
 */
export function runTypedoc({ out, json, stdio = ['ignore', 'inherit', 'inherit'] }) {
  const entries = TYPEDOC_ENTRIES.filter((e) => existsSync(join(root, e)));
  return spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'),
    ...entries.flatMap((e) => ['--entryPoints', e]),
    '--tsconfig', 'scripts/tsconfig.typedoc.json', '--out', out, ...(json ? ['--json', json] : []), '--name', 'Furrow TypeScript API',
    '--readme', 'none', '--skipErrorChecking', '--excludePrivate', '--excludeInternal', '--logLevel', 'Error', '--excludeExternals',
    '--disableSources', '--githubPages', 'false'], { cwd: root, stdio, encoding: 'utf8' });
}
