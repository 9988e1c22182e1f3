#!/usr/bin/env node
// `npm run new:element <name>` — scaffolds `<furrow-<name>>`:
//
//   packages/elements/src/<name>/<name>.component.ts   the class, with the JSDoc the manifest and
//                                                       the docs are generated from
//   packages/elements/src/<name>/<name>.ts             defines the tag (+ HTMLElementTagNameMap)
//   packages/elements/src/<name>/<name>.styles.ts      its styles
//   packages/elements/src/<name>/<name>.messages.ts    its English strings
//   packages/elements/src/<name>/locales/<name>.<locale>.ts   one per other locale of LOCALES
//   packages/elements/src/events/<name>-select.ts      its DOM event (a class, as every event)
//   packages/elements/test/browser/<name>.test.ts      browser test, starting with an axe audit
//   docs/elements/<name>.md                            its docs page
//
// and registers it where a list must name it: TAGS and EVENTS (src/lib/constants.ts), the
// package index and the events index. The CDN build and its loader, custom-elements.json, the
// published subpath, the benchmarks and the docs site find the folder by themselves
// (scripts/cdn/elements.mjs); packages/elements/test/node/elements.test.ts checks that every
// folder is registered. Strings of other locales start as English copies marked for translation.
//
// Usage: node scripts/new-element.mjs <name> [--root <repo>]   (name: kebab-case, e.g. course-reviews)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { discoverElements, NOT_ELEMENTS } from './cdn/elements.mjs';

const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? args[rootArg + 1] : new URL('..', import.meta.url).pathname;
const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--root');

function fail(message) {
  console.error(`new:element: ${message}`);
  process.exit(1);
}

if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail('usage: npm run new:element <name>  (kebab-case, e.g. course-reviews)');
if (NOT_ELEMENTS.has(name)) fail(`"${name}" is a reserved folder name under src/`);
const src = join(root, 'packages/elements/src');
if (existsSync(join(src, name))) fail(`packages/elements/src/${name}/ exists already`);
const tag = `furrow-${name}`;
if (discoverElements(src).some((e) => e.tag === tag)) fail(`<${tag}> exists already`);

const pascal = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const Class = `Furrow${pascal}`;
const EventClass = `Furrow${pascal}SelectEvent`;
const eventName = `${tag}-select`;
const title = name.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

// The locales come from the one list (a regex, so this runs without TypeScript).
const localesFile = readFileSync(join(root, 'packages/schema/src/lib/locales.ts'), 'utf8');
const LOCALES = [...(/export const LOCALES = \[([^\]]*)\]/.exec(localesFile)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
const SOURCE = /export const SOURCE_LOCALE = '([^']+)'/.exec(localesFile)?.[1] ?? 'en';
if (!LOCALES.includes(SOURCE)) fail('could not read LOCALES from packages/schema/src/lib/locales.ts');

const written = [];
function write(path, text) {
  const file = join(root, path);
  if (existsSync(file)) fail(`${path} exists already`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  written.push(path);
}
function edit(path, change) {
  const file = join(root, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) fail(`could not register ${tag} in ${path}`);
  writeFileSync(file, after);
  written.push(`${path} (edited)`);
}
/** Inserts `line` as the last entry of the `export const NAME = { … } as const` object. */
const addToConst = (constName, line) => (text) => text.replace(new RegExp(`(export const ${constName} = \\{[\\s\\S]*?)(\\n\\} as const;)`), `$1\n${line}$2`);

const en = { heading: title, empty: 'Nothing here yet.', open: 'Open' };
/** The lines of a strings object: `  key: 'text',`. */
const entries = (strings) => Object.entries(strings).map(([k, v]) => `  ${k}: '${v.replace(/['\\]/g, '\\$&')}',`).join('\n');
const el = `packages/elements/src/${name}`;

write(`${el}/${name}.messages.ts`, `import { defineMessages } from '../lib/i18n.js';

const en = {
${entries(en)}
};

/** Every key of the catalog below; every \`locales/${name}.<locale>.ts\` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of \`<${tag}>\`: English inline, the other locales loaded on demand. */
export const ${camel}Messages = defineMessages(en, (locale) => import(\`./locales/${name}.\${locale}.js\`));
`);

for (const locale of LOCALES.filter((l) => l !== SOURCE)) {
  const language = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }).of(locale);
  write(`${el}/locales/${name}.${locale}.ts`, `import type { Strings } from '../${name}.messages.js';

/** ${language}: strings of \`<${tag}>\` (a separate chunk, loaded only for \`${locale}\`). */
// TODO(${locale}): copied from English by \`npm run new:element\`; translate before release.
export default {
${entries(en)}
} satisfies Strings;
`);
}

