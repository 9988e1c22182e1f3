// Error names through the minified CDN build: a partner's logs get 'FurrowHttpError', not the
// minifier's name for the class. The test runner builds the CDN bundles on first request
// (scripts/wtr-furrow-server.mjs); the client is the one <furrow-provider> of that build holds.
import { isFurrowError, type FurrowClient, type FurrowErrorJSON, type FurrowHttpError } from '@furrow/sdk';
import { env, envError } from './support.js';
import { equal, ok, rejects } from './assert.js';

// A variable specifier: TypeScript cannot type an absolute-path module, the browser can load it.
const ENV_URL: string = '/__furrow-env.js';

describe('error names through the CDN build', function () {
  let client: FurrowClient;

  before(async function () {
    this.timeout(120_000); // the first request builds the CDN bundles
    if (!env) throw new Error(`Furrow server did not start: ${envError}`);
    const { cdnLoader } = (await import(ENV_URL)) as { cdnLoader: string };
    await import(cdnLoader);
    const provider = document.createElement('furrow-provider') as HTMLElement & { client: FurrowClient | null };
    provider.setAttribute('publishable-key', env.publishableKey);
    provider.setAttribute('base-url', env.baseUrl);
    document.body.append(provider);
    await customElements.whenDefined('furrow-provider');
    ok(provider.client, 'the CDN provider built a client');
    client = provider.client;
  });

  it('a 404 from the real server is a FurrowHttpError by name and in its JSON form', async () => {
    const e = await rejects<FurrowHttpError>(client.courses.retrieve('00000000-0000-4000-8000-000000000000'));
    // The build is minified: the class is not called FurrowHttpError there, so the name below
    // is the fixed one, not the constructor's (which is what new.target.name gave).
    ok(e.constructor.name !== 'FurrowHttpError', `the CDN build kept the class name (${e.constructor.name}); this test would not notice a regression`);
    equal(e.name, 'FurrowHttpError');
    ok(isFurrowError(e), 'the realm-safe guard of this copy of the SDK knows the CDN copy’s error');
    equal(e.status, 404);
    const json = JSON.parse(JSON.stringify(e)) as FurrowErrorJSON;
    equal(json.name, 'FurrowHttpError');
    equal(json.code, 'not_found');
    equal(json.status, 404);
    equal(json.method, 'GET');
    ok(json.requestId?.startsWith('req_'), `requestId from the error body: ${json.requestId}`);
    ok(String(e.stack).startsWith('FurrowHttpError: GET '), `stack header: ${String(e.stack).split('\n')[0]}`);
  });

  it('a network failure is a FurrowNetworkError by name', async () => {
    // Nothing listens on port 9: no HTTP answer.
    const provider = document.createElement('furrow-provider') as HTMLElement & { client: FurrowClient | null };
    provider.setAttribute('publishable-key', env!.publishableKey);
    provider.setAttribute('base-url', 'http://127.0.0.1:9');
    document.body.append(provider);
    ok(provider.client);
    const e = await rejects<Error>(provider.client.courses.list({}, { timeout: 5_000 }));
    equal(e.name, 'FurrowNetworkError');
    equal((e as unknown as { toJSON(): FurrowErrorJSON }).toJSON().name, 'FurrowNetworkError');
    provider.remove();
  });
});
