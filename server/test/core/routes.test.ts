import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routes, type RouteSpec } from '@furrow/schema';
import { createFurrowRouter } from '../../src/router.js';

describe('route table coverage', () => {
  it('every route in the table has a server handler', async () => {
    const router = createFurrowRouter({ database: { memory: true }, migrate: false });
    try {
      assert.deepEqual(router.missingHandlers(), []);
    } finally {
      await router.close();
    }
  });

  it('every creating POST is idempotent and answers 201', () => {
    for (const [id, r] of Object.entries(routes) as [string, RouteSpec][]) {
      if (r.idempotent) assert.equal(r.method, 'POST', id);
      if (r.status === 201) assert.ok(r.idempotent || id === 'embedTokens.create' || id === 'materials.upload', `${id} creates but is not idempotent`);
    }
  });
});
