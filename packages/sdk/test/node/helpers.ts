import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the test server saw. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** Handler: write the response; `n` counts requests so far (1-based). */
export type Handler = (req: Seen, res: ServerResponse, n: number) => void | Promise<void>;

/** Starts a local HTTP server on a free port (real sockets: what retry rules must survive). */
export async function serve(handler: Handler) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() };
      seen.push(s);
      void handler(s, res, seen.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Writes a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_test', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A Furrow error body. */
export const errBody = (code: string, message = code) => ({ error: { code, message, requestId: 'req_err' } });

/** A valid-looking id. */
export const ID = '0b6f2d1e-1c2a-4c7e-9a57-6f0f3c2d9b10';
