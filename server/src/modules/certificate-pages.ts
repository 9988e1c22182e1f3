/**
 * The certificate's two pages, in the viewer's language: the printable certificate and the public
 * verification page a bank or an employer opens from the link — from a plain browser tab, with no
 * key. Names and the course title stay as issued; the wording, dates and digits follow the
 * viewer's locale (`?locale=`, else `Accept-Language`, else English).
 */
import type { IncomingMessage } from 'node:http';
import { LOCALES, type Locale } from '@furrow/schema';
import { escapeHtml } from '../core/html.js';

/** The words of both pages, per locale. */
export const CERTIFICATE_TEXT = {
  en: {
    heading: 'Certificate of Completion', certifies: 'This certifies that', completed: 'has completed the course', issued: 'Issued',
    certificate: 'Certificate', verifyAt: 'Verify at', revoked: 'This certificate has been revoked.',
    verifyTitle: 'Certificate check', genuine: 'This certificate is genuine.', notValid: 'This certificate is not valid: it was revoked.',
    name: 'Name', course: 'Course', issuedOn: 'Issued on', number: 'Certificate number', print: 'Print this page',
    open: 'Open the certificate', machine: 'For software: the same check as JSON',
  },
  hi: {
    heading: 'पूर्णता प्रमाणपत्र', certifies: 'प्रमाणित किया जाता है कि', completed: 'ने यह कोर्स पूरा किया है', issued: 'जारी',
    certificate: 'प्रमाणपत्र', verifyAt: 'यहाँ जाँचें', revoked: 'यह प्रमाणपत्र रद्द कर दिया गया है।',
    verifyTitle: 'प्रमाणपत्र की जाँच', genuine: 'यह प्रमाणपत्र असली है।', notValid: 'यह प्रमाणपत्र मान्य नहीं है: इसे रद्द कर दिया गया है।',
    name: 'नाम', course: 'कोर्स', issuedOn: 'जारी होने की तारीख', number: 'प्रमाणपत्र संख्या', print: 'यह पेज प्रिंट करें',
    open: 'प्रमाणपत्र खोलें', machine: 'सॉफ़्टवेयर के लिए: यही जाँच JSON में',
  },
  mr: {
    heading: 'पूर्णता प्रमाणपत्र', certifies: 'प्रमाणित करण्यात येते की', completed: 'यांनी हा कोर्स पूर्ण केला आहे', issued: 'जारी',
    certificate: 'प्रमाणपत्र', verifyAt: 'येथे तपासा', revoked: 'हे प्रमाणपत्र रद्द करण्यात आले आहे.',
    verifyTitle: 'प्रमाणपत्र तपासणी', genuine: 'हे प्रमाणपत्र खरे आहे.', notValid: 'हे प्रमाणपत्र वैध नाही: ते रद्द करण्यात आले आहे.',
    name: 'नाव', course: 'कोर्स', issuedOn: 'जारी केल्याची तारीख', number: 'प्रमाणपत्र क्रमांक', print: 'हे पान प्रिंट करा',
    open: 'प्रमाणपत्र उघडा', machine: 'सॉफ्टवेअरसाठी: हीच तपासणी JSON मध्ये',
  },
} as const satisfies Partial<Record<Locale, Record<string, string>>>;

/** The words for `locale`, English where a locale has none yet. */
function textFor(locale: Locale): Record<keyof (typeof CERTIFICATE_TEXT)['en'], string> {
  return (CERTIFICATE_TEXT as Partial<Record<Locale, Record<keyof (typeof CERTIFICATE_TEXT)['en'], string>>>)[locale] ?? CERTIFICATE_TEXT.en;
}

/** A certificate as the pages show it. */
export interface CertificateView {
  id: string; recipientName: string; courseTitle: string; issuedAt: Date; revoked: boolean;
}

/**
 * The viewer's locale for a server page: `?locale=` if it is one Furrow speaks, else the first
 * `Accept-Language` entry that is (by language, so `mr-IN` is `mr`), else English.
 */
export function pageLocale(req: IncomingMessage, explicit?: string | null): Locale {
  const known = (l: string | null | undefined): l is Locale => !!l && (LOCALES as readonly string[]).includes(l);
  if (known(explicit)) return explicit;
  const header = String(req.headers['accept-language'] ?? '');
  const ranked = header.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    return { lang: tag.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, i };
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(known) ?? 'en';
}

