import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { ERROR_CODES, LOCALES } from '@furrow/schema';
import type { ExtraRoute } from '../core/context.js';
import { HttpError } from '../core/errors.js';
import type { Site } from '../core/context.js';
import type { Services } from '../core/services.js';
import { defineModule } from './module.js';
import { escapeHtml, VIDEO_FRAME_ORIGINS } from '../core/html.js';

/**
 * Embeds for CMSs and any site that can hold an iframe:
 *
 * - `GET /embed/lessons/:id?key=pk_…` and `GET /embed/courses/:id?key=pk_…` — a page with the
 *   lesson player (through the CDN loader), framable only by the origins the publishable key
 *   allows (`Content-Security-Policy: frame-ancestors …`), reporting its height to the parent
 *   with `postMessage` (only to an allowed origin) so the iframe never scrolls.
 * - `GET /oembed?url=…&format=json&maxwidth=…&maxheight=…` — oEmbed 1.0 for those pages, so a
 *   CMS that auto-embeds turns a pasted link into the player. The embed pages advertise it with
 *   `<link rel="alternate" type="application/json+oembed">`.
 * - `GET /embed.js` — the parent-side helper: resizes Furrow iframes when they report a height.
 */

/** Defaults of the embed pages and the oEmbed answers. */
export const EMBED_DEFAULTS = {
  width: 640,
  lessonHeight: 560,
  courseHeight: 640,
  minWidth: 200,
  minHeight: 200,
  /** oEmbed `cache_age`, seconds. */
  cacheAgeSeconds: 3600,
} as const;

/** postMessage types between an embed page and its parent. */
export const EMBED_MESSAGES = {
  /** iframe → parent: `{ type, height }`. */
  resize: 'furrow:resize',
  /** parent → iframe: asks for a `resize` (e.g. after the parent's own layout changed). */
  hello: 'furrow:hello',
  /** parent → iframe: `{ type, token }`, an embed token minted by the partner's server. */
  auth: 'furrow:auth',
} as const;

type Kind = 'lessons' | 'courses';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Target {
  kind: Kind;
  id: string;
  title: string;
  courseId: string;
  description: string | null;
}

/** JSON that is safe inside an inline `<script>` (no `</script>`, no `<!--`, no U+2028/9). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The site's allowlist as CSP source expressions for `frame-ancestors`. The allowlist syntax
 * (`https://coop.example`, `http://localhost:*`, `https://*.coop.example`, `*`) is already valid
 * CSP; anything else is dropped rather than trusted.
 */
export function frameAncestors(origins: readonly string[]): string {
  const ok = origins.filter((o) => o === '*' || /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d+|\*))?$/i.test(o));
  return ["'self'", ...ok].join(' ');
}

function query(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '/';
  const i = url.indexOf('?');
  return new URLSearchParams(i === -1 ? '' : url.slice(i + 1));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  const buf = Buffer.from(body);
  res.setHeader('Content-Length', buf.length);
  res.end(req.method === 'HEAD' ? undefined : buf);
}

/** A published lesson or course that exists on the key's site (shared, or the site's own). */
async function findTarget(services: Services, kind: Kind, id: string, siteId: string): Promise<Target | null> {
  // Ids are UUIDs; anything else cannot exist (and must not reach a uuid column as a 500).
  if (!UUID.test(id)) return null;
  if (kind === 'lessons') {
    const r = await services.db.query<{ id: string; title: string; course_id: string; description: string | null }>(
      `SELECT l.id, l.title, l.course_id, l.description FROM lessons l
         JOIN sections s ON s.id = l.section_id JOIN courses c ON c.id = l.course_id
        WHERE l.id = $1 AND c.status = 'published' AND l.status <> 'private' AND s.status <> 'private'
          AND (c.site_id IS NULL OR c.site_id = $2::uuid)`, [id, siteId]);
    const row = r.rows[0];
    return row ? { kind, id: row.id, title: row.title, courseId: row.course_id, description: row.description } : null;
  }
  const r = await services.db.query<{ id: string; title: string; description: string | null }>(
    `SELECT id, title, description FROM courses WHERE id = $1 AND status = 'published' AND (site_id IS NULL OR site_id = $2::uuid)`, [id, siteId]);
  const row = r.rows[0];
  return row ? { kind, id: row.id, title: row.title, courseId: row.id, description: row.description } : null;
}

