// Rollup builds of Furrow (run by `npm run build` through scripts/build.mjs):
//
// 1. CDN chunks — every element of @furrow/elements (found by folder, see
//    scripts/cdn/elements.mjs) as its own entry; Lit and the SDK land in shared, hashed chunks
//    under dist/cdn/chunks/ that every element reuses.
// 2. CDN loader — dist/cdn/furrow.js, a few hundred bytes that know which chunks each tag needs
//    and load them the first time the tag appears. Written after (1) so it can list the hashed
//    file names; published with a Subresource-Integrity hash (furrow.js.sri, manifest.json).
//
// The npm builds (ESM + .d.ts per package) are tsc's job (scripts/build.mjs).
//
// Env: FURROW_ELEMENTS_SRC / FURROW_CDN_OUT point the CDN build at another source folder and
// output folder (the loader tests build small fixture elements that way).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import { discoverElements } from './scripts/cdn/elements.mjs';
import { shipTransform } from './scripts/lib/as-shipped.mjs';
import { precompressDir } from './scripts/lib/precompress.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const srcDir = resolvePath(process.env.FURROW_ELEMENTS_SRC ?? join(root, 'packages/elements/src'));
const outDir = resolvePath(process.env.FURROW_CDN_OUT ?? join(root, 'packages/elements/dist/cdn'));
const TARGET = 'es2022';

/** Resolves `./x.js` written in TypeScript sources to `./x.ts` (NodeNext style imports). */
function tsJsExtensions() {
  return {
    name: 'furrow-ts-js-extensions',
    async resolveId(source, importer, options) {
      if (!importer || !importer.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolvePath(dirname(importer), source.slice(0, -3) + '.ts');
      if (existsSync(candidate)) return candidate;
      return this.resolve(source, importer, { ...options, skipSelf: true });
    },
  };
}

/** TypeScript → JavaScript with esbuild, honouring the repo's decorator settings; on the way the
 * CSS of css`` templates is minified and each catalog's `import(\`./locales/x.${locale}.js\`)`
 * becomes one `import()` per locale file, hence one chunk per locale (scripts/lib/as-shipped.mjs). */
function esbuildTs() {
  return {
    name: 'furrow-esbuild-ts',
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const r = await transform(shipTransform(code, id), {
        loader: 'ts', target: TARGET, sourcefile: id, sourcemap: false,
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, verbatimModuleSyntax: false } },
      });
      return { code: r.code, map: null };
    },
  };
}

/** Minifies every chunk with esbuild (whitespace, identifiers, syntax; keeps ESM). Strings stay
 * UTF-8 (module scripts are always decoded as UTF-8): escaping Hindi and Marathi as `\uXXXX`
 * made their string chunks ~3× larger before gzip. */
function minify() {
  return {
    name: 'furrow-minify',
    async renderChunk(code) {
      const r = await transform(code, { minify: true, target: TARGET, format: 'esm', legalComments: 'none', charset: 'utf8' });
      return { code: r.code, map: null };
    },
  };
}

const sri = (buf) => `sha384-${createHash('sha384').update(buf).digest('base64')}`;

// Shared between the two builds (rollup runs the configs of an array one after the other).
const state = { manifest: null };

const elements = discoverElements(srcDir);

// What every page needs whatever elements it holds — Lit, the SDK (minus its lazy offline
// code), the element base class and its helpers, the event classes — goes in one chunk: one
// request instead of five, and gzip sees it whole (the separate chunks cost ~2 KB gz more).
const CORE = [
  /\/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context)\//,
  /\/packages\/sdk\/src\/(?!lib\/offline\/)/,
  /\/packages\/elements\/src\/lib\/(furrow-element|context|i18n|messages|constants|styles|format)\.ts$/,
  /\/packages\/elements\/src\/events\//,
];