write(`${el}/${name}.styles.ts`, `import { css } from 'lit';

/** Styles of \`<${tag}>\` (the tokens, \`.btn\` and \`.notice\` come from lib/styles.ts). */
export const styles = css\`
  section {
    display: grid;
    gap: var(--_space);
  }
  h2 {
    font-size: 1.2em;
    margin: 0;
  }
  p {
    margin: 0;
    color: var(--_muted);
  }
\`;
`);

write(`${el}/${name}.component.ts`, `import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { FurrowElement } from '../lib/furrow-element.js';
import { tokens } from '../lib/styles.js';
import { ${EventClass} } from '../events/${name}-select.js';
import { ${camel}Messages } from './${name}.messages.js';
import { styles } from './${name}.styles.js';

/**
 * TODO: what \`<${tag}>\` shows and what a learner does with it (this text is the element's
 * description in custom-elements.json and the docs).
 *
 * @summary TODO: ${title} in one line.
 *
 * @fires {${EventClass}} ${eventName} - The learner chose the item (user action only).
 *
 * @csspart base - The wrapper.
 * @csspart heading - The heading.
 * @csspart button - The primary button.
 * @csspart error - Error and notices.
 *
 * @cssprop [--furrow-color-primary=#1f6f3f] - Buttons.
 * @cssprop [--furrow-color-on-primary=#ffffff] - Text on buttons.
 * @cssprop [--furrow-color-text=#1b1f1c] - Text.
 * @cssprop [--furrow-color-muted=#4d5750] - Secondary text.
 * @cssprop [--furrow-space=8px] - Spacing unit.
 * @cssprop [--furrow-focus-ring=3px solid #f0a500] - Focus outline.
 *
 * @example
 * \`\`\`html
 * <furrow-provider publishable-key="pk_test_furrow_demo">
 *   <${tag} item-id="…"></${tag}>
 * </furrow-provider>
 * \`\`\`
 */
export class ${Class} extends FurrowElement {
  static override styles = [tokens, styles];

  protected readonly messages = ${camel}Messages;

  /** The item this element is about (carried by \`${eventName}\`). */
  @property({ attribute: 'item-id', reflect: true }) itemId = '';

  private select(): void {
    this.dispatchEvent(new ${EventClass}({ itemId: this.itemId }));
  }

  protected override render() {
    if (!this.furrow) return this.renderNoProvider();
    return html\`<section part="base" aria-labelledby="h">
      <h2 id="h" part="heading">\${this.t('heading')}</h2>
      <p>\${this.t('empty')}</p>
      <button type="button" class="btn" part="button" @click=\${this.select}>\${this.t('open')}</button>
    </section>\`;
  }
}
`);

write(`${el}/${name}.ts`, `import { ${Class} } from './${name}.component.js';

export { ${Class} };

if (!customElements.get('${tag}')) customElements.define('${tag}', ${Class});

declare global {
  interface HTMLElementTagNameMap {
    '${tag}': ${Class};
  }
}
`);

