// Expands the elements' one-line locale loaders — `import(\`./locales/x.${locale}.js\`)`, one per
// catalog whatever the number of locales — into one static `import()` per file that exists:
//   ({ hi: () => import('./locales/x.hi.js'), mr: () => import('./locales/x.mr.js') })[locale]()
// so that bundlers working on the TypeScript sources split each locale into its own chunk.
// (tsc's dist keeps the template literal: partner bundlers glob the shipped .js files, and
// Node resolves it at run time. Our builds read .ts files, which a `.js` glob does not match.)
// Used by the CDN build (rollup.config.mjs), the browser tests (web-test-runner.config.mjs), the
// benchmarks and the screenshots, so what is tested and measured is what ships.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// import(`./dir/stem.${expr}.js`) — a relative path, one placeholder, in the file name.
const TEMPLATE_IMPORT = /\bimport\(\s*`(\.{1,2}\/(?:[\w.-]+\/)*)([\w.-]*)\$\{\s*([\w$.]+)\s*\}([\w.-]*\.js)`\s*\)/g;

/**
 * Rewrites every template-literal `import()` of a module into a map of static imports of the
 * files that match it next to `file` (`.ts` sources or `.js`), called with the same value.
 * A value without a file makes the call throw, which `loadLocale` treats as a failed fetch.
 *
 * @param {string} code JavaScript or TypeScript source.
 * @param {string} file the module's path, to find the files the import can reach.
 * @returns {string}
 */
export function expandLocaleImports(code, file) {
  if (!code.includes('import(`')) return code;
  return code.replace(TEMPLATE_IMPORT, (all, dir, prefix, expr, suffix) => {
    const folder = resolve(dirname(file), dir);
    if (!existsSync(folder)) return all;
    const ts = suffix.replace(/\.js$/, '.ts');
    const keys = new Set();
    for (const name of readdirSync(folder).sort()) {
      for (const end of [ts, suffix]) {
        if (name.startsWith(prefix) && name.endsWith(end) && name.length > prefix.length + end.length) {
          const key = name.slice(prefix.length, -end.length);
          if (/^[\w-]+$/.test(key)) keys.add(key);
        }
      }
    }
    const entries = [...keys].map((k) => `${JSON.stringify(k)}: () => import(${JSON.stringify(`${dir}${prefix}${k}${suffix}`)})`);
    return `({ ${entries.join(', ')} })[${expr}]()`;
  });
}

/** @web/dev-server plugin: the same expansion for the browser tests (sources served as .ts). */
export function wdsLocaleImports(rootDir, filter = /packages\/elements\/src\/.*\.ts$/) {
  return {
    name: 'furrow-locale-imports',
    transform(context) {
      if (!filter.test(context.path)) return undefined;
      const file = resolve(rootDir, `.${decodeURIComponent(context.path)}`);
      const out = expandLocaleImports(context.body, file);
      return out === context.body ? undefined : { body: out };
    },
  };
}
