/**
 * The server as a real process (`server/src/cli.ts start --ready-json`) for crash and
 * several-instance tests, and a throwaway PostgreSQL database per run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A running CLI server. */
export interface CliServer {
  url: string;
  publishableKey: string | null;
  secretKey: string | null;
  child: ChildProcess;
  /** stderr so far (for failure messages). */
  stderr(): string;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `furrow-server start` from source on a free port.
 *
 * @example
 * ```ts
 * const srv = await startCli({ dataDir: '/tmp/x', demo: true });
 * ```
 */
export async function startCli(opts: { dataDir: string; demo?: boolean; databaseUrl?: string; env?: Record<string, string>; args?: string[]; timeoutMs?: number }): Promise<CliServer> {
  const args = ['--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', 'start', '--port', '0', '--data-dir', opts.dataDir, '--ready-json', '--write-rate-limit', 'off', '--site-write-rate-limit', 'off', ...(opts.demo ? ['--demo'] : []), ...(opts.args ?? [])];
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', ...opts.env };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  child.stderr!.on('data', (c) => (err = (err + c).slice(-8000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const ready = await new Promise<{ url: string; publishableKey: string | null; secretKey: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in time\n${err}`)), opts.timeoutMs ?? 120_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}\n${err}`)); });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const m = JSON.parse(line);
        if (m.event === 'ready') { clearTimeout(timer); resolve(m); }
      } catch { /* log line */ }
    });
  });
  return {
    ...ready,
    child,
    stderr: () => err,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A fresh PostgreSQL database on the test cluster; `drop()` removes it. */
export async function tempPostgres(base = process.env.FURROW_TEST_DATABASE_URL!): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `furrow_hard_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A tiny JSON client for a CLI server. */
export function client(url: string, publishableKey: string) {
  return async function call<T = any>(method: string, path: string, opts: { token?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T; text: string; headers: Headers }> {
    const headers: Record<string, string> = { 'x-furrow-key': opts.key ?? publishableKey, ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await r.text();
    let body: any = text;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, body, text, headers: r.headers };
  };
}
