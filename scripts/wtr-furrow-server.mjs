// Helpers for web-test-runner.config.mjs: the real Furrow server and msw's service worker.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the test runner serves a fresh CDN build (inside its root, so chunks load as files). */
export const CDN_PATH = '/node_modules/.cache/furrow-wtr-cdn/';
/** Where it serves a fresh docs site (`scripts/docs.mjs --no-typedoc`), same-origin for tests. */
export const DOCS_PATH = '/node_modules/.cache/furrow-wtr-docs/';
const builds = new Map();

/**
 * Runs one build into `out` (a path under the root), once per test-runner session and only when
 * a test first asks for a file there: runs that do not load it do not pay for it, and no test
 * depends on a `npm run build` or `npm run docs` done earlier.
 */
function buildOnce(what, out, args, envName) {
  if (!builds.has(what)) {
    builds.set(what, new Promise((resolve, reject) => {
      const env = { ...process.env, [envName]: join(root, out) };
      execFile(process.execPath, args, { cwd: root, env }, (err, _out, stderr) =>
        err ? reject(new Error(`${what} build failed: ${stderr || err.message}`)) : resolve());
    }));
  }
  return builds.get(what);
}

/** The CDN bundles (rollup.config.mjs, a few seconds) into {@link CDN_PATH}. */
const buildCdnOnce = () => buildOnce('CDN', CDN_PATH, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.config.mjs', '--silent'], 'FURROW_CDN_OUT');
/** The docs site without TypeDoc (a few seconds) into {@link DOCS_PATH}. */
const buildDocsOnce = () => buildOnce('docs', DOCS_PATH, ['--conditions=furrow-src', '--import', 'tsx', 'scripts/docs.mjs', '--no-typedoc'], 'FURROW_DOCS_OUT');

/**
 * Starts `server/src/cli.ts start --demo` on a free port with a fresh PGlite data directory.
 * `env` (`{ baseUrl, publishableKey }`) is what pages may see; `secretKey` stays in Node, as
 * on a partner's server: the server refuses a secret key from a browser.
 */
export async function startFurrowServer({ timeoutMs = 120_000, log = () => {} } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'furrow-wtr-'));
  const child = spawn(
    process.execPath,
    ['--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', 'start', '--demo', '--port', '0', '--data-dir', dataDir, '--ready-json'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Furrow server not ready after ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`Furrow server exited with ${code}\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.event === 'ready') {
          clearTimeout(timer);
          resolve(msg);
        }
      } catch {
        log(line);
      }
    });
  });
  return {
    env: { baseUrl: ready.url, publishableKey: ready.publishableKey },
    secretKey: ready.secretKey,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Furrow server the plugin started (for {@link partnerServerMiddleware}). */
let running = null;

/** Where a browser test reaches the test runner's stand-in for a partner's server. */
export const PARTNER_PATH = '/__furrow-partner/';

/**
 * The partner's server, for browser tests: `<PARTNER_PATH>v1/…` is forwarded from Node to the
 * Furrow server with the demo secret key (no `Origin`: server to server), and the answer passed
 * back as is. Pages never hold the secret key — Furrow refuses one from a browser
 * (`403 secret_key_in_browser`) — so a test mints embed tokens the way a partner page would:
 * by asking its own server.
 */
export async function partnerServerMiddleware(ctx, next) {
  if (!ctx.path.startsWith(PARTNER_PATH)) return next();
  if (!running) {
    ctx.status = 503;
    ctx.body = { error: { code: 'unavailable', message: 'the Furrow server did not start' } };
    return;
  }
  const chunks = [];
  for await (const c of ctx.req) chunks.push(c);
  const r = await fetch(running.env.baseUrl + '/' + ctx.path.slice(PARTNER_PATH.length) + (ctx.search ?? ''), {
    method: ctx.method,
    headers: { 'x-furrow-key': running.secretKey, ...(chunks.length ? { 'content-type': ctx.get('content-type') || 'application/json' } : {}) },
    body: chunks.length ? Buffer.concat(chunks) : undefined,
  });
  ctx.status = r.status;
  ctx.type = r.headers.get('content-type') ?? 'application/json';
  ctx.body = Buffer.from(await r.arrayBuffer());
}

/**
 * A web-test-runner plugin: starts the Furrow server with the test server, stops it after,
 * and serves `/__furrow-env.js` (`export const env = { baseUrl, publishableKey }`, and
 * `cdnLoader`, the URL of the CDN build's furrow.js, built on first request).
 * When the server cannot start (not built yet), `env` is null and tests that need it skip.
 */
export function furrowServerPlugin() {
  let server;
  let error = null;
  return {
    name: 'furrow-server',
    async serverStart({ logger }) {
      try {
        server = running = await startFurrowServer();
      } catch (e) {
        error = String(e?.message ?? e);
        logger?.warn?.(`[furrow-server] not started: ${error}`);
      }
    },
    async serverStop() {
      await server?.stop();
    },
    async serve(context) {
      if (context.path === '/__furrow-env.js') {
        const body = `export const env = ${JSON.stringify(server?.env ?? null)};\nexport const envError = ${JSON.stringify(error)};\n` +
          `export const cdnLoader = ${JSON.stringify(`${CDN_PATH}furrow.js`)};\nexport const docsSite = ${JSON.stringify(DOCS_PATH)};\n`;
        return { body, type: 'js' };
      }
      // The files themselves are then served from disk like any other.
      if (context.path.startsWith(CDN_PATH)) return void (await buildCdnOnce());
      if (context.path.startsWith(DOCS_PATH)) return void (await buildDocsOnce());
      if (context.path === '/__furrow-sandbox' && server) return sandboxAct(server.env.baseUrl, context.query);
    },
  };
}

/**
 * Test-only: acts on the sandbox's hosted TEST MODE page the way a learner would (`GET
 * /__furrow-sandbox?url=<session url>&action=pay|cancel`). The page is unframeable and its forms
 * accept posts only from its own origin, so a browser test cannot press Pay itself; Node reads
 * the page's form token and posts the real form (no Origin header, like the page's own form).
 * Answers `{ status, location }` — the 303's return URL.
 */
async function sandboxAct(baseUrl, query) {
  const url = String(query.url ?? '');
  const action = query.action === 'cancel' ? 'cancel' : 'pay';
  if (!url.startsWith(`${baseUrl}/sandbox/checkout/`)) return { body: JSON.stringify({ error: 'not a sandbox session url' }), type: 'json' };
  const page = await (await fetch(url)).text();
  const token = /name="token" value="([^"]*)"/.exec(page)?.[1] ?? '';
  const r = await fetch(`${url}/${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, method: String(query.method ?? 'upi') }),
  });
  return { body: JSON.stringify({ status: r.status, location: r.headers.get('location') }), type: 'json' };
}

/** Serves msw's worker script at the origin root, so `setupWorker()` can control every test page. */
export async function mswWorkerMiddleware(ctx, next) {
  if (ctx.path !== '/mockServiceWorker.js') return next();
  ctx.type = 'application/javascript';
  ctx.set('Service-Worker-Allowed', '/');
  ctx.body = await readFile(join(root, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8');
}
