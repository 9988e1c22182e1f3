// The WordPress plugin, through the real CMS: Debian's WordPress on `php -S`, MariaDB at
// 127.0.0.1:3306, the plugin from examples/cms-plugin/wordpress/furrow, a post with the
// shortcode and one with the block — rendered in Chromium, anonymous and signed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCdn, hasWordPress, launchBrowser, root, startDemoServer, waitFor, watchedPage } from './helpers.mjs';

const WP = '/usr/share/wordpress';
const SKIP = hasWordPress() ? false : 'php and WordPress are not installed (apt-get install wordpress php-cli php-mysql; .ci/run does this)';
const DB = `furrow_wp_${process.pid}`;
let furrow;
let work;
let php;
let wpUrl;
let posts;
let browser;

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

function mysql(sql) {
  const r = spawnSync('mysql', ['-h', '127.0.0.1', '-P', '3306', '-u', 'root', '-e', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mysql: ${r.stderr}`);
}

/** A WordPress root of our own: copies of the top-level PHP files (so ABSPATH and wp-config.php
 * are ours), Debian's wp-includes/wp-admin linked, and a wp-content with the plugin linked in. */
function makeWordPressRoot(dir, port) {
  for (const name of readdirSync(WP)) {
    const src = join(WP, name);
    if (name === 'wp-config.php' || name === 'wp-content') continue;
    if (statSync(src).isDirectory()) symlinkSync(src, join(dir, name));
    else copyFileSync(src, join(dir, name));
  }
  mkdirSync(join(dir, 'wp-content/plugins'), { recursive: true });
  mkdirSync(join(dir, 'wp-content/uploads'), { recursive: true });
  symlinkSync(join(WP, 'wp-content/themes'), join(dir, 'wp-content/themes'));
  symlinkSync(join(root, 'examples/cms-plugin/wordpress/furrow'), join(dir, 'wp-content/plugins/furrow'));
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'wp-config.php'), `<?php
define('DB_NAME', '${DB}'); define('DB_USER', 'root'); define('DB_PASSWORD', ''); define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');
define('WP_HOME', '${url}'); define('WP_SITEURL', '${url}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content'); define('WP_CONTENT_URL', '${url}/wp-content');
define('WP_PLUGIN_DIR', __DIR__ . '/wp-content/plugins'); define('WP_PLUGIN_URL', '${url}/wp-content/plugins');
define('AUTOMATIC_UPDATER_DISABLED', true); define('DISABLE_WP_CRON', true); define('WP_DEBUG', false);
define('WP_HTTP_BLOCK_EXTERNAL', true); define('WP_ACCESSIBLE_HOSTS', '127.0.0.1');
define('FURROW_URL', '${furrow.url}');
define('FURROW_PUBLISHABLE_KEY', '${furrow.publishableKey}');
define('FURROW_SECRET_KEY', '${furrow.secretKey}');
foreach (['AUTH_KEY','SECURE_AUTH_KEY','LOGGED_IN_KEY','NONCE_KEY','AUTH_SALT','SECURE_AUTH_SALT','LOGGED_IN_SALT','NONCE_SALT'] as $k) define($k, 'furrow-test-' . $k);
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`);
  return url;
}

before(async () => {
  if (SKIP) return;
  buildCdn();
  furrow = await startDemoServer();
  const lessons = await fetch(`${furrow.url}/v1/courses?limit=20&price=free`, { headers: { 'x-furrow-key': furrow.publishableKey } }).then((r) => r.json());
  const course = await fetch(`${furrow.url}/v1/courses/${lessons.data[0].id}`, { headers: { 'x-furrow-key': furrow.publishableKey } }).then((r) => r.json());
  const lesson = course.sections.flatMap((s) => s.lessons)[0];

  work = mkdtempSync(join(tmpdir(), 'furrow-wp-'));
  const port = await freePort();
  wpUrl = makeWordPressRoot(work, port);
  mysql(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB} CHARACTER SET utf8mb4`);

  // Install WordPress without a browser: wp_install() and friends, as wp-admin/install.php does.
  writeFileSync(join(work, 'furrow-install.php'), `<?php
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = '127.0.0.1:${port}';
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_install('Sahyadri Co-operative', 'admin', 'admin@coop.example', true, '', 'admin-password-123');
update_option('show_avatars', 0); // no requests to gravatar from a test machine
$r = activate_plugin('furrow/furrow.php');
if (is_wp_error($r)) { fwrite(STDERR, $r->get_error_message()); exit(1); }
$uid = wp_create_user('ganesh', 'ganesh-password-123', 'ganesh@coop.example');
wp_update_user(['ID' => $uid, 'display_name' => 'Ganesh Pawar']);
$shortcode = wp_insert_post(['post_title' => 'Soil lesson (shortcode)', 'post_status' => 'publish', 'post_author' => 1,
  'post_content' => '<p>Our agronomist recommends this lesson.</p>[furrow_lesson id="${lesson.id}"]']);
$block = wp_insert_post(['post_title' => 'Soil lesson (block)', 'post_status' => 'publish', 'post_author' => 1,
  'post_content' => '<!-- wp:furrow/lesson {"lessonId":"${lesson.id}","locale":"en"} /-->']);
echo json_encode(['shortcode' => get_permalink($shortcode), 'block' => get_permalink($block), 'lessonId' => '${lesson.id}', 'courseId' => '${course.id}']);
`);
  const install = spawnSync('php', [join(work, 'furrow-install.php')], { cwd: work, encoding: 'utf8' });
  assert.equal(install.status, 0, `WordPress install failed:\n${install.stdout}\n${install.stderr}`);
  posts = JSON.parse(install.stdout.slice(install.stdout.indexOf('{')));

  php = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', work], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  php.stderr.on('data', () => {});
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${wpUrl}/wp-login.php`)).status === 200) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  await browser?.close();
  php?.kill('SIGTERM');
  await furrow?.stop();
  if (!SKIP) {
    try { mysql(`DROP DATABASE IF EXISTS ${DB}`); } catch { /* already gone */ }
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

test('shortcode: an anonymous reader sees the lesson player; the page never holds a secret key or a token', { skip: SKIP, timeout: 90_000 }, async () => {
  const html = await fetch(posts.shortcode).then((r) => r.text());
  assert.ok(html.includes(`<furrow-lesson-player lesson-id="${posts.lessonId}" course-id="${posts.courseId}">`), 'player markup with the lesson and its course');
  assert.ok(html.includes(`${furrow.url}/cdn/furrow.js`), 'the CDN loader');
  assert.ok(!html.includes(furrow.secretKey) && !html.includes('sk_test_'), 'no secret key in the page');
  assert.ok(!/ token="/.test(html), 'no token for anonymous readers');

  const page = await watchedPage(browser, { allow: [/favicon/, /wp-emoji/] });
  await page.goto(posts.shortcode, { waitUntil: 'networkidle0' });
  await waitFor(page, () => customElements.get('furrow-lesson-player') && document.querySelector('furrow-lesson-player').shadowRoot?.textContent.trim().length > 0, { what: 'the lesson player to render' });
  const text = await page.evaluate(() => document.querySelector('furrow-lesson-player').shadowRoot.textContent);
  assert.ok(text.trim().length > 0, 'the player rendered');
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('block: the same player through the "Furrow lesson" block', { skip: SKIP, timeout: 90_000 }, async () => {
  const page = await watchedPage(browser, { allow: [/favicon/, /wp-emoji/] });
  await page.goto(posts.block, { waitUntil: 'networkidle0' });
  await waitFor(page, () => customElements.get('furrow-lesson-player') && document.querySelector('furrow-lesson-player').shadowRoot?.textContent.trim().length > 0, { what: 'the lesson player to render' });
  assert.equal(await page.$eval('furrow-provider', (p) => p.getAttribute('locale')), 'en');
  assert.deepEqual(page.problems(), []);
  await page.close();
});

test('signed-in WordPress users get a server-minted embed token: the player knows who they are', { skip: SKIP, timeout: 90_000 }, async () => {
  const ctx = await browser.createBrowserContext();
  const page = await watchedPage(ctx, { allow: [/favicon/, /wp-emoji/] });
  await page.goto(`${wpUrl}/wp-login.php?redirect_to=${encodeURIComponent(posts.shortcode)}`, { waitUntil: 'networkidle0' });
  await page.type('#user_login', 'ganesh');
  await page.type('#user_pass', 'ganesh-password-123');
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#wp-submit')]);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, new URL(posts.shortcode).pathname + new URL(posts.shortcode).search);
  const token = await page.$eval('furrow-provider', (p) => p.getAttribute('token'));
  assert.ok(token && !token.startsWith('sk_'), 'an embed token, not the secret key');
  await waitFor(page, () => !!(customElements.get('furrow-provider') && document.querySelector('furrow-provider').client), { what: 'the provider' });
  const me = await page.evaluate(async () => document.querySelector('furrow-provider').client.auth.me.retrieve());
  assert.equal(me.name, 'Ganesh Pawar');
  assert.equal(me.externalId?.startsWith('wp-'), true);
  const html = await page.content();
  assert.ok(!html.includes(furrow.secretKey), 'no secret key in the signed-in page either');
  await waitFor(page, () => document.querySelector('furrow-lesson-player')?.shadowRoot?.textContent.trim().length > 0, { what: 'the lesson player to render' });
  assert.deepEqual(page.problems(), []);
  await ctx.close();
});
