/**
 * Shared pieces of the hardening suite: real ids to aim at, a checksum of the data a
 * low-privilege caller must never change, and principals (learners, instructors, a revoked
 * session, a soft-deleted user) made through the API.
 */
import assert from 'node:assert/strict';
import type { Db } from '../../src/db/types.js';
import { enqueue } from '../../src/core/jobs.js';
import type { TestServer } from '../helpers.js';

/** Tables whose ids the storm and the matrix aim at. */
const ID_TABLES = [
  'courses', 'sections', 'lessons', 'articles', 'videos', 'course_materials', 'products', 'enrollments', 'notifications', 'quizzes',
  'quiz_questions', 'quiz_attempts', 'certificates', 'badges', 'learning_roadmaps', 'course_reviews', 'lesson_questions',
  'question_answers', 'learner_groups', 'checkout_sessions', 'purchases', 'availability_slots', 'bookings', 'users', 'jobs',
] as const;

/** Up to `perTable` ids from every table the API addresses by id. */
export async function collectIds(db: Db, perTable = 12): Promise<string[]> {
  const out: string[] = [];
  for (const t of ID_TABLES) {
    const r = await db.query<{ id: string }>(`SELECT id::text AS id FROM ${t} ORDER BY id LIMIT ${perTable}`).catch(() => ({ rows: [] as { id: string }[] }));
    out.push(...r.rows.map((x) => x.id));
  }
  return out;
}

/**
 * What no anonymous visitor or learner may change, whatever they send: the catalogue as
 * authored (not its counters), products, prices, slots' times, partner sites, every existing
 * account's role, email, password hash and deletion, roadmaps, badges and groups.
 */
const PRIVILEGED: Record<string, string> = {
  partner_sites: `SELECT id, name, allowed_origins, default_locale, default_currency, status, deleted_at FROM partner_sites`,
  // Not last_used_at: using a key is what every request does.
  site_keys: `SELECT id, site_id, kind, publishable_key, secret_hash, expires_at, revoked_at FROM site_keys`,
  users: `SELECT id, role, email, password_hash, deleted_at, site_id FROM users WHERE created_at < $1`,
  courses: `SELECT id, instructor_id, title, description, category, level, languages, price_amount, currency, discount_percent, status FROM courses`,
  sections: `SELECT id, course_id, title, status, position FROM sections`,
  lessons: `SELECT id, course_id, section_id, title, body, video, status, position FROM lessons`,
  quizzes: `SELECT * FROM quizzes`,
  quiz_questions: `SELECT * FROM quiz_questions`,
  products: `SELECT * FROM products`,
  course_products: `SELECT * FROM course_products`,
  articles: `SELECT * FROM articles`,
  videos: `SELECT * FROM videos`,
  badges: `SELECT * FROM badges`,
  learning_roadmaps: `SELECT * FROM learning_roadmaps`,
  roadmap_milestones: `SELECT * FROM roadmap_milestones`,
  learner_groups: `SELECT * FROM learner_groups`,
  group_members: `SELECT * FROM group_members`,
  availability_slots: `SELECT id, instructor_id, starts_at, ends_at, price_amount, currency FROM availability_slots`,
  course_materials: `SELECT * FROM course_materials`,
  // Dead background jobs stay dead: only an admin or the secret key may retry one.
  jobs: `SELECT id, kind, state, attempts, max_attempts, last_error FROM jobs WHERE state = 'dead'`,
};

/** md5 per privileged table (rows sorted), plus row counts. */
export async function privilegedChecksum(db: Db, since: Date): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, sql] of Object.entries(PRIVILEGED)) {
    const params = sql.includes('$1') ? [since] : [];
    const r = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM (${sql}) x`, params,
    );
    out[table] = `${r.rows[0].n}:${r.rows[0].h}`;
  }
  return out;
}

/** A dead background job of a kind no handler runs (a retried one stays queued). */
export async function deadJob(db: Db, kind: string, payload: unknown = {}): Promise<string> {
  const { id } = await enqueue(db, kind, payload, { maxAttempts: 1 });
  await db.query(`UPDATE jobs SET state = 'dead', attempts = 1, last_error = 'test fixture', finished_at = now() WHERE id = $1`, [id]);
  return id;
}

/** A signed-in principal. */
export interface Principal {
  token: string;
  userId: string;
  email: string;
}

/** A user of `role` made through the secret key (embed token). */
export async function principal(s: TestServer, role: 'student' | 'instructor' | 'admin', name: string): Promise<Principal> {
  const externalId = `hard-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `${externalId}@example.org`;
  const r = await s.request('POST', '/v1/embed-tokens', { key: s.secretKey, body: { externalId, name: `Hardening ${name}`, email, role } });
  assert.equal(r.status, 201, r.text);
  return { token: r.body.token, userId: r.body.user.id, email };
}

/** A token whose session was ended by logout. */
export async function revokedToken(s: TestServer): Promise<Principal> {
  const p = await principal(s, 'student', 'revoked');
  const r = await s.request('POST', '/v1/auth/logout', { token: p.token });
  assert.ok(r.status < 300, r.text);
  return p;
}

/** A token of a user an admin then soft-deleted (the token was minted before). */
export async function deletedUserToken(s: TestServer, adminToken: string): Promise<Principal> {
  const p = await principal(s, 'student', 'deleted');
  const r = await s.request('PATCH', `/v1/admin/users/${p.userId}`, { token: adminToken, body: { deleted: true } });
  assert.equal(r.status, 200, r.text);
  return p;
}

/** Polls `fn` until truthy. */
export async function until<T>(fn: () => Promise<T> | T, ms = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