async function siteForKey(services: Services, key: string | null): Promise<Site> {
  if (!key) throw new HttpError(400, ERROR_CODES.missingKey, 'Add your publishable key to the embed URL: ?key=pk_…', [{ path: ['query', 'key'], message: 'Required' }]);
  if (!key.startsWith('pk_') || key.length > 200) throw new HttpError(400, ERROR_CODES.invalidKey, 'Embed URLs carry a publishable key (pk_…), never a secret key', [{ path: ['query', 'key'], message: 'Not a publishable key' }]);
  const found = await services.sites.lookup(key);
  if (!found || found.kind !== 'publishable') throw new HttpError(404, ERROR_CODES.invalidKey, 'Unknown publishable key');
  return found.site;
}

function loaderUrl(services: Services): string {
  const custom = services.cdnUrl;
  return typeof custom === 'string' && custom ? custom.replace(/\/$/, '') + '/furrow.js' : `${services.publicUrl}/cdn/furrow.js`;
}

const warned = new WeakSet<Services>();

/**
 * Says once, in the log, that a router mounted under a path (Express sets `originalUrl`) has no
 * `publicUrl`: its embed pages and oEmbed then name the wrong URLs. The URL is never taken from
 * the request's `Host`, which the client chooses (and a shared cache would keep).
 */
function warnIfNoPublicUrl(req: IncomingMessage, services: Services): void {
  const original = (req as { originalUrl?: string }).originalUrl;
  if (services.options.publicUrl || original === undefined || original === req.url || warned.has(services)) return;
  warned.add(services);
  const mount = original.slice(0, original.length - (req.url ?? '').length);
  (services.options.logger ?? console).warn(`furrow: mounted at ${mount} without publicUrl; embed pages and oEmbed use ${services.publicUrl}. Set createFurrowRouter({ publicUrl: 'https://your.host${mount}' }).`);
}

function embedUrl(services: Services, kind: Kind, id: string, key: string): string {
  return `${services.publicUrl}/embed/${kind}/${encodeURIComponent(id)}?key=${encodeURIComponent(key)}`;
}

/** An error as a small HTML page (it is shown inside someone's iframe), with the request id. */
function errorPage(req: IncomingMessage, res: ServerResponse, requestId: string, err: HttpError): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Furrow</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:16px;color:#3b2f1e}p{margin:0 0 8px}small{color:#6b5d45}</style></head>
<body><p role="alert">${escapeHtml(err.message)}</p><small>${escapeHtml(err.code)} · ${escapeHtml(requestId)}</small></body></html>`;
  send(req, res, err.status, html, {
    'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *",
  });
}

function embedPage(kind: Kind): ExtraRoute {
  return {
    method: 'GET',
    path: `/embed/${kind}/:id`,
    async handle(req, res, params, services, requestId) {
      try {
        warnIfNoPublicUrl(req, services);
        const q = query(req);
        const site = await siteForKey(services, q.get('key'));
        const target = await findTarget(services, kind, params.id ?? '', site.id);
        if (!target) throw new HttpError(404, ERROR_CODES.notFound, kind === 'lessons' ? 'Lesson not found' : 'Course not found');
        const localeParam = q.get('locale');
        const locale = localeParam && (LOCALES as readonly string[]).includes(localeParam) ? localeParam : 'en';
        const nonce = randomBytes(16).toString('base64');
        const self = embedUrl(services, kind, target.id, site.publishableKey);
        const oembed = `${services.publicUrl}/oembed?url=${encodeURIComponent(self)}&format=json`;
        const player = kind === 'lessons'
          ? `<furrow-lesson-player course-id="${escapeHtml(target.courseId)}" lesson-id="${escapeHtml(target.id)}"></furrow-lesson-player>`
          : `<furrow-lesson-player course-id="${escapeHtml(target.courseId)}"></furrow-lesson-player>`;
        const config = { allowed: site.allowedOrigins, messages: EMBED_MESSAGES };
        const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(target.title)} · Furrow</title>
${target.description ? `<meta name="description" content="${escapeHtml(target.description.slice(0, 300))}">\n` : ''}<link rel="alternate" type="application/json+oembed" href="${escapeHtml(oembed)}" title="${escapeHtml(target.title)}">
<link rel="canonical" href="${escapeHtml(self)}">
<style>html,body{margin:0;padding:0;background:transparent}body{font-family:system-ui,sans-serif}</style>
<script type="module" src="${escapeHtml(loaderUrl(services))}"></script>
</head>
<body>
<furrow-provider publishable-key="${escapeHtml(site.publishableKey)}" base-url="${escapeHtml(services.publicUrl)}" locale="${locale}">
${player}
</furrow-provider>
<script type="module" nonce="${nonce}">
const cfg = ${scriptJson(config)};
// Same rules as the server's origin allowlist: exact, "scheme://host:*", "scheme://*.domain", "*".
const allowed = (origin) => {
  let u; try { u = new URL(origin); } catch { return false; }
  return cfg.allowed.some((e) => {
    if (e === '*' || e === origin) return true;
    const m = /^(https?):\\/\\/([^/:]+)(?::(\\*|\\d+))?$/.exec(e);
    if (!m || u.protocol !== m[1] + ':') return false;
    const host = m[2].startsWith('*.') ? u.hostname.endsWith(m[2].slice(1)) : u.hostname === m[2];
    const port = u.port || (m[1] === 'https' ? '443' : '80');
    return host && (m[3] === '*' || port === (m[3] || (m[1] === 'https' ? '443' : '80')));
  });
};
let parentOrigin = null;
try { parentOrigin = (location.ancestorOrigins && location.ancestorOrigins[0]) || (document.referrer ? new URL(document.referrer).origin : null); } catch {}
if (parentOrigin && !allowed(parentOrigin)) parentOrigin = null;
let last = 0;
const report = () => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (!parentOrigin || window.parent === window || height === last) return;
  last = height;
  window.parent.postMessage({ type: cfg.messages.resize, height }, parentOrigin);
};
new ResizeObserver(report).observe(document.documentElement);
addEventListener('message', (e) => {
  if (e.source !== window.parent || !allowed(e.origin) || !e.data || typeof e.data !== 'object') return;
  parentOrigin = e.origin;
  if (e.data.type === cfg.messages.hello) { last = 0; report(); }
  if (e.data.type === cfg.messages.auth && typeof e.data.token === 'string') document.querySelector('furrow-provider').token = e.data.token;
});
</script>
</body>
</html>
`;
        send(req, res, 200, html, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-cache',
          'Content-Security-Policy': embedPageCsp(services, site, nonce),
          Vary: 'Origin',
        });
      } catch (err) {
        if (err instanceof HttpError) return errorPage(req, res, requestId, err);
        throw err;
      }
    },
  };
}

