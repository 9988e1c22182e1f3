import type { Certificate } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { RawResponse } from '../core/raw.js';
import type { Queryable } from '../db/types.js';
import type { Services } from '../core/services.js';
import { onDomainEvent } from '../core/events.js';
import { notify } from '../shared-sql/notifications.js';
import { newId } from '../core/ids.js';
import { isoNN } from '../core/time.js';
import { defineModule } from './module.js';
import { certificatePage, pageLocale, verificationPage, wantsHtml, type CertificateView } from './certificate-pages.js';

interface CertificateRow {
  id: string; user_id: string; course_id: string; achievement: Certificate['achievement']; recipient_name: string; course_title: string;
  issued_at: Date; revoked_at: Date | null;
}

function toCertificate(r: CertificateRow, publicUrl: string): Certificate {
  return {
    id: r.id, userId: r.user_id, courseId: r.course_id, achievement: r.achievement, issuedAt: isoNN(r.issued_at), courseTitle: r.course_title,
    recipientName: r.recipient_name, verifyUrl: `${publicUrl}/v1/certificates/${r.id}/verify`, htmlUrl: `${publicUrl}/v1/certificates/${r.id}/html`,
  };
}

/**
 * Issues the course certificate in the completing transaction, once per learner and course (the
 * unique key decides; a second completion finds the first certificate), links it from the
 * enrollment and tells the learner.
 *
 * @returns the certificate id.
 */
export async function issueCertificate(q: Queryable, services: Services, userId: string, courseId: string): Promise<string> {
  const r = await q.query<{ id: string; course_title: string }>(
    `INSERT INTO certificates (id, user_id, course_id, achievement, recipient_name, course_title)
     SELECT $1, u.id, c.id, 'course_completion', u.name, c.title FROM users u, courses c WHERE u.id = $2 AND c.id = $3
     ON CONFLICT (user_id, course_id) DO NOTHING RETURNING id, course_title`,
    [newId(), userId, courseId],
  );
  const issued = r.rows[0];
  const id = issued?.id ?? (await q.query<{ id: string }>(`SELECT id FROM certificates WHERE user_id = $1 AND course_id = $2`, [userId, courseId])).rows[0].id;
  await q.query(`UPDATE enrollments SET certificate_id = $3 WHERE user_id = $1 AND course_id = $2`, [userId, courseId, id]);
  if (issued) {
    await notify(q, {
      userId, type: 'certificate_issued', title: 'Certificate issued', message: `You completed "${issued.course_title}". Your certificate is ready.`,
      relatedEntityType: 'certificate', relatedEntityId: id, metadata: { courseId, htmlUrl: `${services.publicUrl}/v1/certificates/${id}/html` },
    });
  }
  return id;
}

onDomainEvent(async (q, e, services) => {
  if (e.type === 'course_completed') await issueCertificate(q, services, e.userId, e.courseId);
});

/** What the pages show of a certificate. */
const view = (c: CertificateRow): CertificateView => ({ id: c.id, recipientName: c.recipient_name, courseTitle: c.course_title, issuedAt: c.issued_at, revoked: c.revoked_at !== null });

/** `?locale=` of the request, if any. */
const localeParam = (req: { url?: string }) => new URL(req.url ?? '/', 'http://x').searchParams.get('locale');

/**
 * Headers of both pages: inline style only — no script, no external loads, no forms — framable by
 * nobody (a certificate is opened and printed on its own), and they vary by language.
 */
const pageHeaders = () => ({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
  vary: 'Accept, Accept-Language',
});

async function findCertificate(q: Queryable, id: string): Promise<CertificateRow> {
  const r = await q.query<CertificateRow>(`SELECT * FROM certificates WHERE id = $1`, [id]);
  if (!r.rows[0]) throw notFound('Certificate');
  return r.rows[0];
}

const handlers = defineHandlers({
  'certificates.list': async (ctx) => {
    const r = await ctx.services.db.query<CertificateRow>(
      `SELECT * FROM certificates WHERE user_id = $1 AND revoked_at IS NULL ORDER BY issued_at DESC, id`, [ctx.auth.user!.id]);
    return { data: r.rows.map((c) => toCertificate(c, ctx.services.publicUrl)) };
  },

  /**
   * Public, with no key: anyone who holds the link verifies it. JSON (only what a verifier needs:
   * no email, no user id) for software; a page in the viewer's language for a browser tab.
   */
  'certificates.verify': async (ctx) => {
    const c = await findCertificate(ctx.services.db, ctx.params.id);
    if (wantsHtml(ctx.req)) {
      const locale = pageLocale(ctx.req, localeParam(ctx.req));
      const base = `${ctx.services.publicUrl}/v1/certificates/${c.id}`;
      return new RawResponse(200, verificationPage(view(c), locale, { html: `${base}/html?locale=${locale}`, json: `${base}/verify` }), pageHeaders());
    }
    return { id: c.id, valid: c.revoked_at === null, recipientName: c.recipient_name, courseTitle: c.course_title, achievement: c.achievement, issuedAt: isoNN(c.issued_at) };
  },

  'certificates.html': async (ctx) => {
    const c = await findCertificate(ctx.services.db, ctx.params.id);
    const locale = pageLocale(ctx.req, localeParam(ctx.req));
    return new RawResponse(200, certificatePage(view(c), locale, `${ctx.services.publicUrl}/v1/certificates/${c.id}/verify`), pageHeaders());
  },
});

/** Certificates: issued on course completion, listed, verified publicly, printed as HTML. */
export const certificatesModule = defineModule({ name: 'certificates', handlers });
