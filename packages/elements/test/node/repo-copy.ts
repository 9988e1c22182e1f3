/**
 * A throwaway copy of the parts of the repository a test needs, for tests that change the
 * sources (add a locale, scaffold an element) and then type-check, build and test the result
 * without touching the working tree.
 *
 * Only sources are copied (no node_modules, dist or generated files). `node_modules/` is a
 * folder of symlinks to the repository's packages, except `@furrow/*`, which point at the
 * copy's own packages: a copy's elements must import the copy's schema, not the original's.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The repository root. */
export const ROOT = new URL('../../../../', import.meta.url).pathname;

/** What every copy holds: the root configuration, the build scripts, schema, SDK and elements. */
const BASE = [
  'package.json', 'tsconfig.base.json', 'rollup.config.mjs', 'scripts/cdn', 'scripts/lib', 'scripts/custom-elements.mjs',
  'packages/schema/src', 'packages/schema/package.json',
  'packages/sdk/src', 'packages/sdk/package.json',
  'packages/elements/src', 'packages/elements/test/node', 'packages/elements/package.json', 'packages/elements/tsconfig.build.json',
];

/** The folders under `packages/` and the server that `@furrow/<name>` resolves to. */
const WORKSPACES: Record<string, string> = { schema: 'packages/schema', sdk: 'packages/sdk', elements: 'packages/elements', server: 'server' };

const SKIP = new Set(['node_modules', 'dist', 'custom-elements.json', '.package.json.repo']);

/** What a command in the copy printed, and how it ended. */
export type Result = Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>;

/** A copy of the repository in a temporary folder. */
export interface RepoCopy {
  /** The copy's root. */
  readonly dir: string;
  /** Runs `node …args` in the copy (`cwd` relative to it) and returns what it printed. */
  node(args: string[], options?: { cwd?: string; env?: Record<string, string> }): SpawnSyncReturns<string>;
  /**
   * Type-checks the given folders of the copy (paths relative to it) with the repo's settings.
   * Runs in the background (it is the slowest step): start it, do the rest, then await it.
   */
  typecheck(include: string[]): Promise<Result>;
  /** Reads a file of the copy. */
  read(path: string): string;
  /** Writes a file of the copy, creating its folder. */
  write(path: string, text: string): void;
  /** Deletes the copy. */
  remove(): void;
}

/**
 * Copies the base parts (plus `extra` paths, relative to the root) into a temporary folder.
 *
 * @example
 * ```ts
 * const repo = copyRepo(['server/src', 'server/package.json']);
 * try { assert.equal(repo.typecheck(['packages/elements/src']).status, 0); } finally { repo.remove(); }
 * ```
 */
export function copyRepo(extra: string[] = []): RepoCopy {
  const dir = mkdtempSync(join(tmpdir(), 'furrow-copy-'));
  for (const part of [...BASE, ...extra]) {
    if (!existsSync(join(ROOT, part))) continue;
    cpSync(join(ROOT, part), join(dir, part), { recursive: true, filter: (src) => !SKIP.has(basename(src)) });
  }
  mkdirSync(join(dir, 'node_modules/@furrow'), { recursive: true });
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '@furrow') symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
  for (const [name, folder] of Object.entries(WORKSPACES)) {
    if (existsSync(join(dir, folder))) symlinkSync(join(dir, folder), join(dir, 'node_modules/@furrow', name));
  }
  // Without NODE_TEST_CONTEXT: a `node --test` started from a test would otherwise report to
  // this test runner (and exit 0) instead of running as a test run of its own.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const node = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
    spawnSync(process.execPath, args, { cwd: join(dir, options.cwd ?? '.'), encoding: 'utf8', env: { ...env, ...options.env } });
  return {
    dir,
    node,
    typecheck(include) {
      const config = join(dir, 'tsconfig.copy.json');
      writeFileSync(config, JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, include }));
      const child = spawn(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: dir, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write(path, text) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a failed step printed, for an assertion message. */
export const output = (r: Result): string => `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().slice(-4000);
