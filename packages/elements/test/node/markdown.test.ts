import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderMarkdown } from '../../src/lib/markdown.js';

// The only tags the renderer may ever write, and the only attributes.
const ALLOWED_TAGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'strong', 'em', 'code', 'ul', 'ol', 'li', 'blockquote', 'a', 'br']);

function assertSafe(html: string, payload: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const [, tag, attrs] = m;
    assert.ok(ALLOWED_TAGS.has(tag.toLowerCase()), `tag <${tag}> from ${JSON.stringify(payload)} → ${html}`);
    if (tag === 'a' && !m[0].startsWith('</')) {
      assert.match(attrs, /^ href="https?:\/\/[^"]*" target="_blank" rel="noopener noreferrer"$/, `link attrs from ${JSON.stringify(payload)} → ${html}`);
    } else assert.equal(attrs, '', `attributes on <${tag}> from ${JSON.stringify(payload)} → ${html}`);
  }
  assert.doesNotMatch(html, /javascript:|data:text|vbscript:/i.test(payload) ? /href="(?:javascript|data|vbscript)/i : /$^/, html);
}

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '[x](https://ok.example/"onmouseover="alert(1))',
  "[x](https://ok.example/'onmouseover='alert(1))",
  '[x](//evil.example/path)',
  '[x](/relative/path)',
  '[<img src=x onerror=alert(1)>](https://ok.example)',
  '**<b onclick=alert(1)>bold</b>**',
  '`<script>alert(1)</script>`',
  '> <iframe src="javascript:alert(1)"></iframe>',
  '# <style>body{display:none}</style>',
  '- <a href="javascript:alert(1)">x</a>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<scr<script>ipt>alert(1)</script>',
  '[a](https://x.example/\u0000)\u00000\u0000',
  '<!-- comment --><math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '![img](https://x.example/a.png" onerror="alert(1))',
];

describe('renderMarkdown', () => {
  it('escapes every HTML character', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  for (const payload of PAYLOADS) {
    it(`neutralises ${JSON.stringify(payload).slice(0, 60)}`, () => {
      const html = renderMarkdown(payload);
      assertSafe(html, payload);
      assert.doesNotMatch(html, /<(script|img|svg|iframe|style|math|b )/i, html);
    });
  }

  it('keeps script text visible as text', () => {
    assert.equal(renderMarkdown('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('renders only http(s) links, in a new tab with noopener', () => {
    assert.equal(
      renderMarkdown('See [the card](https://soilhealth.dac.gov.in/a_b_c).'),
      '<p>See <a href="https://soilhealth.dac.gov.in/a_b_c" target="_blank" rel="noopener noreferrer">the card</a>.</p>',
    );
    assert.equal(renderMarkdown('[x](javascript:alert(1))'), '<p>[x](javascript:alert(1))</p>');
    assert.equal(renderMarkdown('[x](/media/a.webm)'), '<p>[x](/media/a.webm)</p>');
  });

  it('renders headings (shifted one level), paragraphs, emphasis, code, lists and quotes', () => {
    const src = '## The V-cut method\n\n1. Clear surface litter.\n2. Dig a **V-shaped** pit 15 cm deep.\n\n- *2 L/h*: vegetables\n- `16 mm` laterals\n\n> Never sample near bunds.\n\nLine one\nline two';
    assert.equal(
      renderMarkdown(src),
      '<h3>The V-cut method</h3>' +
        '<ol><li>Clear surface litter.</li><li>Dig a <strong>V-shaped</strong> pit 15 cm deep.</li></ol>' +
        '<ul><li><em>2 L/h</em>: vegetables</li><li><code>16 mm</code> laterals</li></ul>' +
        '<blockquote><p>Never sample near bunds.</p></blockquote>' +
        '<p>Line one<br>line two</p>',
    );
  });

  it('handles Devanagari text and leaves snake_case words alone', () => {
    assert.equal(renderMarkdown('प्रति किलो **३ ग्रॅम थायरम** लावा'), '<p>प्रति किलो <strong>३ ग्रॅम थायरम</strong> लावा</p>');
    assert.equal(renderMarkdown('soil_health_card'), '<p>soil_health_card</p>');
  });
});
