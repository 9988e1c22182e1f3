// The links of our markdown and the anchors of its headings, as GitHub and the docs site
// (scripts/docs.mjs) both read them: one slug rule for both, so `guide.md#a-heading` lands on
// the same heading in either place.

/**
 * Pages `npm run docs` generates into docs/site beside the guides (docs.mjs checks it wrote each):
 * a guide may link to them, relative to docs/, though they are not files of the repo.
 */
export const GENERATED_DOCS = ['api/openapi.html', 'api/openapi.json', 'api/typedoc/index.html', 'elements.html', 'custom-elements.json'];

/**
 * The anchor of a heading: GitHub's rule (lower case; punctuation other than `-` and `_` dropped;
 * spaces to `-`), applied to the heading's text without markdown marks.
 *
 * @example
 * ```js
 * slug('Add an `element`'); // 'add-an-element'
 * ```
 */
export function slug(text) {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Markdown without its fenced code blocks and inline code (links there are examples, not links). */
function withoutCode(md) {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/**
 * The anchors of a markdown file's headings, numbered like GitHub's when a heading repeats
 * (`setup`, `setup-1`).
 *
 * @example
 * ```js
 * headingAnchors('# A\n## B\n## B\n'); // Set { 'a', 'b', 'b-1' }
 * ```
 */
export function headingAnchors(md) {
  const seen = new Map();
  const out = new Set();
  for (const m of withoutCode(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  for (const m of md.matchAll(/\sid="([^"]+)"/g)) out.add(m[1]);
  return out;
}

/**
 * Every inline link and image target of a markdown file, outside code, with its line.
 *
 * @example
 * ```js
 * markdownLinks('See [the guide](guide.md#start).'); // [{ target: 'guide.md#start', line: 1 }]
 * ```
 */
export function markdownLinks(md) {
  const out = [];
  withoutCode(md).split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}
