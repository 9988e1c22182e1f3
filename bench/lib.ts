/** Shared helpers for benchmarks: start the demo server in a child process, run autocannon. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export const root = new URL('..', import.meta.url).pathname;

/** A child process server. */
export interface ChildServer {
  url: string;
  info: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts `furrow-server start --demo` on a fresh PGlite directory (or DATABASE_URL). */
export async function startFurrow(env: Record<string, string> = {}): Promise<ChildServer> {
  const dir = mkdtempSync(join(tmpdir(), 'furrow-bench-'));
  const child = spawn(process.execPath, ['--conditions=furrow-src', '--import', 'tsx', 'server/src/cli.ts', 'start', '--demo', '--port', '0', '--data-dir', dir, '--ready-json'], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env },
  });
  const info = await readyLine(child);
  return {
    url: info.url, info,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a bare `node:http` server that answers every request with the given bytes and headers. */
export async function startBare(body: Buffer, headers: Record<string, string>): Promise<ChildServer> {
  const script = `
    const http = require('node:http');
    const body = Buffer.from(process.env.BODY_B64, 'base64');
    const headers = JSON.parse(process.env.HEADERS);
    const server = http.createServer((req, res) => { res.writeHead(200, { ...headers, 'content-length': body.length }); res.end(body); });
    server.keepAliveTimeout = 65000;
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ event: 'ready', url: 'http://127.0.0.1:' + server.address().port })));
    process.on('SIGTERM', () => process.exit(0));`;
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BODY_B64: body.toString('base64'), HEADERS: JSON.stringify(headers) },
  });
  const info = await readyLine(child);
  return { url: info.url, info, stop: async () => { child.kill('SIGTERM'); await new Promise((ok) => child.once('exit', ok)); } };
}

function readyLine(child: ChildProcess): Promise<Record<string, string>> {
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"event":"ready"'));
      if (line) ok(JSON.parse(line));
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code} before it was ready`)));
  });
}

/** Requests per second with autocannon (keep-alive, `connections` at once). */
export async function rps(opts: { url: string; headers?: Record<string, string>; method?: string; body?: string; connections?: number; seconds?: number; requests?: autocannon.Request[] }): Promise<{ rps: number; errors: number; non2xx: number; p99: number }> {
  const r = await autocannon({
    url: opts.url, connections: opts.connections ?? 10, duration: opts.seconds ?? 8, headers: opts.headers,
    method: (opts.method ?? 'GET') as 'GET', body: opts.body, requests: opts.requests,
  });
  return { rps: r.requests.average, errors: r.errors + r.timeouts, non2xx: r.non2xx, p99: r.latency.p99 };
}
