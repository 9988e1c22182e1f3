/**
 * Browser tests for every package, in real Chromium: `npx wtr` (or `npm run test:browser`).
 *
 * For test authors (SDK, elements, …):
 * - Files: `packages/<pkg>/test/browser/**\/*.test.ts`, TypeScript through esbuild (ES2022,
 *   Lit decorators from tsconfig.base.json). Tests use mocha's `describe`/`it` (the runner's
 *   built-in framework); no chai — see packages/sdk/test/browser/assert.ts for a tiny helper.
 * - Packages resolve to their TypeScript source via the `furrow-src` export condition.
 * - A real Furrow server (demo data, fresh PGlite dir, removed after) runs for the whole
 *   session. Get its address and keys with
 *     `import { env } from '/__furrow-env.js';` → `{ baseUrl, publishableKey }`; the secret key
 *     stays in Node: tests reach it through `/__furrow-partner/v1/…`, the stand-in for a
 *     partner's server (scripts/wtr-furrow-server.mjs), since Furrow refuses it from a browser
 *   (`env` is null and `envError` says why when the server could not start).
 * - The CDN build: `import { cdnLoader } from '/__furrow-env.js'; await import(cdnLoader);`
 *   loads the minified CDN loader (furrow.js), which the runner builds with rollup the first
 *   time a test asks for it (once per run; see scripts/wtr-furrow-server.mjs).
 * - The docs site: `import { docsSite } from '/__furrow-env.js';` is the folder of a fresh
 *   `scripts/docs.mjs --no-typedoc` build, made the first time a test asks for a file there.
 * - msw: `mockServiceWorker.js` is served at `/mockServiceWorker.js`;
 *   `setupWorker(...).start({ serviceWorker: { url: '/mockServiceWorker.js' } })`.
 * - Files run one at a time (concurrency 1): they share one server and one origin's IndexedDB.
 */
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter as wtrSummary } from '@web/test-runner';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';
import { furrowServerPlugin, mswWorkerMiddleware, partnerServerMiddleware } from './scripts/wtr-furrow-server.mjs';
import { wdsLocaleImports } from './scripts/lib/locale-imports.mjs';

export default {
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  files: ['packages/*/test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['furrow-src', 'browser', 'import'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 180_000, // the Furrow server starts first (migrations, demo data)
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 120_000 } },
  // The default reporter prints progress; ours writes the counts scripts/test.mjs adds up.
  reporters: [defaultReporter(), wtrSummary({ flatten: false }), summaryReporter()],
  middleware: [mswWorkerMiddleware, partnerServerMiddleware],
  plugins: [
    // One `import()` per locale file, as the CDN build has them (scripts/lib/locale-imports.mjs).
    wdsLocaleImports(fileURLToPath(new URL('.', import.meta.url))),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.base.json', import.meta.url)) }),
    furrowServerPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
};
