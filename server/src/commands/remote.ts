import type { AuthSession } from '@furrow/schema';

/** How long a session the CLI opens lasts (it is used for one command). */
const CLI_SESSION_SECONDS = 600;

/**
 * A small client of a running server's operator API (`/v1/sites…`, `/v1/operator/…`), signed in
 * as the operator, for the CLI. Errors carry the server's code and message.
 *
 * @example
 * ```ts
 * const api = await OperatorApi.signIn('http://127.0.0.1:8787', { email, password });
 * const page = await api.json('GET', '/v1/sites');
 * ```
 */
export class OperatorApi {
  private constructor(readonly url: string, private readonly token: string) {}

  /** Signs in with email and password (`POST /v1/operator/login`), or takes a session token as is. */
  static async signIn(url: string, creds: { email: string; password: string } | { token: string }): Promise<OperatorApi> {
    const base = url.replace(/\/+$/, '');
    if ('token' in creds) return new OperatorApi(base, creds.token);
    const r = await request(base, 'POST', '/v1/operator/login', null, { email: creds.email, password: creds.password, ttlSeconds: CLI_SESSION_SECONDS });
    return new OperatorApi(base, ((await answer(r, 'operator login')) as AuthSession).token);
  }

  /** Calls a JSON route and returns its body; throws with the server's error code and message. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await answer(await request(this.url, method, path, this.token, body), `${method} ${path}`)) as T;
  }

  /** Calls a route that answers bytes (the backup). */
  async bytes(path: string): Promise<Buffer> {
    const r = await request(this.url, 'GET', path, this.token);
    if (!r.ok) await answer(r, `GET ${path}`);
    return Buffer.from(await r.arrayBuffer());
  }
}

function request(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).catch((err: Error) => {
    throw new Error(`Could not reach the Furrow server at ${base}: ${err.message}`, { cause: err });
  });
}

async function answer(r: Response, what: string): Promise<unknown> {
  const text = await r.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!r.ok) {
    const e = (body as { error?: { code: string; message: string } } | null)?.error;
    throw new Error(`${what}: ${r.status} ${e ? `${e.code}: ${e.message}` : text.slice(0, 200)}`);
  }
  return body;
}
