import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new UUID (v4). */
export const newId = (): string => randomUUID();

/** A random URL-safe secret with a prefix, e.g. `fur_…`, `sk_test_…`. */
export function newSecret(prefix: string, bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex, for storing tokens and keys by hash only. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A request id, `req_` + 16 random hex chars. */
export function newRequestId(): string {
  return 'req_' + randomBytes(8).toString('hex');
}
