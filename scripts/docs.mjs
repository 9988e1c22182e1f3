#!/usr/bin/env node
// Builds the documentation site into docs/site/ (served at /docs/ by `npm start`):
//   - the guides in docs/*.md → HTML (marked; our own trusted markdown, not user input),
//   - the theming reference (every part, token, slot and event) from custom-elements.json and
//     the token table of packages/elements/src/lib/styles.ts,
//   - the table of locales in the i18n guide, from LOCALES of @furrow/schema (the one list),
//   - the Elements page: every element of custom-elements.json, linked to its page in
//     docs/elements/<name>.md when it has one (`npm run new:element` writes a stub),
//   - the HTTP API page rendered from buildOpenApi(routes) of @furrow/schema — plain HTML, no CDN,
//   - the TypeScript API reference of schema, SDK, elements and server (TypeDoc).
// Run through `npm run docs` (node --conditions=furrow-src --import tsx scripts/docs.mjs).
// `--no-typedoc` skips the slowest step; FURROW_DOCS_OUT=DIR writes the site there instead.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { marked } from 'marked';
import { buildOpenApi, LOCALES, routes, SOURCE_LOCALE } from '@furrow/schema';
import { GENERATED_DOCS, slug } from './lib/markdown-links.mjs';
import { precompressDir } from './lib/precompress.mjs';
import { runTypedoc } from './lib/typedoc.mjs';

const root = new URL('..', import.meta.url).pathname;
const docs = join(root, 'docs');
// FURROW_DOCS_OUT: another folder (the browser tests build a throwaway copy; see scripts/wtr-furrow-server.mjs).
const site = process.env.FURROW_DOCS_OUT ? resolve(process.env.FURROW_DOCS_OUT) : join(docs, 'site');
const started = Date.now();
const withTypedoc = !process.argv.includes('--no-typedoc');

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const NAV = [
  ['index.html', 'Overview'],
  ['getting-started.html', 'From nothing'],
  ['getting-started-script-tag.html', 'Script tag'],
  ['getting-started-npm.html', 'npm'],
  ['getting-started-cms.html', 'CMS'],
  ['elements.html', 'Elements'],
  ['theming.html', 'Theming'],
  ['events.html', 'Events'],
  ['offline.html', 'Offline'],
  ['i18n.html', 'Languages'],
  ['server-operations.html', 'Running the server'],
  ['security.html', 'Security'],
  ['data-model.html', 'Data model'],
  ['api/openapi.html', 'HTTP API'],
  ['api/typedoc/index.html', 'TypeScript API'],
];

const CSS = `
:root{--green:#1f6f3f;--ink:#1b1f1c;--muted:#4d5750;--line:#d7dfd9;--code:#f1f5f2}
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,'Noto Sans','Noto Sans Devanagari',sans-serif;color:var(--ink)}
.wrap{display:grid;grid-template-columns:15rem 1fr;min-height:100vh}
nav{background:#f6f9f7;border-right:1px solid var(--line);padding:1.25rem 1rem;position:sticky;top:0;height:100vh;overflow:auto}
nav .brand{font-weight:700;color:var(--green);font-size:1.2rem;text-decoration:none;display:block;margin-bottom:1rem}
nav a{display:block;color:var(--ink);text-decoration:none;padding:.2rem .4rem;border-radius:6px}nav a[aria-current]{background:#dcebe1;font-weight:600}
main{padding:1.5rem 2.5rem 4rem;max-width:60rem;min-width:0}h1{color:var(--green);margin-top:0}h2{margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
a{color:var(--green)}code{background:var(--code);padding:.1em .3em;border-radius:4px;font-size:.9em}
:not(pre)>code{overflow-wrap:anywhere}td{overflow-wrap:anywhere}
pre{background:var(--code);padding:.8rem 1rem;border-radius:8px;overflow:auto}pre code{background:none;padding:0}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95em}th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}th{background:#f6f9f7}
.op{border:1px solid var(--line);border-radius:8px;margin:.75rem 0;padding:.2rem .9rem}.op summary{cursor:pointer;padding:.4rem 0}
.m{display:inline-block;min-width:4.2rem;font:600 .8rem ui-monospace,monospace;padding:.1rem .35rem;border-radius:4px;color:#fff;text-align:center;margin-right:.4rem}
.GET{background:#1f6f3f}.POST{background:#2456a6}.PUT{background:#8a5a00}.PATCH{background:#6b3fa0}.DELETE{background:#a4161a}
.tag{color:var(--muted);font-size:.85em;margin-left:.5rem}.op h3{font-size:1rem}
@media (max-width:50rem){.wrap{display:block}nav{position:static;height:auto}main{padding:1rem}}
`;

