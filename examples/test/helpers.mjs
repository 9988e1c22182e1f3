// Shared by the example tests: start the demo server the way a new user would, build the CDN
// bundles, drive Chromium, and record console errors and failed requests on every page.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = new URL('../..', import.meta.url).pathname;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

let cdnBuilt = false;
/** Builds the CDN bundles (rollup, a second or two) and the npm example's page, once per process. */
export function buildCdn() {
  if (cdnBuilt) return;
  execFileSync(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [join(root, 'scripts/build-examples.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  cdnBuilt = true;
}

/**
 * Starts `furrow-server start --demo` from source on a fresh data dir and a free port.
 * @returns {Promise<{ url: string, publishableKey: string, secretKey: string, stop: () => Promise<void>, log: string[] }>}
 */
export async function startDemoServer({ staticMounts } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'furrow-examples-'));
  const args = ['--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', 'start', '--demo', '--port', '0', '--data-dir', dataDir, '--ready-json'];
  for (const m of staticMounts ?? []) args.push('--static', m);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  child.stderr.on('data', (d) => log.push(String(d)));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${log.join('')}`)), 120_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(line);
      if (!line.startsWith('{')) return;
      try {
        const j = JSON.parse(line);
        if (j.event === 'ready') {
          clearTimeout(timer);
          resolve(j);
        }
      } catch { /* not our line */ }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${log.join('')}`)));
  });
  return {
    ...ready,
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium through puppeteer-core (installed with @web/test-runner-chrome). */
export async function launchBrowser() {
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, protocolTimeout: 120_000 });
}

/**
 * Opens a page that records console errors, page errors and failed or >= 400 requests.
 * `page.problems()` lists them; `page.requests` holds every URL requested.
 */
export async function watchedPage(browser, { allow = [] } = {}) {
  const page = await browser.newPage();
  const problems = [];
  const requests = [];
  // Browsers ask for /favicon.ico on pages that name none (the server's own HTML pages).
  const allowed = (text) => [/\/favicon\.ico/, ...allow].some((re) => re.test(text));
  page.on('console', (m) => {
    // "Failed to load resource" repeats a response we already record, with its URL, below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource') && !allowed(m.text())) problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => {
    const t = `request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`;
    if (!allowed(t) && r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(t);
  });
  page.on('response', (r) => {
    const t = `HTTP ${r.status()}: ${r.request().method()} ${r.url()}`;
    if (r.status() >= 400 && !allowed(t)) problems.push(t);
  });
  page.problems = () => problems.slice();
  page.requests = requests;
  page.setDefaultTimeout(20_000);
  return page;
}

/** Waits until `tag` is defined and its shadow root shows text matching `re` (returns the text). */
export async function waitForShadowText(page, selector, re, timeout = 20_000) {
  await page.waitForFunction((sel, src, flags) => {
    const el = document.querySelector(sel) ?? [...document.querySelectorAll('*')].map((e) => e.shadowRoot?.querySelector(sel)).find(Boolean);
    const text = el?.shadowRoot?.textContent ?? '';
    return new RegExp(src, flags).test(text);
  }, { timeout }, selector, re.source, re.flags);
  return page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.textContent ?? '', selector);
}

/** Whether php and the Debian WordPress package are installed (the WordPress test needs them). */
export function hasWordPress() {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
  } catch {
    return false;
  }
  return existsSync('/usr/share/wordpress/wp-settings.php');
}

/** `page.waitForFunction`, but a timeout names what the page reported (console, requests). */
export async function waitFor(page, fn, { timeout = 20_000, what = 'condition' } = {}, ...args) {
  try {
    return await page.waitForFunction(fn, { timeout }, ...args);
  } catch (err) {
    throw new Error(`timed out waiting for ${what} on ${page.url()}\nproblems: ${JSON.stringify(page.problems(), null, 1)}\n${err.message}`, { cause: err });
  }
}