write(`packages/elements/src/events/${name}-select.ts`, `import { EVENTS } from '../lib/constants.js';

/**
 * The learner chose the item of a \`<${tag}>\`. Bubbles and is composed, so a host page can
 * listen on any ancestor. Fired on user action only, never on programmatic changes.
 *
 * @example
 * \`\`\`ts
 * document.addEventListener('${eventName}', (e) => open(e.itemId));
 * \`\`\`
 */
export class ${EventClass} extends Event {
  static readonly eventName = EVENTS.${camel}Select;
  /** The chosen item. */
  readonly itemId: string;

  constructor(init: { itemId: string }) {
    super(EVENTS.${camel}Select, { bubbles: true, composed: true });
    this.itemId = init.itemId;
  }
}

declare global {
  interface HTMLElementEventMap {
    '${eventName}': ${EventClass};
  }
}
`);

write(`packages/elements/test/browser/${name}.test.ts`, `import '../../src/${name}/${name}.js';
import type { ${Class} } from '../../src/${name}/${name}.component.js';
import type { ${EventClass} } from '../../src/events/${name}-select.js';
import { $, audit, cleanup, equal, fixture, record, text, waitFor, withProvider } from './helpers.js';

const mount = async (attrs = 'locale="en"') => {
  const p = await fixture(withProvider('<${tag} item-id="item-1"></${tag}>', attrs));
  const el = p.querySelector('${tag}') as ${Class};
  await waitFor(() => $(el, '[part="base"]'), 'rendered');
  return el;
};

describe('<${tag}>', () => {
  afterEach(() => cleanup());

  it('passes an accessibility audit', async () => {
    await audit(await mount());
  });

  it('without a provider, says so', async () => {
    const el = await fixture<${Class}>('<${tag}></${tag}>');
    await waitFor(() => text(el).includes('furrow-provider'), 'no-provider notice');
  });

  it('fires ${eventName} once per click, never on programmatic changes', async () => {
    const el = await mount();
    const seen = record<${EventClass}>(el, '${eventName}');
    el.itemId = 'item-2';
    await el.updateComplete;
    equal(seen.length, 0, 'no event on a programmatic change');
    ($(el, '[part="button"]') as HTMLButtonElement).click();
    equal(seen.length, 1);
    equal(seen[0].itemId, 'item-2');
  });
});
`);

write(`docs/elements/${name}.md`, `# \`<${tag}>\`

TODO: what it is for, in a sentence a partner site's developer can act on.

\`\`\`html
<script type="module" src="https://learn.example.org/cdn/furrow.js"></script>
<furrow-provider publishable-key="pk_live_your_site">
  <${tag} item-id="…"></${tag}>
</furrow-provider>
\`\`\`

## Attributes

| attribute | what |
|---|---|
| \`item-id\` | TODO |
| \`locale\` | overrides the provider's locale |

## Events

| event | when | detail |
|---|---|---|
| \`${eventName}\` | the learner chose the item | \`itemId\` |

Parts and custom properties: see the [theming reference](../theming.html#${tag}).
`);

edit('packages/elements/src/lib/constants.ts', (t) => addToConst('EVENTS', `  ${camel}Select: '${eventName}',`)(addToConst('TAGS', `  ${camel}: '${tag}',`)(t)));
edit('packages/elements/src/events/index.ts', (t) => `${t.trimEnd()}\nexport { ${EventClass} } from './${name}-select.js';\n`);
edit('packages/elements/src/index.ts', (t) => {
  const defines = [...t.matchAll(/^export \{ Furrow\w+ \} from '\.\/([\w-]+)\/\1\.js';$/gm)];
  const last = defines.at(-1);
  if (!last) return t;
  const at = last.index + last[0].length;
  return `${t.slice(0, at)}\nexport { ${Class} } from './${name}/${name}.js';${t.slice(at)}`;
});

console.log(`new:element: <${tag}>\n  ${written.join('\n  ')}\nNext: fill in the TODOs (docs/elements/${name}.md, the JSDoc), translate locales/${name}.*.ts, then\n  npx wtr --config web-test-runner.config.mjs --files 'packages/elements/test/browser/${name}.test.ts'`);
