// Finds the public elements of @furrow/elements by folder: `src/<name>/<name>.ts` defines
// `furrow-<name>` (the tag is read from the file when it says otherwise). New element folders
// are picked up by the next build without touching any config.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders under src/ that are not elements even when they hold a same-named file. */
export const NOT_ELEMENTS = new Set(['lib', 'internal', 'events', 'i18n', 'locales', 'styles', 'test', 'shared', 'utils', 'define']);

/**
 * @param {string} srcDir  the elements package's `src/` folder
 * @returns {{ name: string, tag: string, file: string }[]} sorted by name, provider first
 */
export function discoverElements(srcDir) {
  if (!existsSync(srcDir)) return [];
  const found = [];
  for (const name of readdirSync(srcDir).sort()) {
    if (NOT_ELEMENTS.has(name)) continue;
    const dir = join(srcDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const file = join(dir, `${name}.ts`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    // `@customElement('furrow-x')`, `customElements.define('furrow-x', …)` or a TAG constant.
    const m = /customElement\(\s*['"](furrow-[a-z0-9-]+)['"]/.exec(text)
      ?? /customElements\.define\(\s*['"](furrow-[a-z0-9-]+)['"]/.exec(text)
      ?? /['"](furrow-[a-z0-9-]+)['"]\s*:\s*[A-Z]\w+/.exec(text); // HTMLElementTagNameMap entry
    found.push({ name, tag: m ? m[1] : `furrow-${name}`, file });
  }
  return found.sort((a, b) => (a.name === 'provider' ? -1 : b.name === 'provider' ? 1 : a.name.localeCompare(b.name)));
}
