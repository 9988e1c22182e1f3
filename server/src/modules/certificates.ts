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
import { escapeHtml } from '../core/html.js';

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

/** The printable page: A4 landscape, Devanagari-capable fonts, no script, no external loads. */
function certificatePage(c: CertificateRow, verifyUrl: string): string {
  const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(c.issued_at);
  const name = escapeHtml(c.recipient_name);
  const title = escapeHtml(c.course_title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate — ${title}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-family: "Noto Sans", "Noto Sans Devanagari", "Mangal", system-ui, sans-serif; color: #1f2d1f; background: #f4f1e8; }
  .sheet { box-sizing: border-box; max-width: 270mm; min-height: 180mm; margin: 16px auto; padding: 18mm; background: #fff; border: 6px double #3b6b35; text-align: center; }
  .brand { letter-spacing: .3em; text-transform: uppercase; color: #3b6b35; font-size: 14px; }
  h1 { font-size: 34px; margin: 14mm 0 6mm; font-weight: 600; }
  .name { font-size: 30px; font-weight: 700; border-bottom: 1px solid #9bb592; display: inline-block; padding: 0 10mm 2mm; }
  .course { font-size: 22px; margin: 6mm 0; }
  .meta { margin-top: 14mm; font-size: 13px; color: #4a5a48; }
  .revoked { color: #9b1c1c; font-weight: 700; }
  @media print { body { background: #fff; } .sheet { margin: 0; border-width: 4px; } }
</style></head>
<body><main class="sheet">
  <div class="brand">Furrow</div>
  <h1>Certificate of Completion</h1>
  <p>This certifies that</p>
  <p class="name">${name}</p>
  <p>has completed the course</p>
  <p class="course">${title}</p>
  <p class="meta">Issued ${escapeHtml(date)} · Certificate ${escapeHtml(c.id)}<br>Verify at ${escapeHtml(verifyUrl)}</p>
  ${c.revoked_at ? '<p class="revoked">This certificate has been revoked.</p>' : ''}
</main></body></html>`;
}

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

  /** Public: only what a verifier needs (no email, no user id). */
  'certificates.verify': async (ctx) => {
    const c = await findCertificate(ctx.services.db, ctx.params.id);
    return { id: c.id, valid: c.revoked_at === null, recipientName: c.recipient_name, courseTitle: c.course_title, achievement: c.achievement, issuedAt: isoNN(c.issued_at) };
  },

  'certificates.html': async (ctx) => {
    const c = await findCertificate(ctx.services.db, ctx.params.id);
    return new RawResponse(200, certificatePage(c, `${ctx.services.publicUrl}/v1/certificates/${c.id}/verify`), {
      'content-type': 'text/html; charset=utf-8',
      // Inline style only: no script, no external loads, no forms.
      // Framable by nobody: a certificate is opened and printed on its own.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
  },
});

/** Certificates: issued on course completion, listed, verified publicly, printed as HTML. */
export const certificatesModule = defineModule({ name: 'certificates', handlers });
