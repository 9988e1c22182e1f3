import { buildOpenApi, routes } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { defineModule } from './module.js';
import { VERSION } from '../version.js';

let openApiCache: Record<string, unknown> | null = null;

const handlers = defineHandlers({
  'system.health': async (ctx) => {
    await ctx.services.db.query('SELECT 1');
    return { ok: true, database: ctx.services.db.kind, version: VERSION };
  },
  'system.openapi': async (ctx) => {
    openApiCache ??= buildOpenApi(routes, { version: VERSION, serverUrl: ctx.services.publicUrl });
    return openApiCache;
  },
});

/** Health check and the OpenAPI document. */
export const systemModule = defineModule({ name: 'system', handlers });
