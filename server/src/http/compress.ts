import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Bodies smaller than this go out as they are (the headers would eat the saving). */
export const COMPRESS_MIN_BYTES = 1024;

/** The content coding this request accepts that we prefer: brotli, then gzip, else none. */
export function negotiateEncoding(req: IncomingMessage): 'br' | 'gzip' | null {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string' || header === '') return null;
  // What browsers send (`gzip, deflate, br` and `gzip, deflate, br, zstd`): no q-values to weigh.
  if (!header.includes(';')) return /\bbr\b/i.test(header) ? 'br' : /\bgzip\b/i.test(header) ? 'gzip' : null;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name!.trim(), Number.isFinite(value) ? value : 0);
  }
  const ok = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

// Compressed copies of shared bodies (the anonymous catalog cache hands out the same Buffer on
// every hit), so a hot catalog page is compressed once per encoding, not once per request.
const memo = new WeakMap<Buffer, { br?: Buffer; gzip?: Buffer }>();

/** Compresses a body (fast settings: this is on the request path). */
export function compressBody(body: Buffer, encoding: 'br' | 'gzip'): Buffer {
  let m = memo.get(body);
  if (!m) memo.set(body, (m = {}));
  return (m[encoding] ??=
    encoding === 'br'
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : gzipSync(body, { level: 6 }));
}

/** Adds a token to the Vary header without dropping what is there (CORS sets `Origin`). */
export function addVary(res: ServerResponse, token: string): void {
  const current = res.getHeader('Vary');
  if (current === undefined) return void res.setHeader('Vary', token);
  const list = typeof current === 'string' ? current.split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (!list.some((v) => v.toLowerCase() === token.toLowerCase())) list.push(token);
  res.setHeader('Vary', list.join(', '));
}
