// docs/getting-started.md, followed literally: every `npx furrow-server …` and `curl …` line of
// its sh blocks runs as written, in order, against a fresh PGlite data directory — the CLI from
// source, `start` on a port of its own — with only the guide's placeholders (`<site-id>`, the
// one-time password, the secret key, the server's address) filled in from what earlier steps
// printed. A command or flag the CLI does not have fails here.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('../../', import.meta.url).pathname;
const GUIDE = join(root, 'docs/getting-started.md');
const PUBLIC_URL = 'https://learn.example.org';
// A port of the range this suite may use (8300–8399).
const PORT = String(8300 + (process.pid % 90));
const CLI = ['--conditions=furrow-src', '--import', 'tsx', join(root, 'server/src/cli.ts')];

/** The commands of the guide's sh blocks: continuation lines joined, comments dropped. */
export function guideCommands(md) {
  return [...md.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
    .flatMap((m) => m[1].replace(/\\\n\s*/g, '').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Shell words: whitespace-separated; quoted parts (`NAME='a b'`, `"KVK Ops"`) join their word, unquoted. */
function words(line) {
  return [...line.matchAll(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g)].map((m) => m[0].replace(/'([^']*)'|"([^"]*)"/g, '$1$2'));
}

function startServer(args, env) {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err = (err + c).slice(-8000)));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready\n${err}`)), 120_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`start exited with ${code}\n${err}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const m = JSON.parse(line);
      if (m.event === 'ready') { clearTimeout(timer); resolve(m.url); }
    });
  });
  return { child, ready, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

describe('docs/getting-started.md, run as written', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'furrow-guide-'));
  let server = null;
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a site, starts, mints an embed token and rolls the secret key with an overlap', { timeout: 600_000 }, async () => {
    const commands = guideCommands(readFileSync(GUIDE, 'utf8'));
    assert.ok(commands.some((c) => /sites create/.test(c)) && commands.some((c) => /rotate-key/.test(c)), commands.join('\n'));
    const env = { ...process.env, NODE_ENV: 'test' };
    delete env.DATABASE_URL;
    const found = {}; // what earlier steps printed
    let url = null;
    const fill = (line) => line
      .replaceAll('<site-id>', found.siteId ?? '<site-id>')
      .replaceAll('<one-time password>', found.password ?? '<one-time password>')
      .replaceAll(PUBLIC_URL, url ?? PUBLIC_URL);
    const ran = [];
    for (const raw of commands) {
      const line = fill(raw);
      if (line === 'npm install @furrow/server') continue; // here: the workspace's own server
      if (line.startsWith('curl ')) {
        assert.ok(url, 'curl before the server started');
        const r = spawnSync('bash', ['-c', line], { encoding: 'utf8', env: { ...env, FURROW_SECRET_KEY: found.secretKey } });
        assert.equal(r.status, 0, `${raw}\n${r.stderr}`);
        const body = JSON.parse(r.stdout);
        assert.ok(body.token && body.expiresAt && body.user?.name === 'Ganesh Pawar', r.stdout);
        ran.push('curl');
        continue;
      }
      const w = words(line);
      const vars = {};
      while (/^[A-Z_]+=/.test(w[0])) { const [k, ...v] = w.shift().split('='); vars[k] = v.join('='); }
      assert.deepEqual(w.slice(0, 2), ['npx', 'furrow-server'], `not a furrow-server command: ${raw}`);
      const args = [...w.slice(2), '--data-dir', dataDir];
      if (w[2] === 'start') {
        server = startServer([...args, '--port', PORT, '--ready-json'], { ...env, ...vars });
        await server.ready; // announces the public URL; the guide's requests go to the port
        url = `http://127.0.0.1:${PORT}`;
        ran.push('start');
        continue;
      }
      const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: root, encoding: 'utf8', env: { ...env, ...vars } });
      assert.equal(r.status, 0, `${line}\n${r.stdout}\n${r.stderr}`);
      found.password ??= /One-time password: (\S+)/.exec(r.stdout)?.[1];
      found.siteId ??= /Site created: .* \(([0-9a-f-]{36})\)/.exec(r.stdout)?.[1];
      const secret = /(?:Secret key|New secret key for .*?): +(sk_\S+)/.exec(r.stdout)?.[1];
      if (secret && found.secretKey) found.newSecretKey = secret;
      else if (secret) found.secretKey = secret;
      ran.push(w.slice(2, 4).join(' '));
    }
    assert.deepEqual(ran, ['operator create', 'sites create', 'start', 'curl', `sites rotate-key`, `sites show`]);
    assert.ok(found.newSecretKey && found.newSecretKey !== found.secretKey);
    // The overlap the guide promises: both secret keys mint tokens now.
    for (const key of [found.secretKey, found.newSecretKey]) {
      const r = await fetch(`${url}/v1/embed-tokens`, { method: 'POST', headers: { 'x-furrow-key': key, 'content-type': 'application/json' }, body: JSON.stringify({ externalId: 'coop-member-42' }) });
      assert.equal(r.status, 201, await r.text());
    }
  });
});
