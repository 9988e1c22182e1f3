/**
 * Whether `origin` matches an allowlist entry. Entries are exact origins
 * (`https://coop.example`), a wildcard port (`http://localhost:*`) or a wildcard subdomain
 * (`https://*.coop.example`). `*` alone allows every origin.
 *
 * @example
 * ```ts
 * originAllowed('http://localhost:5173', ['http://localhost:*']); // true
 * ```
 */
export function originAllowed(origin: string, allowlist: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  for (const entry of allowlist) {
    if (entry === '*') return true;
    if (entry === origin) return true;
    const m = /^(https?):\/\/([^/:]+)(?::(\*|\d+))?$/.exec(entry);
    if (!m) continue;
    const [, scheme, host, port] = m;
    if (url.protocol !== `${scheme}:`) continue;
    const hostOk = host.startsWith('*.')
      ? url.hostname.endsWith(host.slice(1)) && url.hostname.length > host.length - 1
      : url.hostname === host;
    if (!hostOk) continue;
    if (port === '*') return true;
    const defaultPort = scheme === 'https' ? '443' : '80';
    if ((url.port || defaultPort) === (port ?? defaultPort)) return true;
  }
  return false;
}
