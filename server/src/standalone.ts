import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { createFurrowRouter, type FurrowRouter } from './router.js';
import type { FurrowServerOptions } from './core/config.js';
import { sendNotFoundPage, staticPageCsp } from './core/html.js';

/** A folder served under a URL prefix by the standalone server. */
export interface StaticMount {
  prefix: string;
  dir: string;
  /**
   * Send a CSP fitted to each HTML page (`staticPageCsp`: scripts from this origin and the
   * page's own inline scripts by hash). On for the server's own pages (examples, docs); off by
   * default, since a folder of yours may load what the server cannot see in its HTML.
   */
  csp?: boolean;
}

/** Options of {@link createFurrowServer}. */
export interface FurrowServerStandaloneOptions extends FurrowServerOptions {
  /** Static folders (examples, docs); the router itself serves the CDN build and demo media. */
  static?: StaticMount[];
}

/**
 * A ready-to-listen `node:http` server: the Furrow router plus static folders. The CLI uses it;
 * embedders usually mount {@link createFurrowRouter} in their own app instead.
 *
 * @example
 * ```ts
 * const { server, router } = createFurrowServer({ database: { dataDir: './data' } });
 * server.listen(8787);
 * ```
 */
export function createFurrowServer(options: FurrowServerStandaloneOptions = {}): { server: Server; router: FurrowRouter } {
  const router = createFurrowRouter(options);
  const mounts = (options.static ?? [])
    .filter((m) => existsSync(m.dir))
    .map((m) => ({ prefix: m.prefix.replace(/\/$/, ''), serve: sirv(m.dir, { dev: true, etag: true, extensions: ['html'], gzip: true, brotli: true, setHeaders: staticHeaders(m.dir, m.csp === true) }) }))
    // Longest prefix first so `/docs` wins over `/`.
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    router(req, res, () => {
      const url = req.url ?? '/';
      for (const m of mounts) {
        if (m.prefix === '' || url === m.prefix || url.startsWith(m.prefix + '/') || url.startsWith(m.prefix + '?')) {
          const original = req.url;
          req.url = url.slice(m.prefix.length) || '/';
          return m.serve(req, res, () => {
            req.url = original;
            sendNotFoundPage(res);
          });
        }
      }
      sendNotFoundPage(res);
    });
  });
  server.keepAliveTimeout = 65_000;
  return { server, router };
}

/** The `setHeaders` of a static folder: caching, CORS for scripts and media, a CSP on HTML. */
function staticHeaders(dir: string, csp: boolean) {
  return (res: import('node:http').ServerResponse, path: string, stats: Stats): void => {
    fileHeaders(res, path);
    const html = csp ? htmlFile(dir, path, stats) : null;
    if (html) res.setHeader('Content-Security-Policy', staticPageCsp(html));
  };
}

const cspCache = new Map<string, { mtimeMs: number; html: string }>();

/**
 * The text of the HTML page sirv answers `path` with, else null. sirv tells only the stats of
 * the file it chose (maybe a precompressed `.br`/`.gz` copy), so find that file as sirv looks it
 * up and read the page it is a copy of.
 */
function htmlFile(dir: string, path: string, stats: Stats): string | null {
  const base = join(dir, path);
  const chosen = [base, `${base}.html`, join(base, 'index.html')]
    .flatMap((f) => [f, `${f}.br`, `${f}.gz`])
    .find((f) => {
      try {
        const s = statSync(f);
        return s.isFile() && s.size === stats.size && s.mtimeMs === stats.mtimeMs;
      } catch {
        return false;
      }
    });
  const file = chosen?.replace(/\.(br|gz)$/, '');
  if (!file || !file.endsWith('.html') || !existsSync(file)) return null;
  const mtimeMs = statSync(file).mtimeMs;
  const hit = cspCache.get(file);
  if (hit?.mtimeMs === mtimeMs) return hit.html;
  const html = readFileSync(file, 'utf8');
  cspCache.set(file, { mtimeMs, html });
  return html;
}

function fileHeaders(res: import('node:http').ServerResponse, path: string): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Hashed CDN chunks never change; everything else revalidates.
  if (/\/chunks\/|[.-][a-z0-9]{8}\.js$/i.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'no-cache');
  // The CDN loader and chunks are loaded cross-origin by partner sites.
  // Demo media too: partner pages play it cross-origin, and caption <track>s (and <video
  // crossorigin>) load only with CORS.
  if (/\.(js|json|vtt|webm|mp4)$/.test(path)) res.setHeader('Access-Control-Allow-Origin', '*');
}

/** The repository root when running from a checkout (for default static folders), else null. */
export function findRepoRoot(from: string): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'packages', 'schema')) && existsSync(join(dir, 'server'))) return dir;
    const up = join(dir, '..');
    if (up === dir) break;
    dir = up;
  }
  return null;
}
