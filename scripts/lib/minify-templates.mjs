// Minifies the CSS inside Lit's css`…` tagged templates at build time (what Lit's docs suggest
// doing with a build plugin), through esbuild's CSS minifier. Our styles have no `${}`
// interpolation; a template that has one is left alone. html`…` templates are not touched:
// collapsing their whitespace saved ~0.1 KB gz in the elements bundle, not worth the risk.
// Used by the CDN build (rollup.config.mjs), the npm dist (scripts/build.mjs) and the
// benchmarks (through as-shipped.mjs), so what is measured is what ships.
import { transformSync } from 'esbuild';

const CSS_TAG = /\bcss\s*`([^`$\\]*)`/g; // tsc writes `css \`…\``

/**
 * Minifies one CSS text (keeps it valid inside a template literal).
 *
 * @param {string} text
 * @returns {string}
 */
export function minifyCss(text) {
  return transformSync(text, { loader: 'css', minify: true, charset: 'utf8', logLevel: 'silent' }).code.trim().replace(/[`\\]/g, '\\$&');
}

/**
 * Minifies every css`` template literal (without `${}`) in a module's source text.
 *
 * @param {string} code JavaScript or TypeScript source.
 * @returns {string}
 */
export function minifyTemplates(code) {
  if (!code.includes('css')) return code;
  return code.replace(CSS_TAG, (_, body) => `css\`${minifyCss(body)}\``);
}
