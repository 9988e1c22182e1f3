import type { ServerResponse } from 'node:http';

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
