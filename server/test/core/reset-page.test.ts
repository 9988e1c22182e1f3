/**
 * Furrow's own reset page, for partners with no page of their own: the mail links to it with the
 * token, the site's publishable key and the learner's language; the page is in that language,
 * escapes what the link carries, allows one nonce'd script and no framing; what its script posts
 * sets the password.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dbKinds, startTestServer, type TestServer } from '../helpers.js';

for (const kind of dbKinds().slice(0, 1)) {
  describe(`the reset page (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(() => s.close());

    it('the mail links to the page with the key and the learner\'s language, and the page sets the password', async () => {
      const email = 'page-reset@example.org';
      const made = await s.request('POST', '/v1/auth/signup', { body: { email, password: 'old-password-1', name: 'Kisan', locale: 'hi' } });
      assert.equal(made.status, 201, made.text);
      assert.equal((await s.request('POST', '/v1/auth/password-reset', { body: { email } })).status, 202);
      const mail = (await s.db.query<{ text_body: string }>(`SELECT text_body FROM mail_outbox WHERE to_address = $1 AND kind = 'password_reset'`, [email])).rows[0];
      const link = new URL(mail.text_body.match(/https?:\/\/\S+/)![0]);
      assert.equal(link.pathname, '/reset-password');
      assert.equal(link.searchParams.get('key'), s.publishableKey);
      assert.equal(link.searchParams.get('locale'), 'hi');
      const r = await fetch(link);
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /<html lang="hi">/);
      assert.match(html, /नया पासवर्ड चुनें/);
      const csp = r.headers.get('content-security-policy')!;
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal([...html.matchAll(/<script nonce="([^"]+)"/g)].every((m) => m[1] === nonce), true);
      // The page's script posts exactly this.
      const cfg = JSON.parse(/<script type="application\/json" id="cfg">(.*?)<\/script>/s.exec(html)![1]);
      assert.equal(cfg.token, link.searchParams.get('token'));
      const done = await fetch(`${s.url}/v1/auth/password-reset/confirm`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-furrow-key': cfg.key, origin: s.url }, body: JSON.stringify({ token: cfg.token, password: 'new-password-2' }),
      });
      assert.equal(done.status, 200, await done.text());
      assert.equal((await s.request('POST', '/v1/auth/login', { body: { email, password: 'new-password-2' } })).status, 200);
    });

    it('escapes whatever the link carries and falls back to English', async () => {
      const evil = '"></script><script>alert(1)</script>';
      const r = await fetch(`${s.url}/reset-password?token=${encodeURIComponent(evil)}&key=${encodeURIComponent(`pk_${evil}`)}&locale=xx`);
      const html = await r.text();
      assert.equal(r.status, 200);
      assert.match(html, /<html lang="en">/);
      assert.ok(!html.includes('<script>alert(1)'), 'no injected script');
      assert.equal((html.match(/<script/g) ?? []).length, 2);
    });
  });
}
