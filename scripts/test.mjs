#!/usr/bin/env node
// Runs every test suite — the linter (one check), node:test files (server, schema, sdk in Node)
// and the browser suites (web-test-runner in Chromium) — and ends with one plain line
// "N passed, N failed". `--only lint|node|browser` runs one part; a file filter skips the linter.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const filter = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only') ?? null;

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) out.push(p);
  }
  return out;
}

function run(cmd, argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
let hardFailure = false;

// The linter is one counted check: its output is printed only when it fails. Same flags as
// `npm run lint`; the cache lives in node_modules/.cache/eslint/.
if ((!only || only === 'lint') && !filter) {
  console.log('\n▶ lint (eslint)\n');
  const started = Date.now();
  const { code } = await run(process.execPath, [
    join(root, 'node_modules/eslint/bin/eslint.js'), '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/', '.',
  ]);
  if (code === 0) {
    passed += 1;
    console.log(`✔ lint: no problems (${Date.now() - started} ms)`);
  } else {
    failed += 1;
    console.log(`✖ lint failed (exit ${code}): the problems are listed above`);
  }
}

if (!only || only === 'node') {
  const files = [
    ...walk(join(root, 'packages/schema/test')),
    ...walk(join(root, 'server/test')),
    ...walk(join(root, 'packages/sdk/test/node')),
    ...walk(join(root, 'packages/elements/test/node')),
    ...walk(join(root, 'examples/test')),
    ...walk(join(root, 'scripts/test')),
    ...walk(join(root, 'bench')), // the size guard (bench/size-guard.test.mjs)
  ]
    .filter((f) => !f.includes('/browser/') && !f.includes('/fixtures/'))
    .filter((f) => !filter || f.includes(filter))
    .map((f) => relative(root, f));
  if (files.length) {
    console.log(`\n▶ node tests: ${files.length} files\n`);
    const { code, out } = await run(process.execPath, [
      '--conditions=furrow-src', '--import', 'tsx', '--test', '--test-reporter=spec', ...files,
    ]);
    const num = (label) => Number((out.match(new RegExp(`ℹ ${label} (\\d+)`)) ?? [])[1] ?? 0);
    passed += num('pass');
    failed += num('fail') + num('cancelled');
    skipped += num('skipped') + num('todo');
    if (code !== 0 && num('fail') + num('cancelled') === 0) {
      hardFailure = true;
      failed += 1;
    }
  }
}

if (!only || only === 'browser') {
  const browserFiles = walk(join(root, 'packages')).filter((f) => f.includes('/test/browser/'));
  if (browserFiles.length && existsSync(join(root, 'web-test-runner.config.mjs'))) {
    console.log(`\n▶ browser tests (Chromium): ${browserFiles.length} files\n`);
    const summary = join(tmpdir(), `furrow-wtr-summary-${process.pid}.json`);
    rmSync(summary, { force: true });
    const { code } = await run(process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'], {
      FURROW_WTR_SUMMARY: summary,
    });
    if (existsSync(summary)) {
      const s = JSON.parse(readFileSync(summary, 'utf8'));
      passed += s.passed;
      failed += s.failed;
      skipped += s.skipped ?? 0;
      if (code !== 0 && s.failed === 0) {
        hardFailure = true;
        failed += 1;
      }
    } else if (code !== 0) {
      hardFailure = true;
      failed += 1;
    }
  }
}

console.log('');
if (hardFailure) console.log('A test runner failed outside any test (counted as one failure above).');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