/**
 * The embed page's CSP: its one inline script by nonce and the CDN loader; API calls, images and
 * media to this server (images and media also from any https host: course authors link them);
 * only the video providers the lesson player frames; framable by the site's allowed origins.
 */
export function embedPageCsp(services: Services, site: Site, nonce: string): string {
  const api = originOf(services.publicUrl);
  return [
    `frame-ancestors ${frameAncestors(site.allowedOrigins)}`,
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${originOf(loaderUrl(services))} 'self'`,
    `connect-src 'self' ${api}`,
    `img-src 'self' ${api} data: blob: https:`,
    `media-src 'self' ${api} blob: https:`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    `frame-src ${VIDEO_FRAME_ORIGINS.join(' ')}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "'self'";
  }
}

function clampInt(raw: string | null, field: string, min: number, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw)) throw new HttpError(400, ERROR_CODES.validation, `${field}: must be a whole number of pixels`, [{ path: ['query', field], message: 'Expected a positive integer' }]);
  const n = Number(raw);
  if (n < min) throw new HttpError(400, ERROR_CODES.validation, `${field}: at least ${min}`, [{ path: ['query', field], message: `At least ${min}` }]);
  return Math.min(n, fallback);
}

const oembedRoute: ExtraRoute = {
  method: 'GET',
  path: '/oembed',
  async handle(req, res, _params, services) {
    warnIfNoPublicUrl(req, services);
    const q = query(req);
    const raw = q.get('url');
    if (!raw) throw new HttpError(400, ERROR_CODES.validation, 'url: required', [{ path: ['query', 'url'], message: 'Required' }]);
    const format = q.get('format') ?? 'json';
    // oEmbed 1.0 §2.3.4: an unsupported format is "501 Not Implemented".
    if (format !== 'json') throw new HttpError(501, 'format_not_implemented', 'format: only json is supported', [{ path: ['query', 'format'], message: 'Only json' }]);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new HttpError(400, ERROR_CODES.validation, 'url: not an absolute URL', [{ path: ['query', 'url'], message: 'Not an absolute URL' }]);
    }
    const base = new URL(services.publicUrl + '/');
    const prefix = base.pathname.replace(/\/$/, '');
    const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/embed/(lessons|courses)/([^/]+)/?$`).exec(url.pathname);
    if (url.origin !== base.origin || !m) throw new HttpError(404, ERROR_CODES.notFound, `No embeddable Furrow lesson or course at ${url.href.slice(0, 200)}`);
    const kind = m[1] as Kind;
    const site = await siteForKey(services, url.searchParams.get('key'));
    const target = await findTarget(services, kind, decodeURIComponent(m[2]), site.id);
    if (!target) throw new HttpError(404, ERROR_CODES.notFound, kind === 'lessons' ? 'Lesson not found' : 'Course not found');
    const width = clampInt(q.get('maxwidth'), 'maxwidth', EMBED_DEFAULTS.minWidth, EMBED_DEFAULTS.width);
    const height = clampInt(q.get('maxheight'), 'maxheight', EMBED_DEFAULTS.minHeight, kind === 'lessons' ? EMBED_DEFAULTS.lessonHeight : EMBED_DEFAULTS.courseHeight);
    const src = embedUrl(services, kind, target.id, site.publishableKey) + (url.searchParams.get('locale') ? `&locale=${encodeURIComponent(url.searchParams.get('locale')!)}` : '');
    // The script resizes the iframe to its content (a CMS that drops scripts still gets the iframe).
    const html = `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" title="${escapeHtml(target.title)}" loading="lazy" allow="fullscreen; encrypted-media; picture-in-picture" style="border:0;max-width:100%" data-furrow-embed></iframe>` +
      `<script src="${escapeHtml(services.publicUrl)}/embed.js" async></script>`;
    const body = {
      version: '1.0', type: 'rich', provider_name: 'Furrow', provider_url: services.publicUrl + '/',
      title: target.title, html, width, height, cache_age: EMBED_DEFAULTS.cacheAgeSeconds,
    };
    send(req, res, 200, JSON.stringify(body), {
      'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': `public, max-age=${EMBED_DEFAULTS.cacheAgeSeconds}`,
      // Public data; CMS editors preview embeds from the browser too.
      'Access-Control-Allow-Origin': '*',
    });
  },
};

