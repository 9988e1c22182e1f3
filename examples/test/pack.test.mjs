// What an npm user gets: `npm pack` every package, install the tarballs into an empty project
// (third-party dependencies from the registry), and use them the way the README says — in Node
// for schema, sdk and server, through TypeScript for the types, and by file for elements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../../scripts/lib/ensure-built.mjs';

const root = new URL('../..', import.meta.url).pathname;
const PACKAGES = [
  { name: '@furrow/schema', dir: 'packages/schema' },
  { name: '@furrow/sdk', dir: 'packages/sdk' },
  { name: '@furrow/elements', dir: 'packages/elements' },
  { name: '@furrow/server', dir: 'server' },
];
let work;
let project;
const tarballs = {};

const npm = (args, cwd) => {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

const run = (code) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, `node failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
};

before(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'furrow-pack-'));
  const packs = join(work, 'packs');
  mkdirSync(packs);
  try {
    npm(['pack', '--pack-destination', packs, ...PACKAGES.flatMap((p) => ['-w', p.dir])], root);
  } finally {
    // npm skips postpack when a pack fails: put every repo package.json back regardless.
    for (const { dir } of PACKAGES) execFileSync(process.execPath, [join(root, 'scripts/pack-manifest.mjs'), 'postpack'], { cwd: join(root, dir) });
  }
  for (const f of readdirSync(packs)) tarballs[f.replace(/-\d+\.\d+\.\d+\.tgz$/, '')] = join(packs, f);
  project = join(work, 'app');
  npm(['init', '-y'], (execFileSync('mkdir', ['-p', project]), project));
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ ...pkg, type: 'module' }, null, 2));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...Object.values(tarballs)], project);
}, { timeout: 300_000 });

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('every package packs, and the repo package.json files are restored after', () => {
  assert.deepEqual(Object.keys(tarballs).sort(), ['furrow-elements', 'furrow-schema', 'furrow-sdk', 'furrow-server']);
  for (const { dir } of PACKAGES) {
    const repoPkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    assert.ok(JSON.stringify(repoPkg.exports).includes('furrow-src'), `${dir}/package.json keeps its furrow-src condition`);
    assert.ok(!existsSync(join(root, dir, '.package.json.repo')), `${dir}: no backup left behind`);
  }
});

test('published manifests point at dist/ only: no src/, no furrow-src, types first', () => {
  for (const { name } of PACKAGES) {
    const dir = join(project, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.ok(!JSON.stringify(pkg).includes('furrow-src'), `${name}: no furrow-src condition`);
    assert.ok(!existsSync(join(dir, 'src')), `${name}: src/ is not shipped`);
    assert.equal(pkg.scripts, undefined, `${name}: no repo scripts`);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      assert.equal(Object.keys(target)[0], 'types', `${name} ${subpath}: types first`);
      assert.ok(existsSync(join(dir, target.types)), `${name} ${subpath}: ${target.types} exists`);
      assert.ok(existsSync(join(dir, target.default)), `${name} ${subpath}: ${target.default} exists`);
    }
  }
});

test('@furrow/schema imports in Node and builds the OpenAPI document', () => {
  const out = run(`import { routes, buildOpenApi } from '@furrow/schema';
    const doc = buildOpenApi(routes);
    console.log(Object.keys(routes).length > 50, doc.openapi);`);
  assert.equal(out, 'true 3.1.0');
});

test('@furrow/sdk imports in Node and talks to a server', () => {
  const out = run(`import { createFurrow, FurrowHttpError } from '@furrow/sdk';
    const calls = [];
    const client = createFurrow({ baseUrl: 'http://furrow.test', publishableKey: 'pk_test_x', retry: 0,
      fetch: async (req, init) => { calls.push(String(req.url ?? req)); return new Response(JSON.stringify({ error: { code: 'not_found', message: 'Course not found', requestId: 'r1' } }), { status: 404, headers: { 'content-type': 'application/json' } }); } });
    try { await client.courses.retrieve('crs_1'); } catch (e) { console.log(e instanceof FurrowHttpError, e.status, calls[0]); }`);
  assert.equal(out, 'true 404 http://furrow.test/v1/courses/crs_1');
});

test('@furrow/server imports in Node and its CLI runs', () => {
  assert.equal(run(`import { createFurrowRouter } from '@furrow/server'; console.log(typeof createFurrowRouter);`), 'function');
  const r = spawnSync(join(project, 'node_modules/.bin/furrow-server'), ['--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: furrow-server/);
  assert.ok(existsSync(join(project, 'node_modules/@furrow/server/migrations')), 'migrations ship with the server');
});

test('@furrow/elements ships ESM + .d.ts per element, the CDN build and custom-elements.json', () => {
  const dir = join(project, 'node_modules/@furrow/elements');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  assert.equal(pkg.customElements, 'custom-elements.json');
  const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
  assert.ok(manifest.modules.length > 0, 'custom-elements.json lists modules');
  assert.ok(existsSync(join(dir, 'dist/cdn/furrow.js')) && existsSync(join(dir, 'dist/cdn/furrow.js.sri')), 'CDN loader and its SRI ship');
  const elements = Object.keys(pkg.exports).filter((k) => !['.', './package.json', './custom-elements.json'].includes(k));
  assert.ok(elements.includes('./provider'), `subpath per element: ${elements.join(', ')}`);
  for (const e of elements) assert.ok(pkg.sideEffects.includes(pkg.exports[e].default), `${e} is declared side-effectful (it defines a tag)`);
  // Node resolves each subpath (importing would need a DOM).
  const resolved = run(`console.log(JSON.stringify(${JSON.stringify(elements)}.map((e) => import.meta.resolve('@furrow/elements' + e.slice(1)))))`);
  for (const url of JSON.parse(resolved)) assert.ok(url.includes('/node_modules/@furrow/elements/dist/'), url);
});

test('TypeScript consumers get types from the tarballs (types condition, subpaths)', () => {
  writeFileSync(join(project, 'consumer.ts'), `
import { createFurrow, type FurrowClient } from '@furrow/sdk';
import { routes, type RouteId } from '@furrow/schema';
import { createFurrowRouter } from '@furrow/server';
import type { FurrowProvider } from '@furrow/elements/provider';
const client: FurrowClient = createFurrow({ baseUrl: 'http://x', publishableKey: 'pk_x' });
const path: string = routes['courses.list'].path;
let course: RouteId | undefined;
let provider: FurrowProvider | undefined;
void client; void path; void course; void provider; void createFurrowRouter;
`);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, lib: ['ES2023', 'DOM'], types: [] },
    files: ['consumer.ts'],
  }));
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the installed server serves its CDN build (latest and pinned), demo media and trusts a proxy when FURROW_TRUST_PROXY says so', { timeout: 120_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const dataDir = mkdtempSync(join(tmpdir(), 'furrow-pack-data-'));
  const version = JSON.parse(readFileSync(join(project, 'node_modules/@furrow/elements/package.json'), 'utf8')).version;
  // From the temp project, like a partner would run it: nothing of the repo is reachable.
  const { child, ready: started } = startInstalled(spawn, createInterface, ['start', '--demo', '--port', '0', '--data-dir', dataDir, '--ready-json', '--write-rate-limit', '2'], { FURROW_TRUST_PROXY: '1' });
  try {
    const ready = await started;
    const get = (path, headers = {}) => fetch(ready.url + path, { headers: { 'x-furrow-key': ready.publishableKey, ...headers } });
    const latest = await get('/cdn/furrow.js');
    assert.equal(latest.status, 200, '/cdn/furrow.js');
    assert.equal(latest.headers.get('cache-control'), 'public, max-age=300');
    const pinned = await get(`/cdn/v/${version}/furrow.js`);
    assert.equal(pinned.status, 200, `/cdn/v/${version}/furrow.js`);
    assert.match(pinned.headers.get('cache-control'), /immutable/);
    // A demo lesson's self-hosted video, resolved as the lesson player does (against the base URL).
    const courses = (await (await get('/v1/courses?limit=50')).json()).data;
    let video = null;
    for (const c of courses) {
      const course = await (await get(`/v1/courses/${c.id}`)).json();
      for (const l of course.sections.flatMap((s) => s.lessons)) {
        const lesson = await (await get(`/v1/lessons/${l.id}`)).json();
        if (lesson.video?.provider === 'self_hosted') video ??= lesson.video.url;
      }
      if (video) break;
    }
    assert.ok(video, 'a demo lesson has a self-hosted video');
    const media = await fetch(new URL(video, ready.url + '/'));
    assert.equal(media.status, 200, `demo media ${video}`);
    assert.match(media.headers.get('content-type'), /video\/webm/);
    // FURROW_TRUST_PROXY=1: each X-Forwarded-For client has its own write budget (2 a minute here).
    const write = (ip) => fetch(ready.url + '/v1/auth/confirm-email', { method: 'POST', headers: { 'x-furrow-key': ready.publishableKey, 'content-type': 'application/json', 'x-forwarded-for': ip }, body: '{"token":"x"}' });
    const statuses = [];
    for (const ip of ['198.51.100.1', '198.51.100.1', '198.51.100.1', '198.51.100.2']) statuses.push((await write(ip)).status);
    assert.deepEqual(statuses.map((s) => s === 429), [false, false, true, false], String(statuses));
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('docs/getting-started.md from nothing, on the installed server: operator, site and keys, then the keys work', { timeout: 120_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const bin = join(project, 'node_modules/.bin/furrow-server');
  // The guide's commands as written, in the partner's project (data in ./.furrow-data).
  const run = (args) => {
    const r = spawnSync(bin, args, { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 0, `furrow-server ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  rmSync(join(project, '.furrow-data'), { recursive: true, force: true });
  assert.match(run(['operator', 'create', '--email', 'ops@extension.example', '--name', 'KVK Ops']), /One-time password: \S+/);
  const made = JSON.parse(run(['sites', 'create', '--name', 'Nashik FPO', '--origin', 'https://fpo.example', '--json']));
  assert.match(made.publishableKey, /^pk_live_/);
  assert.match(made.secretKey, /^sk_live_/);
  const { child, ready: started } = startInstalled(spawn, createInterface, ['start', '--port', '0', '--ready-json']);
  try {
    const ready = await started;
    // The publishable key works from the site's origin, and only there.
    const from = (origin) => fetch(`${ready.url}/v1/courses`, { headers: { 'x-furrow-key': made.publishableKey, origin } });
    const ok = await from('https://fpo.example');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://fpo.example');
    assert.equal((await from('https://elsewhere.example')).status, 403);
    // The partner's backend mints an embed token with the secret key (step 3 of the guide).
    const token = await fetch(`${ready.url}/v1/embed-tokens`, {
      method: 'POST', headers: { authorization: `Bearer ${made.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: 'farmer-42', name: 'Asha Pawar', locale: 'mr' }),
    });
    assert.equal(token.status, 201, await token.clone().text());
    const me = await fetch(`${ready.url}/v1/me`, { headers: { 'x-furrow-key': made.publishableKey, authorization: `Bearer ${(await token.json()).token}` } });
    assert.equal((await me.json()).name, 'Asha Pawar');
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    rmSync(join(project, '.furrow-data'), { recursive: true, force: true });
  }
});

/** Starts the installed `furrow-server` in the temp project; `ready` is its `--ready-json` line. */
function startInstalled(spawn, createInterface, args, env = {}) {
  const child = spawn(join(project, 'node_modules/.bin/furrow-server'), args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`furrow-server exited (${code}):\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line));
    });
  });
  return { child, ready };
}
