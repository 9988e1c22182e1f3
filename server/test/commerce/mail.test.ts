import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers.js';
import { startMailWorker } from '../../src/modules/mail.js';
import { createJobRunner } from '../../src/core/jobs.js';
import type { QueueMail } from '../../src/core/services.js';
import { eventually, startSmtpCapture } from './setup.js';

describe('mail outbox', () => {
  let s: TestServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'furrow-mail-test-'));
    s = await startTestServer('pglite', { mailDir: dir });
  });
  after(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('without SMTP, mail is written as .eml files (signup confirmation goes through services.mail)', async () => {
    const r = await s.request('POST', '/v1/auth/signup', { body: { email: 'new.farmer@example.org', password: 'a-long-password-123', name: 'New Farmer' } });
    assert.equal(r.status, 201, r.text);
    const file = await eventually(async () => (await readdir(dir)).find((f) => f.endsWith('.eml')));
    const eml = await readFile(join(dir, file!), 'utf8');
    assert.match(eml, /^To: new\.farmer@example\.org$/m);
    assert.match(eml, /^Subject: Confirm your Furrow email$/m);
    assert.match(eml, new RegExp(r.body.emailConfirmationToken));
    const row = await s.db.query<{ sent_at: Date | null; attempts: number }>(`SELECT sent_at, attempts FROM mail_outbox WHERE to_address = 'new.farmer@example.org'`);
    assert.ok(row.rows[0].sent_at);
    assert.equal(row.rows[0].attempts, 1);
  });

  test('a rolled-back transaction sends nothing', async () => {
    const queueMail = s.services.mail as QueueMail;
    await assert.rejects(s.db.tx(async (q) => {
      await queueMail(q, { to: 'ghost@example.org', subject: 'never', text: 'x', kind: 'test' });
      throw new Error('abort');
    }));
    const n = await s.db.query(`SELECT 1 FROM mail_outbox WHERE to_address = 'ghost@example.org'`);
    assert.equal(n.rows.length, 0);
  });

});

describe('mail outbox over SMTP', () => {
  test('two instances\' workers on one outbox deliver each mail exactly once', async () => {
    const smtp = await startSmtpCapture();
    const s = await startTestServer('pglite', { smtp: { host: '127.0.0.1', port: smtp.port } });
    // A second instance's job runner and mail worker on the same database.
    const otherJobs = createJobRunner({ db: s.db, logger: s.services.options.logger });
    const stopOther = startMailWorker({ ...s.services, jobs: otherJobs });
    await otherJobs.start();
    try {
      const queueMail = s.services.mail as QueueMail;
      await s.db.tx(async (q) => {
        for (let i = 0; i < 60; i++) await queueMail(q, { to: `bulk-${i}@example.org`, subject: `Bulk ${i}`, text: 'hello', kind: 'test' });
      });
      await eventually(async () => (await s.db.query(`SELECT 1 FROM mail_outbox WHERE to_address LIKE 'bulk-%' AND sent_at IS NULL`)).rows.length === 0, 20_000);
      await new Promise((r) => setTimeout(r, 1500));
      const bulk = smtp.mails.filter((m) => m.to[0]?.startsWith('bulk-')).map((m) => m.to[0]);
      assert.equal(bulk.length, 60);
      assert.equal(new Set(bulk).size, 60);
    } finally {
      await otherJobs.stop();
      await stopOther();
      await s.close();
      await smtp.close();
    }
  });
});

describe('mail outbox with an unreachable SMTP server', () => {
  test('the mail stays queued with its error and a later retry time', async () => {
    const s = await startTestServer('pglite', { smtp: { host: '127.0.0.1', port: 1 } });
    try {
      await s.db.tx((q) => (s.services.mail as QueueMail)(q, { to: 'later@example.org', subject: 'Later', text: 'x', kind: 'test' }));
      const row = await eventually(async () => (await s.db.query<{ last_error: string | null; sent_at: Date | null; next_attempt_at: Date; claim_token: string | null }>(
        `SELECT last_error, sent_at, next_attempt_at, claim_token FROM mail_outbox WHERE to_address = 'later@example.org' AND last_error IS NOT NULL`)).rows[0], 10_000);
      assert.equal(row.sent_at, null);
      assert.equal(row.claim_token, null, 'released for a later attempt');
      assert.ok(row.next_attempt_at.getTime() > Date.now());
    } finally {
      await s.close();
    }
  });
});