/**
 * Parent-side helper for partner pages: `<script src="…/embed.js" async></script>` (the oEmbed
 * `html` carries it). Resizes each Furrow iframe to the height its page reports, and asks a
 * frame for its height (`hello`) only once the frame has loaded: before that its window is
 * still `about:blank`, and a message to it aimed at our origin only logs an origin warning.
 * Works under a mount path: frames are recognised by the script's own base URL.
 */
const EMBED_JS = `// Furrow embeds: resize each Furrow iframe to the height its page reports.
(() => {
  const own = new URL(document.currentScript ? document.currentScript.src : location.href);
  const origin = own.origin;
  const base = own.href.replace(/\\/embed\\.js(?:[?#].*)?$/, '');
  const ours = (f) => f instanceof HTMLIFrameElement && (f.hasAttribute('data-furrow-embed') || f.src.startsWith(base + '/embed/'));
  const frames = () => [...document.querySelectorAll('iframe')].filter(ours);
  addEventListener('message', (e) => {
    if (e.origin !== origin || !e.data || e.data.type !== ${JSON.stringify(EMBED_MESSAGES.resize)}) return;
    for (const f of frames()) if (f.contentWindow === e.source) f.style.height = Math.max(0, Math.min(20000, Number(e.data.height) || 0)) + 'px';
  });
  const hello = (f) => {
    let to = null; try { to = new URL(f.src).origin; } catch {}
    if (to === origin && f.contentWindow) f.contentWindow.postMessage({ type: ${JSON.stringify(EMBED_MESSAGES.hello)} }, origin);
  };
  // An iframe's load event does not bubble, but a capturing listener sees it: frames added later too.
  document.addEventListener('load', (e) => { if (ours(e.target)) hello(e.target); }, true);
  // Frames that loaded before this async script ran (the window's load waited for the eager ones).
  if (document.readyState === 'complete') for (const f of frames()) if (f.loading !== 'lazy') hello(f);
})();
`;

const embedJsRoute: ExtraRoute = {
  method: 'GET',
  path: '/embed.js',
  async handle(req, res) {
    send(req, res, 200, EMBED_JS, {
      'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*',
    });
  },
};

/** oEmbed endpoint, iframe embed pages for lessons and courses, and the parent-side resize helper. */
export const embedModule = defineModule({
  name: 'embed',
  handlers: {},
  extraRoutes: [embedPage('lessons'), embedPage('courses'), oembedRoute, embedJsRoute],
});
