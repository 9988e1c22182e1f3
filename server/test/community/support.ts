/**
 * Shared helpers for the rewards/roadmaps/community tests: demo ids by key, enrolment without
 * the enrollment module, raising domain events the way the learning module does, a settable clock.
 */
import { emit, type DomainEvent } from '../../src/core/events.js';
import { DEMO_COURSES } from '../../src/seed/demo-data.js';
import { newId } from '../../src/core/ids.js';
import type { TestServer } from '../helpers.js';

/**
 * A clock tests can pin; pass `clock.now` as the server's `now` option. It runs on real time
 * until pinned, and tests create users before pinning it: sessions expire relative to it while
 * the database checks expiry against its own clock.
 */
export function testClock() {
  let pinned: Date | null = null;
  return {
    now: () => (pinned ? new Date(pinned) : new Date()),
    set(iso: string) { pinned = new Date(iso); },
    reset() { pinned = null; },
  };
}

/** Id of a demo course by its key (e.g. `drip-irrigation`). */
export async function courseId(s: TestServer, key: string): Promise<string> {
  const c = DEMO_COURSES.find((x) => x.key === key);
  if (!c) throw new Error(`unknown demo course ${key}`);
  const r = await s.db.query<{ id: string }>(`SELECT id FROM courses WHERE title = $1`, [c.title]);
  return r.rows[0].id;
}

/** Lessons of a course in outline order. */
export async function lessonsOf(s: TestServer, course: string): Promise<{ id: string; status: string }[]> {
  const r = await s.db.query<{ id: string; status: string }>(
    `SELECT l.id, l.status FROM lessons l JOIN sections x ON x.id = l.section_id WHERE l.course_id = $1 ORDER BY x.position, l.position`, [course]);
  return r.rows;
}

/** Enrols a learner directly (the enrollment module is another engineer's; this keeps these tests independent). */
export async function enroll(s: TestServer, userId: string, course: string, status = 'enrolled', isActive = true): Promise<void> {
  await s.db.query(
    `INSERT INTO enrollments (id, user_id, course_id, access_type, status, is_active) VALUES ($1, $2, $3, 'free', $4, $5)
     ON CONFLICT (user_id, course_id) DO UPDATE SET status = EXCLUDED.status, is_active = EXCLUDED.is_active`,
    [newId(), userId, course, status, isActive]);
}

/** Raises a domain event in its own transaction, as a learning-module write would. */
export async function raise(s: TestServer, event: DomainEvent): Promise<void> {
  await s.db.tx((q) => emit(q, event, s.services));
}

/** Creates a user with a role (through the secret key) and returns its token and id. */
export async function newUser(s: TestServer, role: 'student' | 'instructor' | 'admin', extra: Record<string, unknown> = {}) {
  return s.newLearner(undefined, { role, ...extra });
}

/** A fresh uuid that names nothing. */
export const missingId = (): string => newId();
