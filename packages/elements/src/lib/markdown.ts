/**
 * A deliberately small, safe Markdown renderer for lesson bodies written by instructors.
 *
 * Safety comes from the order of work: the whole source is HTML-escaped FIRST, so no tag,
 * attribute or entity from the author survives; only then are the few Markdown constructs
 * below turned into markup this file writes itself. Links keep only `http:`/`https:` URLs
 * (no `javascript:`, `data:`, relative or protocol-relative), open in a new tab with
 * `rel="noopener noreferrer"`. Anything else stays visible as plain text.
 *
 * Supported: `#`–`######` headings, paragraphs, `**bold**`, `*italic*`/`_italic_`,
 * `` `code` ``, `-`/`*`/`+` and `1.` lists, `>` blockquotes, `[text](https://…)` links.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes every character that matters to HTML (text and attribute contexts).
 *
 * @example
 * ```ts
 * escapeHtml('<img onerror=x>'); // "&lt;img onerror=x&gt;"
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// Inline constructs on already-escaped text. Code spans and links are set aside first so
// their content (a URL with `_` or `*`) is never read as emphasis.
function inline(s: string): string {
  const stash: string[] = [];
  const keep = (html: string) => `\u0000${stash.push(html) - 1}\u0000`;
  s = s.replace(/`([^`]+)`/g, (_, c: string) => keep(`<code>${c}</code>`));
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, label: string, url: string) =>
    // `url` is escaped text: a quote inside it is `&quot;`, so it cannot leave the attribute.
    /^https?:\/\/[^\s/]/i.test(url) ? keep(`<a href="${url}" target="_blank" rel="noopener noreferrer">${emphasis(label)}</a>`) : m,
  );
  return emphasis(s).replace(/\u0000(\d+)\u0000/g, (_, i: string) => stash[Number(i)]);
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?=\S)(.+?)__/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)(.+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_(?=\S)(.+?)_(?!\w)/g, '$1<em>$2</em>');
}

type Block = { kind: 'p' | 'ul' | 'ol' | 'quote'; lines: string[] };

/**
 * Renders Markdown to an HTML string that contains only tags this function writes
 * (`h2`–`h6`, `p`, `strong`, `em`, `code`, `ul`, `ol`, `li`, `blockquote`, `a`, `br`).
 * Headings are shifted down one level (`#` → `h2`) so lesson text never competes with the
 * page's own `h1`.
 *
 * @example
 * ```ts
 * renderMarkdown('## Soil\n\nDig a **V-shaped** pit.\n\n<script>alert(1)</script>');
 * // '<h3>Soil</h3><p>Dig a <strong>V-shaped</strong> pit.</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
 * ```
 */
export function renderMarkdown(source: string): string {
  const lines = escapeHtml(source.replace(/\r\n?/g, '\n').replace(/\u0000/g, '')).split('\n');
  const out: string[] = [];
  let block = null as Block | null; // set by the closures below
  const flush = () => {
    if (!block) return;
    const b = block;
    block = null;
    if (b.kind === 'p') out.push(`<p>${b.lines.map(inline).join('<br>')}</p>`);
    else if (b.kind === 'quote') out.push(`<blockquote>${renderMarkdownEscaped(b.lines)}</blockquote>`);
    else out.push(`<${b.kind}>${b.lines.map((l) => `<li>${inline(l)}</li>`).join('')}</${b.kind}>`);
  };
  const add = (kind: Block['kind'], line: string) => {
    if (block?.kind !== kind) flush();
    (block ??= { kind, lines: [] }).lines.push(line);
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    let m: RegExpMatchArray | null;
    if (!line.trim()) flush();
    else if ((m = line.match(/^\s{0,3}(#{1,6})\s+(.*?)\s*#*$/))) {
      flush();
      const level = Math.min(6, m[1].length + 1);
      out.push(`<h${level}>${inline(m[2])}</h${level}>`);
    } else if ((m = line.match(/^\s{0,3}&gt;\s?(.*)$/))) add('quote', m[1]);
    else if ((m = line.match(/^\s{0,3}[-*+]\s+(.*)$/))) add('ul', m[1]);
    else if ((m = line.match(/^\s{0,3}\d{1,9}[.)]\s+(.*)$/))) add('ol', m[1]);
    else if (block && block.kind !== 'p') block.lines[block.lines.length - 1] += ' ' + line.trim();
    else add('p', line.trim());
  }
  flush();
  return out.join('');
}

// Blockquote content is already escaped: render it without escaping twice.
function renderMarkdownEscaped(lines: string[]): string {
  const unescaped = lines.join('\n').replace(/&(amp|lt|gt|quot|#39);/g, (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" })[m]!);
  return renderMarkdown(unescaped);
}
