// The Furrow CDN loader (dist/cdn/furrow.js). One <script type="module" src=".../furrow.js">
// on any page; each furrow-* element is fetched and defined the first time its tag appears.
// Chunk URLs resolve against this file's own URL, so it works from any origin.
// FILES/TAGS are filled in by the build (rollup.config.mjs) from the element chunks it wrote.
import { FILES, TAGS, PROVIDER } from 'furrow:manifest';

const ce = customElements;
const started = new Map();
const preloaded = new Set();
const url = (i) => new URL(FILES[i], import.meta.url).href;

// Fetch an element's chunk and everything it imports in parallel: one round trip, not a
// waterfall, which is what matters on a slow mobile connection.
function preload(i) {
  if (preloaded.has(i)) return;
  preloaded.add(i);
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.href = url(i);
  document.head.append(link);
}

/**
 * Loads and defines one element (e.g. `load('furrow-quiz')`) and resolves when it is defined.
 * Only needed for tags the page creates inside its own shadow roots, which the loader cannot see.
 */
export function load(tag) {
  if (ce.get(tag)) return Promise.resolve(ce.get(tag));
  let p = started.get(tag);
  if (!p) {
    const deps = TAGS[tag];
    if (!deps) return ce.whenDefined(tag);
    deps.forEach(preload);
    // The provider goes first so that children find it when they connect and ask for the client.
    const first = tag !== PROVIDER && TAGS[PROVIDER] && document.querySelector(PROVIDER) ? load(PROVIDER) : 0;
    p = Promise.resolve(first)
      .then(() => import(url(deps[0])))
      .then(() => ce.whenDefined(tag));
    p.catch((e) => console.error(`[furrow] could not load <${tag}>:`, e));
    started.set(tag, p);
  }
  return p;
}

function scan() {
  for (const tag in TAGS) if (!started.has(tag) && document.querySelector(tag)) load(tag);
  if (started.size === Object.keys(TAGS).length) observer.disconnect();
}

const observer = new MutationObserver(scan);
observer.observe(document.documentElement, { childList: true, subtree: true });
scan();
