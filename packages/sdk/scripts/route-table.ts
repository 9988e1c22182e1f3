/**
 * Computes the SDK's compact runtime route table from `@furrow/schema`'s `routes`.
 * The SDK cannot import the route table at runtime (zod would blow the 10 KB budget), so it
 * carries this projection; `src/lib/route-table.ts` is type-checked against the schema and
 * `test/node/routes.test.ts` compares it with this function's output.
 *
 * Run `node --conditions=furrow-src --import tsx packages/sdk/scripts/route-table.ts` to print
 * a fresh table after the schema changes.
 */
import { routes, type RouteSpec } from '@furrow/schema';

/** Operation ids that are not part of the client (system and webhooks). */
export const EXCLUDED = (id: string): boolean => id.startsWith('system.') || id.startsWith('webhooks.');

function isPage(r: RouteSpec): 'p' | 'd' | '' {
  // Look at the response schema's shape without parsing: zod objects expose `.shape`.
  const shape = (r.response as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape || !('data' in shape)) return '';
  return 'nextCursor' in shape ? 'p' : 'd';
}

const CODES: Record<string, string> = { GET: 'G', POST: 'P', PUT: 'U', PATCH: 'A', DELETE: 'D' };

/** The table entry of one route: method code, path below `/v1`, then flags. */
export function entryOf(r: RouteSpec): string {
  let flags = '';
  if (r.idempotent) flags += 'i';
  if (r.body) flags += 'b';
  if (r.query) flags += 'q';
  if (r.rawBody) flags += 'r';
  flags += r.produces ? (r.produces === 'text/html' ? 'h' : 'o') : isPage(r);
  return `${CODES[r.method]}${r.path.replace(/^\/v1/, '')}${flags ? ' ' + flags : ''}`;
}

/** The whole table, in route-table order. */
export function computeTable(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, r] of Object.entries(routes as Record<string, RouteSpec>)) if (!EXCLUDED(id)) out[id] = entryOf(r);
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const [id, e] of Object.entries(computeTable())) console.log(`  '${id}': '${e}',`);
}
