import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFurrow, type FurrowOptions } from '@furrow/sdk';

const base = { baseUrl: 'http://127.0.0.1:9', publishableKey: 'pk_test_furrow_demo' };
const bad = (o: unknown, re: RegExp) => assert.throws(() => createFurrow(o as FurrowOptions), (e: Error) => e instanceof TypeError && re.test(e.message));

test('accepts every documented option', () => {
  const c = createFurrow({ ...base, token: 't', fetch, timeout: 5000, retry: { limit: 1, backoffLimit: 10, maxRetryAfter: 100 }, offline: { dbName: 'x' }, locale: 'mr' });
  c.close();
  createFurrow({ ...base, retry: 0, offline: false }).close();
});

test('rejects unknown options with a message naming them', () => {
  bad({ ...base, baseURL: 'x' }, /unknown option "baseURL". Known options: baseUrl, publishableKey/);
  bad({ ...base, retry: { limits: 2 } }, /unknown option "retry.limits"/);
  bad({ ...base, offline: { db: 'x' } }, /unknown option "offline.db"/);
});

test('rejects bad values, naming the option', () => {
  bad(undefined, /options must be an object/);
  bad({ ...base, baseUrl: '/relative' }, /"baseUrl" must be an absolute http\(s\) URL/);
  bad({ ...base, baseUrl: 'ftp://x' }, /"baseUrl"/);
  bad({ ...base, publishableKey: 'key' }, /"publishableKey" must look like pk_/);
  bad({ ...base, timeout: 0 }, /"timeout"/);
  bad({ ...base, timeout: '5' }, /"timeout"/);
  bad({ ...base, retry: -1 }, /"retry"/);
  bad({ ...base, retry: 1.5 }, /"retry"/);
  bad({ ...base, retry: { limit: -1 } }, /"retry.limit"/);
  bad({ ...base, locale: 'fr' }, /"locale" must be one of en, hi, mr/);
  bad({ ...base, offline: 'yes' }, /"offline"/);
  bad({ ...base, fetch: 'fetch' }, /"fetch"/);
  bad({ ...base, token: '' }, /"token"/);
});

test('a secret key is refused where a DOM exists', () => {
  createFurrow({ ...base, publishableKey: 'sk_test_abc' }).close(); // Node: partner servers may
  (globalThis as { document?: unknown }).document = {};
  try {
    bad({ ...base, publishableKey: 'sk_test_abc' }, /secret key .* never be used in a browser/);
  } finally {
    delete (globalThis as { document?: unknown }).document;
  }
});
