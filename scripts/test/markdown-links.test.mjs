// Every relative link in the repo's markdown resolves: the file exists, and a `#anchor` names a
// heading of that file (GitHub's slugs, which scripts/docs.mjs gives its headings too).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { GENERATED_DOCS, headingAnchors, markdownLinks, slug } from '../lib/markdown-links.mjs';

const root = new URL('../../', import.meta.url).pathname;

function walk(dir, keep, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'site' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out;
}

/** The markdown a reader of the repo (or of npm) follows links in. */
function markdownFiles() {
  const top = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'server/README.md'].map((f) => join(root, f));
  const packages = readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md'));
  return [
    ...top, ...packages,
    ...walk(join(root, 'docs'), (p) => p.endsWith('.md')),
    ...walk(join(root, 'examples'), (p) => p.endsWith('README.md')),
  ].filter((f) => existsSync(f));
}

/** Problems with one link of `file`, or null when it resolves. */
function check(file, target) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null; // another site
  if (target.startsWith('/')) return `${target}: a path on a server, not in the repo; link to the file`;
  const [path, anchor] = target.split('#');
  const to = path ? join(dirname(file), decodeURI(path)) : file;
  if (!anchor && GENERATED_DOCS.some((g) => to === join(root, 'docs', g))) return null;
  if (!existsSync(to)) return `${target}: ${relative(root, to)} does not exist`;
  if (anchor === undefined) return null;
  if (!to.endsWith('.md')) return `${target}: an anchor into a file that is not markdown`;
  const anchors = headingAnchors(readFileSync(to, 'utf8'));
  return anchors.has(decodeURIComponent(anchor)) ? null : `${target}: no heading "#${anchor}" in ${relative(root, to)}`;
}

describe('markdown links', () => {
  it('every relative link (and #anchor) in README, CONTRIBUTING, docs, packages and examples resolves', () => {
    const files = markdownFiles();
    assert.ok(files.length >= 15, `${files.length} files`);
    const problems = [];
    let links = 0;
    for (const file of files) {
      for (const { target, line } of markdownLinks(readFileSync(file, 'utf8'))) {
        links++;
        const p = check(file, target);
        if (p) problems.push(`${relative(root, file)}:${line} ${p}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(links > 20, `only ${links} links found`);
  });

  it('finds a broken link and a missing anchor (the check can fail)', () => {
    const file = join(root, 'docs/index.md');
    assert.match(check(file, 'no-such-guide.md'), /does not exist/);
    assert.match(check(file, 'security.md#no-such-heading'), /no heading/);
    assert.match(check(file, 'getting-started-npm.html'), /does not exist/); // link the .md; the site maps it
    assert.equal(check(file, 'api/openapi.html'), null);
    assert.match(check(join(root, 'README.md'), 'api/openapi.html'), /does not exist/);
    assert.equal(check(file, 'https://example.org/x.html'), null);
  });

  it('slugs headings the way GitHub does', () => {
    assert.equal(slug('Add an `element`'), 'add-an-element');
    assert.equal(slug('Server to server (Node)'), 'server-to-server-node');
    assert.deepEqual([...headingAnchors('# Setup\n\n```md\n# not a heading\n```\n## Setup\n')], ['setup', 'setup-1']);
  });
});
