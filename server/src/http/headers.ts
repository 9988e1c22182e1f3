import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId } from '../core/ids.js';

/** The caller's `X-Request-Id` when it is a sane token (≤ 64 of `[A-Za-z0-9_.-]`), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : newRequestId();
}

/**
 * Stage: headers every answer carries — the request id, `nosniff`, no referrer, and HSTS when
 * the request came over TLS (directly, or per `X-Forwarded-Proto` behind a trusted proxy).
 */
export function setBaseHeaders(req: IncomingMessage, res: ServerResponse, requestId: string, trustProxy: boolean): void {
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto = trustProxy ? req.headers['x-forwarded-proto'] : undefined;
  if (encrypted || proto === 'https') res.setHeader('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
}

/** The client's address: the first `X-Forwarded-For` hop behind a trusted proxy, else the socket's. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers['x-forwarded-for'];
    if (typeof fwd === 'string' && fwd) return fwd.split(',')[0].trim();
  }
  return req.socket.remoteAddress ?? 'unknown';
}
