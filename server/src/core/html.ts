import type { ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Escapes text for HTML element content and for attribute values, quoted with either quote
 * (and the backtick, which old engines treated as a quote). The one escaper of the server's
 * HTML pages: certificates, embeds, the sandbox checkout.
 *
 * @example
 * ```ts
 * `<h1>${escapeHtml(course.title)}</h1>`
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Answers 404 with a small self-contained HTML page (no script, no external loads).
 *
 * @param text - the heading and the sentence under it (plain text; escaped here).
 */
export function sendNotFoundPage(res: ServerResponse, text: { title?: string; message?: string } = {}): void {
  const title = escapeHtml(text.title ?? 'Not found');
  const message = escapeHtml(text.message ?? 'This link is unknown or has expired.');
  const body = Buffer.from(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${message}</p></main></body></html>`);
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

/** Origins the lesson player puts in an iframe (privacy-enhanced YouTube, Vimeo). */
export const VIDEO_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;

/**
 * The Content-Security-Policy of a static HTML page the standalone server sends (the examples at
 * `/`, `/script-tag/`, the docs at `/docs/`), fitted to the page: scripts from this origin and
 * the page's own inline scripts by their SHA-256 (nothing else inline, no `eval`), API calls
 * and media to this origin, the video providers the lesson player frames, and framable only by
 * this origin.
 *
 * @example
 * ```ts
 * res.setHeader('Content-Security-Policy', staticPageCsp(readFileSync(file, 'utf8')));
 * ```
 */
export function staticPageCsp(html: string): string {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || !m[2]) continue;
    hashes.add(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...hashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "media-src 'self' blob: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-src 'self' ${VIDEO_FRAME_ORIGINS.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}
