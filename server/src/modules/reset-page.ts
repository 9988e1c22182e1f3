import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { LOCALES } from '@furrow/schema';
import type { ExtraRoute } from '../core/context.js';
import { escapeHtml } from '../core/html.js';

/** The words of the reset page, per locale (the link carries the user's locale). */
export const RESET_PAGE_TEXT = {
  en: {
    title: 'Choose a new password', intro: 'Type a new password twice. The link works once.', password: 'New password',
    again: 'The same password again', hint: 'At least 8 characters.', save: 'Save the new password', saving: 'Saving…',
    done: 'Your password is changed. Go back to the site and sign in with it.', mismatch: 'The two passwords are not the same.',
    short: 'Use at least 8 characters.', expired: 'This link has expired or was already used. Ask for a new one on the site.',
    offline: 'No connection. Check your internet and try again.', failed: 'Something went wrong. Please try again.',
    missing: 'This link is not complete. Open the link from the email again.',
  },
  hi: {
    title: 'नया पासवर्ड चुनें', intro: 'नया पासवर्ड दो बार लिखें। यह लिंक एक ही बार काम करता है।', password: 'नया पासवर्ड',
    again: 'वही पासवर्ड दोबारा', hint: 'कम से कम 8 अक्षर।', save: 'नया पासवर्ड सहेजें', saving: 'सहेजा जा रहा है…',
    done: 'आपका पासवर्ड बदल गया है। साइट पर वापस जाकर नए पासवर्ड से साइन इन करें।', mismatch: 'दोनों पासवर्ड एक जैसे नहीं हैं।',
    short: 'कम से कम 8 अक्षर रखें।', expired: 'यह लिंक पुराना हो गया है या पहले ही इस्तेमाल हो चुका है। साइट पर नया लिंक माँगें।',
    offline: 'इंटरनेट नहीं है। कनेक्शन देखकर फिर कोशिश करें।', failed: 'कुछ गड़बड़ हो गई। कृपया फिर कोशिश करें।',
    missing: 'यह लिंक अधूरा है। ईमेल वाला लिंक फिर से खोलें।',
  },
  mr: {
    title: 'नवीन पासवर्ड निवडा', intro: 'नवीन पासवर्ड दोनदा लिहा. ही लिंक एकदाच चालते.', password: 'नवीन पासवर्ड',
    again: 'तोच पासवर्ड पुन्हा', hint: 'किमान 8 अक्षरे.', save: 'नवीन पासवर्ड जतन करा', saving: 'जतन होत आहे…',
    done: 'तुमचा पासवर्ड बदलला आहे. साइटवर परत जाऊन नवीन पासवर्डने साइन इन करा.', mismatch: 'दोन्ही पासवर्ड सारखे नाहीत.',
    short: 'किमान 8 अक्षरे वापरा.', expired: 'ही लिंक जुनी झाली आहे किंवा आधीच वापरली गेली आहे. साइटवर नवीन लिंक मागा.',
    offline: 'इंटरनेट नाही. कनेक्शन तपासून पुन्हा प्रयत्न करा.', failed: 'काहीतरी चुकले. कृपया पुन्हा प्रयत्न करा.',
    missing: 'ही लिंक अपूर्ण आहे. ईमेलमधील लिंक पुन्हा उघडा.',
  },
} as const satisfies Partial<Record<(typeof LOCALES)[number], Record<string, string>>>;

type Words = Record<keyof (typeof RESET_PAGE_TEXT)['en'], string>;

function pickLocale(q: URLSearchParams): keyof typeof RESET_PAGE_TEXT {
  const l = q.get('locale');
  return l && l in RESET_PAGE_TEXT ? (l as keyof typeof RESET_PAGE_TEXT) : 'en';
}

/** The page's one script: checks the two fields, posts the token and the password, says what happened. */
function script(api: string): string {
  return `(() => {
  const cfg = JSON.parse(document.getElementById('cfg').textContent);
  const f = document.getElementById('f'), out = document.getElementById('out'), btn = f.querySelector('button');
  const say = (k) => { out.textContent = cfg.t[k]; };
  if (!cfg.token || !cfg.key) { say('missing'); f.hidden = true; return; }
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const a = f.elements.p1.value, b = f.elements.p2.value;
    if (a.length < 8) return say('short');
    if (a !== b) return say('mismatch');
    btn.disabled = true; say('saving');
    try {
      const r = await fetch(${JSON.stringify(api)}, { method: 'POST', headers: { 'content-type': 'application/json', 'x-furrow-key': cfg.key,
        'idempotency-key': 'reset-' + cfg.token.slice(-16) }, body: JSON.stringify({ token: cfg.token, password: a }) });
      if (r.ok) { f.hidden = true; return say('done'); }
      say(r.status === 400 ? 'expired' : 'failed');
    } catch { say('offline'); }
    btn.disabled = false;
  });
})();`;
}

function page(t: Words, locale: string, cfg: { token: string; key: string }, api: string, nonce: string): string {
  const json = JSON.stringify({ ...cfg, t }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style nonce="${nonce}">body{font:1.05rem/1.5 system-ui,'Noto Sans Devanagari',sans-serif;margin:0;padding:1rem;color:#1b1b1b;background:#f7f6f2}
main{max-width:26rem;margin:0 auto}label{display:block;margin:.9rem 0 .3rem;font-weight:600}input{box-sizing:border-box;width:100%;font:inherit;padding:.6rem;border:1px solid #6b6b6b;border-radius:.4rem}
button{margin-top:1rem;font:inherit;padding:.7rem 1rem;min-height:44px;border:0;border-radius:.4rem;background:#1f5f2c;color:#fff;width:100%}
button:focus-visible,input:focus-visible{outline:3px solid #c75d00;outline-offset:2px}#out{margin-top:1rem;font-weight:600}.hint{color:#4a4a4a;font-size:.95rem}</style></head>
<body><main><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>
<form id="f" novalidate><label for="p1">${escapeHtml(t.password)}</label><input id="p1" name="p1" type="password" autocomplete="new-password" required minlength="8" aria-describedby="h">
<p class="hint" id="h">${escapeHtml(t.hint)}</p><label for="p2">${escapeHtml(t.again)}</label><input id="p2" name="p2" type="password" autocomplete="new-password" required minlength="8">
<button type="submit">${escapeHtml(t.save)}</button></form><p id="out" role="status" aria-live="polite"></p></main>
<script type="application/json" id="cfg">${json}</script><script nonce="${nonce}">${script(api)}</script></body></html>`;
}

/**
 * `GET /reset-password?token=…&key=pk_…&locale=hi` — the page a reset mail links to when the
 * partner has no page of its own (`passwordResetUrl`): two password fields in the learner's
 * language, posting to `POST /v1/auth/password-reset/confirm` with the site's publishable key.
 * No third-party request, one nonce'd script, `frame-ancestors 'none'`, never cached.
 */
export const resetPageRoute: ExtraRoute = {
    method: 'GET',
    path: '/reset-password',
    async handle(req: IncomingMessage, res: ServerResponse, _params, services) {
      const publicUrl = services.publicUrl;
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const locale = pickLocale(q);
      const nonce = randomBytes(16).toString('base64');
      const cfg = { token: (q.get('token') ?? '').slice(0, 200), key: (q.get('key') ?? '').startsWith('pk_') ? q.get('key')!.slice(0, 200) : '' };
      const body = page(RESET_PAGE_TEXT[locale], locale, cfg, `${publicUrl}/v1/auth/password-reset/confirm`, nonce);
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self' ${new URL(publicUrl).origin}; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`);
      res.end(req.method === 'HEAD' ? undefined : body);
    },
};
