import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Cache-Control of what the router serves from disk. */
export const ASSET_CACHE = {
  /** `/cdn/v/<version>/…` and content-hashed chunks: the bytes never change at that URL. */
  immutable: 'public, max-age=31536000, immutable',
  /** `/cdn/furrow.js`: follows releases, so partners get a new release within minutes. */
  loader: 'public, max-age=300',
  /** Everything else (media, manifest, `.sri`): revalidated with its ETag. */
  revalidate: 'no-cache',
} as const;

/** The CDN build the router serves: its folder and the version that `/cdn/v/<version>/` pins. */
export interface CdnBuild {
  dir: string;
  version: string;
}

/**
 * The CDN build of the installed `@furrow/elements` (found through package resolution, so it
 * works the same in the repository and in an npm install), or null when it is not installed.
 */
export function installedCdn(): CdnBuild | null {
  try {
    // A file lookup, not an import: the server runs no code of the elements package.
    const pkgFile = createRequire(import.meta.url).resolve('@furrow/elements/package.json');
    const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
    return { dir: join(dirname(pkgFile), 'dist', 'cdn'), version };
  } catch {
    return null;
  }
}

/** The demo media that ship with the server package (`media/`, beside `dist/` and `src/`). */
export const DEMO_MEDIA_DIR = fileURLToPath(new URL('../../media', import.meta.url));

/** The loader's file name in the CDN build. */
const LOADER = '/furrow.js';

type Serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

function folder(dir: string, cache: (path: string) => string): Serve {
  return sirv(dir, {
    dev: true, etag: true, gzip: true, brotli: true, extensions: [],
    setHeaders(res, path) {
      res.setHeader('Cache-Control', cache(path));
      // Partner pages load the loader, its chunks and the demo media cross-origin; caption
      // <track>s (and <video crossorigin>) load only with CORS.
      if (/\.(js|json|vtt|webm|mp4|sri)$/.test(path)) res.setHeader('Access-Control-Allow-Origin', '*');
    },
  }) as Serve;
}

/** Runs sirv on `rest`; true when it answered (sirv looks files up synchronously). */
function tryServe(serve: Serve, req: IncomingMessage, res: ServerResponse, rest: string): boolean {
  const original = req.url;
  req.url = rest || '/';
  let missed = false;
  serve(req, res, () => (missed = true));
  if (missed) req.url = original;
  return !missed;
}

/**
 * Serves the CDN build and the demo media from inside the router, so they live under the
 * router's mount path like its API (`/lms/cdn/furrow.js` when mounted at `/lms`):
 *
 * - `/cdn/furrow.js` — the loader, following releases (short cache);
 * - `/cdn/v/<version>/furrow.js` (and its chunks) — the same build at a URL that never changes,
 *   for SRI pins (immutable);
 * - `/media/…` — the demo videos and captions.
 *
 * Returns a function that answers GET/HEAD for those paths and says whether it did.
 */
export function createAssetServer(opts: { cdn: CdnBuild | null; mediaDir: string | null }) {
  const cdn = opts.cdn && existsSync(opts.cdn.dir) ? opts.cdn : null;
  const hashed = (path: string) => /\/chunks\/|[.-][a-z0-9]{8}\.js$/i.test(path);
  const latest = cdn && folder(cdn.dir, (p) => (p === LOADER ? ASSET_CACHE.loader : hashed(p) ? ASSET_CACHE.immutable : ASSET_CACHE.revalidate));
  const pinned = cdn && folder(cdn.dir, () => ASSET_CACHE.immutable);
  const pinnedPrefix = cdn ? `/cdn/v/${cdn.version}/` : null;
  const media = opts.mediaDir && existsSync(opts.mediaDir) ? folder(opts.mediaDir, () => ASSET_CACHE.revalidate) : null;
  return (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const query = (req.url ?? '').slice(path.length);
    if (pinned && pinnedPrefix && path.startsWith(pinnedPrefix)) return tryServe(pinned, req, res, path.slice(pinnedPrefix.length - 1) + query);
    if (path.startsWith('/cdn/v/')) return false;
    if (latest && path.startsWith('/cdn/')) return tryServe(latest, req, res, path.slice(4) + query);
    if (media && path.startsWith('/media/')) return tryServe(media, req, res, path.slice(6) + query);
    return false;
  };
}
