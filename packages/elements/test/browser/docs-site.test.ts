// The docs site and the examples index, as a reader on a 360 px phone gets them: each page in a
// 360 px wide frame (same origin, so the test can look inside), audited by axe-core with every
// rule of WCAG 2.x A/AA and best practice (landmarks included), and nothing wider than the
// screen. The docs site is built fresh by the test runner (scripts/wtr-furrow-server.mjs).
import { assert } from './helpers.js';

// A variable specifier: TypeScript cannot type an absolute-path module, the browser can load it.
const ENV_URL: string = '/__furrow-env.js';

interface AxeResult { violations: { id: string; help: string; nodes: { target: unknown }[] }[] }

/** Loads `src` in a 360 × 640 frame and resolves once its document (and fonts) are ready. */
async function frame(src: string): Promise<HTMLIFrameElement> {
  const f = document.createElement('iframe');
  f.style.cssText = 'width:360px;height:640px;border:0';
  const loaded = new Promise<void>((ok, fail) => {
    f.onload = () => ok();
    f.onerror = () => fail(new Error(`could not load ${src}`));
  });
  f.src = src;
  document.body.append(f);
  await loaded;
  await f.contentDocument!.fonts.ready;
  assert(f.contentDocument!.title && !/404|not found/i.test(f.contentDocument!.title), `${src} did not load (title "${f.contentDocument!.title}")`);
  return f;
}

async function audit(f: HTMLIFrameElement): Promise<string[]> {
  const doc = f.contentDocument!;
  const win = f.contentWindow as Window & { axe?: { run(ctx: Document, opts: object): Promise<AxeResult> } };
  await new Promise<void>((ok, fail) => {
    const s = doc.createElement('script');
    s.src = '/node_modules/axe-core/axe.min.js';
    s.onload = () => ok();
    s.onerror = () => fail(new Error('could not load axe-core'));
    doc.head.append(s);
  });
  const result = await win.axe!.run(doc, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Elements whose right edge passes the frame's width (what makes a page scroll sideways). */
function overflowing(f: HTMLIFrameElement): string[] {
  const doc = f.contentDocument!;
  const width = doc.documentElement.clientWidth;
  if (doc.documentElement.scrollWidth <= width) return [];
  return [...doc.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((el) => `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> right edge ${Math.round(el.getBoundingClientRect().right)} px`)
    .concat(`scrollWidth ${doc.documentElement.scrollWidth} > clientWidth ${width}`);
}

describe('the docs site and the examples index at 360 px', function () {
  let docs = '';
  before(async function () {
    this.timeout(180_000); // the first request builds the docs site
    ({ docsSite: docs } = (await import(ENV_URL)) as { docsSite: string });
    // Asking for a file of the site builds it (once per run).
    const r = await fetch(`${docs}index.html`);
    assert(r.ok, `the docs site was not built: ${r.status}`);
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  const pages = [
    ['the docs home page', () => `${docs}index.html`],
    ['a guide (getting started from nothing)', () => `${docs}getting-started.html`],
    ['the HTTP API page', () => `${docs}api/openapi.html`],
    ['the examples index', () => '/examples/index.html'],
  ] as const;

  for (const [name, url] of pages) {
    it(`${name} is axe-clean and fits 360 px`, async function () {
      this.timeout(60_000);
      const f = await frame(url());
      // Every collapsed operation opened: its tables and schemas must fit too.
      f.contentDocument!.querySelectorAll('details').forEach((d) => (d.open = true));
      const violations = await audit(f);
      assert(violations.length === 0, `axe: ${violations.length} violation(s) on ${url()}:\n${violations.join('\n')}`);
      const wide = overflowing(f);
      assert(wide.length === 0, `${url()} scrolls sideways at 360 px:\n${wide.join('\n')}`);
    });
  }
});
