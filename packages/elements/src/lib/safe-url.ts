/**
 * Returns `url` when it is an http(s) address (relative ones resolved against `base`), else
 * `undefined` — so a server string bound to `href` can never become `javascript:`.
 *
 * @example
 * ```ts
 * html`<a href=${ifDefined(safeUrl(cert.verifyUrl))}>…</a>`;
 * ```
 */
export function safeUrl(url: string | null | undefined, base = globalThis.location?.href): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