// Code blocks scroll sideways on a phone: `tabindex` lets a keyboard scroll them too.
function layout(title, body, current, depth = 0) {
  const up = '../'.repeat(depth);
  const nav = NAV.map(([href, label]) => `<a href="${up}${href}"${href === current ? ' aria-current="page"' : ''}>${esc(label)}</a>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,"><title>${esc(title)} · Furrow docs</title><link rel="stylesheet" href="${up}docs.css"></head>
<body><div class="wrap"><nav aria-label="Documentation"><a class="brand" href="${up}index.html">🌾 Furrow</a>
${nav}
<a href="/">Examples ↗</a></nav>
<main>
${body.replace(/<pre>/g, '<pre tabindex="0">')}
</main></div></body></html>
`;
}

// ---- theming reference from custom-elements.json ----------------------------------------------
function themingReference() {
  const manifestFile = join(root, 'packages/elements/custom-elements.json');
  if (!existsSync(manifestFile)) spawnSync(process.execPath, [join(root, 'scripts/custom-elements.mjs')], { stdio: 'inherit' });
  const out = [];
  const styles = join(root, 'packages/elements/src/lib/styles.ts');
  const tokens = existsSync(styles)
    ? [...readFileSync(styles, 'utf8').matchAll(/^\s*\*\s*\|\s*`(--furrow-[\w-]+)`\s*\|\s*`([^`]*)`\s*\|\s*([^|]+)\|/gm)].map((m) => ({ name: m[1], default: m[2], description: m[3].trim() }))
    : [];
  out.push('<h3 id="tokens">Design tokens</h3>');
  out.push(tokens.length
    ? `<table><thead><tr><th>token</th><th>default</th><th>what</th></tr></thead><tbody>${tokens.map((t) => `<tr><td><code>${esc(t.name)}</code></td><td><code>${esc(t.default)}</code></td><td>${esc(t.description)}</td></tr>`).join('')}</tbody></table>`
    : '<p>No tokens found.</p>');
  if (!existsSync(manifestFile)) return out.join('\n') + '<p>custom-elements.json is missing: run <code>npm run build</code>.</p>';
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  copyFileSync(manifestFile, join(site, 'custom-elements.json'));
  const decls = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).sort((a, b) => a.tagName.localeCompare(b.tagName));
  for (const d of decls) {
    out.push(`<h3 id="${esc(d.tagName)}"><code>&lt;${esc(d.tagName)}&gt;</code></h3>`);
    if (d.summary || d.description) out.push(`<p>${esc(d.summary ?? d.description)}</p>`);
    const table = (title, rows, cols) => rows?.length
      ? `<h4>${title}</h4><table><thead><tr>${cols.map((c) => `<th>${c[0]}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cols.map((c) => `<td>${c[1](r)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      : '';
    out.push(table('Parts (<code>::part()</code>)', d.cssParts, [['part', (p) => `<code>${esc(p.name)}</code>`], ['what', (p) => esc(p.description)]]));
    out.push(table('Custom properties', d.cssProperties, [['property', (p) => `<code>${esc(p.name)}</code>`], ['default', (p) => p.default ? `<code>${esc(p.default)}</code>` : ''], ['what', (p) => esc(p.description)]]));
    out.push(table('Attributes', d.attributes, [['attribute', (a) => `<code>${esc(a.name)}</code>`], ['type', (a) => `<code>${esc(a.type?.text)}</code>`], ['what', (a) => esc(a.description)]]));
    out.push(table('Events', d.events?.filter((e) => e.name), [['event', (e) => `<code>${esc(e.name)}</code>`], ['what', (e) => esc(e.description)]]));
    out.push(table('Slots', d.slots, [['slot', (s) => `<code>${esc(s.name || '(default)')}</code>`], ['what', (s) => esc(s.description)]]));
  }
  return out.join('\n');
}

// ---- locales from the one list ------------------------------------------------------------------
function localesTable() {
  const name = (code, inLocale) => new Intl.DisplayNames([inLocale], { type: 'language', fallback: 'code' }).of(code);
  const rows = LOCALES.map((l) => `<tr><td><code>${esc(l)}</code></td><td>${esc(name(l, 'en'))}</td><td lang="${esc(l)}">${esc(name(l, l))}</td><td>${l === SOURCE_LOCALE ? 'inline (source and fallback)' : `<code>locales/&lt;name&gt;.${esc(l)}.js</code>, loaded on demand`}</td></tr>`);
  return `<table><thead><tr><th>code</th><th>language</th><th>in itself</th><th>strings</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// ---- markdown guides ---------------------------------------------------------------------------
function renderGuides() {
  marked.use({ gfm: true });
  // Headings get GitHub's anchors, so `guide.md#a-heading` works on GitHub and here alike.
  marked.use({ renderer: { heading({ tokens, depth, text }) { return `<h${depth} id="${esc(slug(text))}">${this.parser.parseInline(tokens)}</h${depth}>\n`; } } });
  let count = 0;
  for (const file of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
    let md = readFileSync(join(docs, file), 'utf8');
    // Links between guides: foo.md → foo.html.
    md = md.replace(/\]\(([\w-]+)\.md(#[\w-]+)?\)/g, '](./$1.html$2)');
    let html = marked.parse(md);
    if (file === 'theming.md') html = html.replace('<!-- furrow:theming-reference -->', themingReference());
    html = html.replace('<!-- furrow:locales -->', localesTable());
    const title = /^#\s+(.+)$/m.exec(md)?.[1] ?? file;
    const name = file.replace(/\.md$/, '.html');
    writeFileSync(join(site, name), layout(title, html, name));
    count++;
  }
  return count;
}

// ---- elements: one page each (docs/elements/*.md) and a list of all of them --------------------
function renderElements() {
  const dir = join(docs, 'elements');
  const pages = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).sort() : [];
  mkdirSync(join(site, 'elements'), { recursive: true });
  for (const file of pages) {
    const md = readFileSync(join(dir, file), 'utf8').replace(/\]\(\.\.\/([\w-]+)\.md(#[\w-]+)?\)/g, '](../$1.html$2)');
    const title = (/^#\s+(.+)$/m.exec(md)?.[1] ?? file).replace(/`/g, '');
    writeFileSync(join(site, 'elements', file.replace(/\.md$/, '.html')), layout(title, marked.parse(md), 'elements.html', 1));
  }
  const manifestFile = join(root, 'packages/elements/custom-elements.json');
  const decls = existsSync(manifestFile)
    ? JSON.parse(readFileSync(manifestFile, 'utf8')).modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).sort((a, b) => a.tagName.localeCompare(b.tagName))
    : [];
  const rows = decls.map((d) => {
    const page = `${d.tagName.replace(/^furrow-/, '')}.md`;
    const link = pages.includes(page) ? ` · <a href="elements/${esc(page.replace(/\.md$/, '.html'))}">page</a>` : '';
    return `<tr><td><code>&lt;${esc(d.tagName)}&gt;</code></td><td>${esc(d.summary ?? '')}</td><td><a href="theming.html#${esc(d.tagName)}">parts, tokens, events</a>${link}</td></tr>`;
  });
  const body = `<h1>Elements</h1><p>Every Furrow element, from <code>custom-elements.json</code> (generated from the elements' JSDoc by <code>npm run build</code>).</p>
<table><thead><tr><th>element</th><th>what</th><th>reference</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  writeFileSync(join(site, 'elements.html'), layout('Elements', body, 'elements.html'));
  return decls.length;
}

// ---- OpenAPI → HTML ---------------------------------------------------------------------------
function schemaText(s) {
  return `<pre><code>${esc(JSON.stringify(s, null, 2))}</code></pre>`;
}
/** An operation's security requirements in words: "publishable key + bearer token, or secret key". */
function securityText(requirements, schemes) {
  if (!requirements?.length) return 'no key or token (the request proves itself)';
  const name = (id) => ({ publishableKey: 'publishable key', secretKey: 'secret key', bearer: 'bearer token' })[id] ?? schemes[id]?.name ?? id;
  return requirements.map((r) => Object.keys(r).map(name).join(' + ')).join(', or ');
}
function renderOpenApi() {
  const doc = buildOpenApi(routes, { serverUrl: 'https://learn.example.org' });
  writeFileSync(join(site, 'api/openapi.json'), JSON.stringify(doc, null, 2));
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? 'other';
      (byTag.get(tag) ?? byTag.set(tag, []).get(tag)).push({ path, method: method.toUpperCase(), op });
    }
  }
  const parts = [`<h1>HTTP API</h1><p>${esc(doc.info?.description ?? '')} Version ${esc(doc.info?.version ?? '')}, OpenAPI ${esc(doc.openapi)}.
Generated from the route table of <code>@furrow/schema</code>; the same document is served live at <code>/v1/openapi.json</code> and is
<a href="openapi.json">here as a file</a>. Send the publishable key as <code>X-Furrow-Key</code> and a user token as
<code>Authorization: Bearer …</code>. Errors are <code>{ "error": { "code", "message", "details?", "requestId" } }</code>.</p>`];
  parts.push(`<p>${[...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(' · ')}</p>`);
  for (const [tag, ops] of byTag) {
    parts.push(`<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>`);
    for (const { path, method, op } of ops) {
      const params = op.parameters?.length
        ? `<h3>Parameters</h3><table><thead><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${op.parameters.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`).join('')}</tbody></table>`
        : '';
      const body = op.requestBody ? `<h3>Request body</h3>${Object.entries(op.requestBody.content ?? {}).map(([type, c]) => `<p><code>${esc(type)}</code></p>${schemaText(c.schema)}`).join('')}` : '';
      const responses = `<h3>Responses</h3>${Object.entries(op.responses ?? {}).map(([status, r]) => `<p><strong>${esc(status)}</strong> ${esc(r.description ?? '')}</p>${Object.values(r.content ?? {}).map((c) => schemaText(c.schema)).join('')}`).join('')}`;
      const security = `<p class="tag">access: <code>${esc(op['x-furrow-access'])}</code> — ${esc(securityText(op.security, doc.components.securitySchemes))}</p>`;
      parts.push(`<details class="op" id="${esc(op.operationId ?? `${method} ${path}`)}"><summary><span class="m ${method}">${method}</span><code>${esc(path)}</code> — ${esc(op.summary ?? '')}<span class="tag">${esc(op.operationId ?? '')}</span></summary>${security}${params}${body}${responses}</details>`);
    }
  }
  writeFileSync(join(site, 'api/openapi.html'), layout('HTTP API', parts.join('\n'), 'api/openapi.html', 1));
  return Object.values(doc.paths ?? {}).reduce((n, ops) => n + Object.keys(ops).length, 0);
}

// ---- TypeDoc ------------------------------------------------------------------------------------
function renderTypedoc() {
  const r = runTypedoc({ out: 'docs/site/api/typedoc' });
  if (r.status !== 0) throw new Error('typedoc failed');
}

rmSync(site, { recursive: true, force: true });
mkdirSync(join(site, 'api'), { recursive: true });
writeFileSync(join(site, 'docs.css'), CSS);
const pages = renderGuides();
const elementCount = renderElements();
const ops = renderOpenApi();
if (withTypedoc) renderTypedoc();
else {
  mkdirSync(join(site, 'api/typedoc'), { recursive: true });
  writeFileSync(join(site, 'api/typedoc/index.html'), layout('TypeScript API', '<h1>TypeScript API</h1><p>Not built: run <code>npm run docs</code>.</p>', 'api/typedoc/index.html', 2));
}
const missing = GENERATED_DOCS.filter((p) => !existsSync(join(site, p)));
if (missing.length) throw new Error(`docs: did not write ${missing.join(', ')} (guides link to them)`);
precompressDir(site); // .br/.gz beside each page for the demo server
console.log(`docs: ${pages} guides, ${elementCount} elements, ${ops} operations${withTypedoc ? ', TypeDoc' : ''} → docs/site (${((Date.now() - started) / 1000).toFixed(1)} s)`);
