// Typechecks snippets of TypeScript the way a partner's strict project would see them: the files
// are written to a scratch folder inside the repo (so `@furrow/*` resolve through the workspace)
// and checked with `tsc --noEmit` against tsconfig.base.json (strict, DOM, NodeNext).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/**
 * Typechecks `files` (name → source) together; answers tsc's exit status and its diagnostics,
 * with file names relative to the scratch folder.
 *
 * @example
 * ```js
 * const { status, output } = typecheck({ 'a.ts': "import { createFurrow } from '@furrow/sdk';" });
 * ```
 */
export function typecheck(files) {
  mkdirSync(join(root, '.scratch'), { recursive: true });
  const dir = mkdtempSync(join(root, '.scratch', 'typecheck-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, types: ['node'], noUnusedLocals: false },
      include: ['*.ts'],
    }));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