/** Whether a request asks for a page rather than JSON (a browser tab: `Accept: text/html…`). */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '');
  return /text\/html/.test(accept) && !/^application\/json/.test(accept.trim());
}

const date = (d: Date, locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);

const STYLE = `body{margin:0;font-family:"Noto Sans","Noto Sans Devanagari","Mangal",system-ui,sans-serif;color:#1f2d1f;background:#f4f1e8}
main{box-sizing:border-box;max-width:40rem;margin:1rem auto;padding:1.25rem;background:#fff;border:3px double #3b6b35}
h1{font-size:1.5rem;margin:0 0 1rem}.ok{color:#1f5f2c;font-weight:700}.bad{color:#9b1c1c;font-weight:700}
dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.4rem 1rem;margin:1rem 0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
a{color:#1f4f8f}a:focus-visible{outline:3px solid #c75d00;outline-offset:2px}@media print{body{background:#fff}main{border:0}nav{display:none}}`;

/** The public verification page: genuine or revoked, and only what a verifier needs. */
export function verificationPage(c: CertificateView, locale: Locale, links: { html: string; json: string }): string {
  const t = textFor(locale);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.verifyTitle)} — ${escapeHtml(c.courseTitle)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(t.verifyTitle)}</h1>
<p class="${c.revoked ? 'bad' : 'ok'}" role="status">${escapeHtml(c.revoked ? t.notValid : t.genuine)}</p>
<dl><dt>${escapeHtml(t.name)}</dt><dd>${escapeHtml(c.recipientName)}</dd><dt>${escapeHtml(t.course)}</dt><dd>${escapeHtml(c.courseTitle)}</dd>
<dt>${escapeHtml(t.issuedOn)}</dt><dd>${escapeHtml(date(c.issuedAt, locale))}</dd><dt>${escapeHtml(t.number)}</dt><dd>${escapeHtml(c.id)}</dd></dl>
<nav><p><a href="${escapeHtml(links.html)}">${escapeHtml(t.open)}</a></p><p><a href="${escapeHtml(links.json)}">${escapeHtml(t.machine)}</a></p></nav>
</main></body></html>`;
}

/** The printable certificate: A4 landscape, Indic-capable fonts, no script, no external loads. */
export function certificatePage(c: CertificateView, locale: Locale, verifyUrl: string): string {
  const t = textFor(locale);
  const title = escapeHtml(c.courseTitle);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.certificate)} — ${title}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-family: "Noto Sans", "Noto Sans Devanagari", "Mangal", system-ui, sans-serif; color: #1f2d1f; background: #f4f1e8; }
  .sheet { box-sizing: border-box; max-width: 270mm; min-height: 180mm; margin: 16px auto; padding: 18mm; background: #fff; border: 6px double #3b6b35; text-align: center; }
  .brand { letter-spacing: .3em; text-transform: uppercase; color: #3b6b35; font-size: 14px; }
  h1 { font-size: 34px; margin: 14mm 0 6mm; font-weight: 600; }
  .name { font-size: 30px; font-weight: 700; border-bottom: 1px solid #9bb592; display: inline-block; padding: 0 10mm 2mm; }
  .course { font-size: 22px; margin: 6mm 0; }
  .meta { margin-top: 14mm; font-size: 13px; color: #4a5a48; overflow-wrap: anywhere; }
  .revoked { color: #9b1c1c; font-weight: 700; }
  @media print { body { background: #fff; } .sheet { margin: 0; border-width: 4px; } }
</style></head>
<body><main class="sheet">
  <div class="brand">Furrow</div>
  <h1>${escapeHtml(t.heading)}</h1>
  <p>${escapeHtml(t.certifies)}</p>
  <p class="name">${escapeHtml(c.recipientName)}</p>
  <p>${escapeHtml(t.completed)}</p>
  <p class="course">${title}</p>
  <p class="meta">${escapeHtml(t.issued)} ${escapeHtml(date(c.issuedAt, locale))} · ${escapeHtml(t.certificate)} ${escapeHtml(c.id)}<br>${escapeHtml(t.verifyAt)} ${escapeHtml(verifyUrl)}</p>
  ${c.revoked ? `<p class="revoked">${escapeHtml(t.revoked)}</p>` : ''}
</main></body></html>`;
}