function chunkBuild() {
  return {
    input: Object.fromEntries(elements.map((e) => [e.name, e.file])),
    // Elements are entries only for their side effect (defining the tag).
    preserveEntrySignatures: false,
    plugins: [
      {
        name: 'furrow-clean-cdn',
        buildStart() {
          rmSync(outDir, { recursive: true, force: true });
        },
      },
      tsJsExtensions(),
      nodeResolve({ exportConditions: ['furrow-src', 'browser', 'import', 'default'], extensions: ['.ts', '.mjs', '.js'], browser: true }),
      esbuildTs(),
      minify(),
      {
        name: 'furrow-cdn-manifest',
        generateBundle(_options, bundle) {
          const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
          const files = chunks.map((c) => c.fileName).sort();
          const index = new Map(files.map((f, i) => [f, i]));
          const byName = new Map(chunks.map((c) => [c.fileName, c]));
          const closure = (file, seen = new Set()) => {
            if (seen.has(file)) return seen;
            seen.add(file);
            for (const dep of byName.get(file).imports) closure(dep, seen);
            return seen;
          };
          const tags = {};
          for (const e of elements) {
            const entry = chunks.find((c) => c.isEntry && c.name === e.name);
            if (!entry) continue;
            tags[e.tag] = [...closure(entry.fileName)].map((f) => index.get(f));
          }
          state.manifest = { files, tags, byName: Object.fromEntries(chunks.map((c) => [c.fileName, { name: c.name, isEntry: c.isEntry, imports: c.imports }])) };
        },
      },
    ],
    onwarn(warning, warn) {
      // Lit and some dependencies use `this` at module top level in their UMD guards.
      if (warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
    output: {
      dir: outDir,
      format: 'es',
      entryFileNames: 'chunks/[name]-[hash].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // One "core" chunk with what every page runs (see CORE); the rest is split by rollup
      // along what the entries actually share.
      manualChunks(id) {
        return CORE.some((re) => re.test(id)) ? 'core' : undefined;
      },
    },
  };
}

function loaderBuild() {
  return {
    input: 'furrow-loader',
    plugins: [
      {
        name: 'furrow-loader',
        resolveId(id) {
          if (id === 'furrow-loader') return join(root, 'scripts/cdn/loader.js');
          if (id === 'furrow:manifest') return '\0furrow:manifest';
          return null;
        },
        load(id) {
          if (id !== '\0furrow:manifest') return null;
          const m = state.manifest ?? { files: [], tags: {} };
          const provider = elements.find((e) => e.name === 'provider')?.tag ?? 'furrow-provider';
          return `export const FILES = ${JSON.stringify(m.files)};\nexport const TAGS = ${JSON.stringify(m.tags)};\nexport const PROVIDER = ${JSON.stringify(provider)};\n`;
        },
      },
      minify(),
      {
        name: 'furrow-sri',
        writeBundle(options, bundle) {
          const loader = bundle['furrow.js'];
          const code = Buffer.from(loader.code);
          const integrity = sri(code);
          writeFileSync(join(outDir, 'furrow.js.sri'), integrity + '\n');
          const m = state.manifest ?? { files: [], tags: {}, byName: {} };
          const chunks = {};
          for (const f of m.files) {
            const buf = readFileSync(join(outDir, f));
            chunks[f] = { ...m.byName[f], bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length, integrity: sri(buf) };
          }
          const manifest = {
            loader: { file: 'furrow.js', bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, integrity },
            elements: Object.fromEntries(Object.entries(m.tags).map(([tag, idx]) => [tag, { entry: m.files[idx[0]], files: idx.map((i) => m.files[i]) }])),
            chunks,
          };
          writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
          // .br and .gz beside every file, for servers that send precompressed files.
          precompressDir(outDir);
        },
      },
    ],
    output: { dir: outDir, format: 'es', entryFileNames: 'furrow.js' },
  };
}

mkdirSync(outDir, { recursive: true });
export default elements.length ? [chunkBuild(), loaderBuild()] : [loaderBuild()];
