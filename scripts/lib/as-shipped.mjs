// The source transforms the CDN build applies to the elements' TypeScript before bundling —
// CSS templates minified (minify-templates.mjs), locale loaders expanded (locale-imports.mjs) —
// in one place, so that the benchmarks and screenshots bundle what ships.
import { readFile } from 'node:fs/promises';
import { expandLocaleImports } from './locale-imports.mjs';
import { minifyTemplates } from './minify-templates.mjs';

/** The elements' sources, as every build that bundles them reads them. */
export const ELEMENT_SOURCES = /packages\/elements\/src\/.*\.ts$/;

/**
 * Applies the shipped transforms to one module's source.
 *
 * @param {string} code TypeScript (or JavaScript) source.
 * @param {string} file the module's path.
 * @returns {string}
 */
export function shipTransform(code, file) {
  return minifyTemplates(expandLocaleImports(code, file));
}

/** esbuild plugin: {@link shipTransform} on the elements' TypeScript sources. */
export function esbuildAsShipped(filter = ELEMENT_SOURCES) {
  return {
    name: 'furrow-as-shipped',
    setup(b) {
      b.onLoad({ filter }, async (args) => ({ contents: shipTransform(await readFile(args.path, 'utf8'), args.path), loader: 'ts' }));
    },
  };
}
