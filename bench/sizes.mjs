// Bundle sizes, measured one way for everyone who prints or guards them: bench:elements,
// bench:sdk and the size guard of `npm test` (bench/size-guard.test.mjs). esbuild in-process,
// nothing written to disk; "eager" is the entry plus every chunk it imports statically (what a
// page downloads before anything renders), min+gzip -9. Chunks reached only through import()
// are lazy and measured apart.
import { build } from 'esbuild';
import { relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { esbuildAsShipped } from '../scripts/lib/as-shipped.mjs';

const root = new URL('..', import.meta.url).pathname;
const src = `${root}packages/elements/src`;

/**
 * The first six elements, each measured alone with the provider (which holds the SDK client):
 * the ones the size guard keeps a baseline for. bench:elements measures every element folder.
 */
export const ELEMENTS = ['course-catalog', 'lesson-player', 'quiz', 'badge-shelf', 'checkout', 'booking-picker'];

/**
 * As the CDN build ships chunks: strings kept as UTF-8, CSS templates minified, one chunk per
 * locale file (scripts/lib/as-shipped.mjs), no legal comments.
 */
export const SHIPPED = { charset: 'utf8', legalComments: 'none', plugins: [esbuildAsShipped()] };

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Builds `entry` (a file, or `{ contents, resolveDir }` for stdin) with code splitting and
 * returns the eager size and a `lazy(test)` measure of the import()-only chunks whose inputs
 * match `test` (with what they import statically that is not eager).
 */
async function measure(entry, options) {
  const input = typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, loader: 'ts' } };
  const r = await build({
    ...input, bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false,
    metafile: true, splitting: true, outdir: '/furrow-size-out', logLevel: 'silent', ...options,
  });
  const outs = r.metafile.outputs;
  const byPath = new Map(r.outputFiles.map((f) => [f.path, f.contents]));
  const file = (k) => byPath.get(new URL(k, `file://${process.cwd()}/`).pathname);
  const closure = (keys) => {
    const seen = new Set();
    const visit = (k) => !seen.has(k) && (seen.add(k), outs[k].imports.forEach((i) => i.kind === 'import-statement' && visit(i.path)));
    keys.forEach(visit);
    return seen;
  };
  const main = Object.keys(outs).find((k) => outs[k].entryPoint === (typeof entry === 'string' ? relative(process.cwd(), entry) : '<stdin>'));
  const eager = closure([main]);
  const code = Buffer.concat([...eager].map((k) => Buffer.from(file(k))));
  const js = Object.keys(outs).filter((k) => k.endsWith('.js') && !eager.has(k));
  const lazy = (test = () => true) => {
    const all = [...closure(js.filter((k) => Object.keys(outs[k].inputs).some(test)))].filter((k) => !eager.has(k));
    return { files: all.length, gz: all.reduce((n, k) => n + gzip(file(k)), 0) };
  };
  return { min: code.length, gz: gzip(code), files: eager.size, inputs: Object.keys(r.metafile.inputs), lazy };
}

/**
 * Elements as the CDN build ships them ({@link SHIPPED}), conditions furrow-src/browser. `entry`: a file, or several files imported by
 * one module as a page's own script would. Returns eager `min`/`gz` and the lazy hi, mr and
 * offline chunks.
 */
export async function elementBundle(entry) {
  const m = await measure(
    Array.isArray(entry) ? { contents: entry.map((f) => `import ${JSON.stringify(f)};`).join('\n'), resolveDir: src } : entry,
    { conditions: ['furrow-src', 'browser'], tsconfig: `${root}tsconfig.base.json`, ...SHIPPED },
  );
  return {
    min: m.min, gz: m.gz,
    hi: m.lazy((p) => p.endsWith('.hi.ts')), mr: m.lazy((p) => p.endsWith('.mr.ts')),
    offline: m.lazy((p) => p.includes('sdk/src/lib/offline/') || p.includes('node_modules/idb/')),
  };
}

/** `<furrow-NAME>` + provider + Lit + SDK: what bench:elements prints per element. */
export const elementAlone = (name) => elementBundle([`${src}/provider/provider.ts`, `${src}/${name}/${name}.ts`]);

/** What bench:sdk and the size guard measure: the SDK's main entry as a page imports it. */
export const SDK_ENTRY = `export { createFurrow, isFurrowError } from '@furrow/sdk';`;

/**
 * The SDK bundled the way the elements bundle it (conditions furrow-src/browser/import), with
 * or without code splitting. Also says which of ky, idb and zod got in.
 */
export async function sdkBundle(contents = SDK_ENTRY, splitting = true) {
  const m = await measure({ contents, resolveDir: `${root}packages/sdk` }, { splitting, conditions: ['furrow-src', 'browser', 'import'] });
  const has = (dep) => m.inputs.some((p) => p.includes(`node_modules/${dep}/`));
  return { min: m.min, gz: m.gz, files: m.files, lazy: m.lazy(), deps: ['ky', 'idb'].filter(has), zod: has('zod') };
}
