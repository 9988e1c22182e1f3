import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Queryable } from '../db/types.js';
import type { OutgoingMail, QueueMail, Services } from '../core/services.js';
import { newId, newSecret } from '../core/ids.js';
import { defineModule } from './module.js';

/** Mail worker settings, named in one place. */
export const MAIL_DEFAULTS = {
  /** How often each instance looks for due mail. */
  pollMs: 1000,
  /** Delay after a mail is queued before a send is attempted (lets the writer commit). */
  kickDelayMs: 100,
  /** Rows claimed per round. */
  batch: 20,
  /** A send is tried this many times, then left with its last error. */
  maxAttempts: 8,
  /** A claim older than this (the instance died mid-send) may be taken over. */
  claimTimeoutSeconds: 300,
  /** Back-off after a failed send: attempts × this. */
  retryBaseSeconds: 30,
  from: 'Furrow <no-reply@furrow.local>',
} as const;


/**
 * Queues a mail in the caller's transaction: it is sent only if the transaction commits, and
 * by exactly one instance's worker.
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
 * Claims due rows for this instance. `FOR UPDATE SKIP LOCKED` keeps two instances off the same
 * rows while claiming; the claim token keeps them off afterwards.
 */
async function claim(q: Queryable, token: string): Promise<OutboxRow[]> {
  const r = await q.query<OutboxRow>(
    `UPDATE mail_outbox SET claim_token = $1, claimed_at = now(), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM mail_outbox
         WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
           AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => $3))
         ORDER BY next_attempt_at, created_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        AND sent_at IS NULL
      RETURNING id, to_address, subject, text_body, html_body, kind, notification_id, attempts, created_at`,
    [token, MAIL_DEFAULTS.maxAttempts, MAIL_DEFAULTS.claimTimeoutSeconds, MAIL_DEFAULTS.batch],
  );
  return r.rows;
}

/**
 * Starts the outbox worker and installs `services.mail`. Returns the stop function.
 * Delivery is once per row across instances; a crash between the SMTP hand-off and marking the
 * row sent means that one mail is sent again after the claim times out (at-least-once on crash).
 */
export function startMailWorker(services: Services): () => Promise<void> {
  const sender = makeSender(services);
  const from = services.options.smtp?.from ?? MAIL_DEFAULTS.from;
  const logger = services.options.logger ?? console;
  let running: Promise<void> | null = null;
  let stopped = false;
  let kickTimer: NodeJS.Timeout | null = null;

  const round = async (): Promise<void> => {
    const token = newSecret('mail_', 12);
    const rows = await claim(services.db, token);
    for (const row of rows) {
      if (stopped) break;
      try {
        await sender.send(row, from);
        await services.db.tx(async (q) => {
          await q.query(`UPDATE mail_outbox SET sent_at = now(), last_error = NULL WHERE id = $1 AND claim_token = $2`, [row.id, token]);
          if (row.notification_id) await q.query(`UPDATE notifications SET email_sent = true, email_sent_at = now() WHERE id = $1`, [row.notification_id]);
        });
      } catch (err) {
        await services.db.query(
          `UPDATE mail_outbox SET claim_token = NULL, claimed_at = NULL, last_error = $3,
             next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1 AND claim_token = $2`,
          [row.id, token, String((err as Error).message ?? err).slice(0, 500), row.attempts * MAIL_DEFAULTS.retryBaseSeconds],
        ).catch(() => {});
        logger.warn(`[furrow] mail ${row.id} (${row.kind}) not sent: ${(err as Error).message}`);
      }
    }
  };
  const tick = (): void => {
    if (stopped || running) return;
    running = round().catch((err) => logger.error('[furrow] mail worker:', err)).finally(() => { running = null; });
  };
  const interval = setInterval(tick, MAIL_DEFAULTS.pollMs);
  interval.unref();

  const queueMail: QueueMail = async (q, mail) => {
    await enqueueMail(q, mail);
    if (!stopped && !kickTimer) {
      kickTimer = setTimeout(() => { kickTimer = null; tick(); }, MAIL_DEFAULTS.kickDelayMs);
      kickTimer.unref();
    }
  };
  services.mail = queueMail;

  return async () => {
    stopped = true;
    clearInterval(interval);
    if (kickTimer) clearTimeout(kickTimer);
    await running;
    sender.close();
  };
}

/** Outgoing mail: the outbox, the worker that sends it (SMTP or `.eml` files) and `services.mail`. */
export const mailModule = defineModule({
  name: 'mail',
  handlers: {},
  init: async (services) => startMailWorker(services),
});
