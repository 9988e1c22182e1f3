import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Db, Queryable } from '../db/types.js';
import { enqueue, type JobContext } from '../core/jobs.js';
import type { OutgoingMail, QueueMail, Services } from '../core/services.js';
import { newId } from '../core/ids.js';
import { defineModule } from './module.js';

/** Mail delivery settings, named in one place. */
export const MAIL_DEFAULTS = {
  /** Delay after a mail is queued before the runner looks for it (lets the writer commit). */
  kickDelayMs: 100,
  /** Sends in flight at once per instance. */
  concurrency: 4,
  /** A send is tried this many times, then its job is dead-lettered (the row keeps its last error). */
  maxAttempts: 8,
  /** Back-off after a failed send: 15–30 s, then doubling, at most an hour. */
  backoff: { baseMs: 30_000, maxMs: 3_600_000 },
  from: 'Furrow <no-reply@furrow.local>',
} as const;

/** The job kind that delivers one outbox row (payload `{ mailId }`). */
export const MAIL_JOB = 'mail.send';

/**
 * Queues a mail in the caller's transaction: an outbox row and the `mail.send` job that delivers
 * it. It is sent only if the transaction commits, by one instance's job runner.
 *
 * @example
 * ```ts
 * await enqueueMail(q, { to: 'asha@example.org', subject: 'Booking confirmed', text: '…', kind: 'booking_confirmed' });
 * ```
 */
export async function enqueueMail(q: Queryable, mail: OutgoingMail): Promise<string> {
  const id = newId();
  await q.query(
    `INSERT INTO mail_outbox (id, to_address, subject, text_body, html_body, kind, notification_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, mail.to, mail.subject, mail.text, mail.html ?? null, mail.kind, mail.notificationId ?? null],
  );
  await enqueue(q, MAIL_JOB, { mailId: id }, { maxAttempts: MAIL_DEFAULTS.maxAttempts });
  return id;
}

interface OutboxRow {
  id: string; to_address: string; subject: string; text_body: string; html_body: string | null; kind: string;
  notification_id: string | null; attempts: number; created_at: Date;
}

type Sender = { send(row: OutboxRow, from: string): Promise<void>; close(): void };

/** Real SMTP when `options.smtp` is set; otherwise `.eml` files in `mailDir` (development). */
function makeSender(services: Services): Sender {
  const smtp = services.options.smtp;
  if (smtp) {
    const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: smtp.secure ?? false, auth: smtp.auth });
    return {
      async send(row, from) {
        await transport.sendMail({ from, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body ?? undefined, headers: { 'X-Furrow-Kind': row.kind } });
      },
      close: () => transport.close(),
    };
  }
  const dataDir = services.dataDir;
  const dir = resolve(services.options.mailDir ?? (dataDir ? join(dataDir, 'mail') : join(tmpdir(), 'furrow-mail')));
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(row, from) {
      const info = await transport.sendMail({ from, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body ?? undefined, headers: { 'X-Furrow-Kind': row.kind } });
      await mkdir(dir, { recursive: true });
      const stamp = row.created_at.toISOString().replace(/[:.]/g, '-');
      await writeFile(join(dir, `${stamp}-${row.id}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}

/**
 * Delivers one outbox row: the `mail.send` handler. The row records each attempt (`attempts`,
 * `claim_token` while sending, `last_error` and `next_attempt_at` after a failure); a row already
 * sent is skipped, so a job run twice sends once — except after a crash between the SMTP hand-off
 * and marking the row sent, when that one mail goes again (at-least-once on crash).
 */
async function deliver(db: Db, sender: Sender, from: string, mailId: string, ctx: JobContext): Promise<void> {
  const token = `${ctx.job.id}:${ctx.job.attempt}`;
  const r = await db.query<OutboxRow>(
    `UPDATE mail_outbox SET claim_token = $2, claimed_at = now(), attempts = attempts + 1 WHERE id = $1 AND sent_at IS NULL
     RETURNING id, to_address, subject, text_body, html_body, kind, notification_id, attempts, created_at`,
    [mailId, token]);
  const row = r.rows[0];
  if (!row) return; // sent already (or gone)
  try {
    await sender.send(row, from);
  } catch (err) {
    await db.query(
      `UPDATE mail_outbox SET claim_token = NULL, claimed_at = NULL, last_error = $3,
         next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::float8) END
       WHERE id = $1 AND claim_token = $2`,
      [row.id, token, String((err as Error).message ?? err).slice(0, 500), ctx.retryDelayMs === null ? null : ctx.retryDelayMs / 1000],
    ).catch(() => {});
    throw err;
  }
  await db.tx(async (q) => {
    await q.query(`UPDATE mail_outbox SET sent_at = now(), last_error = NULL, claim_token = NULL WHERE id = $1 AND claim_token = $2`, [row.id, token]);
    if (row.notification_id) await q.query(`UPDATE notifications SET email_sent = true, email_sent_at = now() WHERE id = $1`, [row.notification_id]);
  });
}

/**
 * Registers the `mail.send` handler on `services.jobs` and installs `services.mail`
 * (queue, then kick the runner). Returns the stop function (closes the SMTP transport; the
 * runner stops first). Delivery is once per row across instances: the runner claims each job for
 * one instance.
 */
export function startMailWorker(services: Services): () => Promise<void> {
  const sender = makeSender(services);
  const from = services.options.smtp?.from ?? MAIL_DEFAULTS.from;
  services.jobs.register<{ mailId: string }>(MAIL_JOB, (p, ctx) => deliver(services.db, sender, from, p.mailId, ctx), {
    concurrency: MAIL_DEFAULTS.concurrency, backoff: MAIL_DEFAULTS.backoff,
  });
  const queueMail: QueueMail = async (q, mail) => {
    await enqueueMail(q, mail);
    services.jobs.kick(MAIL_DEFAULTS.kickDelayMs);
  };
  services.mail = queueMail;
  return async () => sender.close();
}

/** Outgoing mail: the outbox, its delivery job on the runner (SMTP or `.eml` files) and `services.mail`. */
export const mailModule = defineModule({
  name: 'mail',
  handlers: {},
  init: async (services) => startMailWorker(services),
});
