import type { Queryable } from '../db/types.js';
import type { Services } from './services.js';

/**
 * Domain events raised inside a write transaction. Listeners run in the same transaction, so
 * what they write (badges, points, certificates, roadmap progress, notifications) commits or
 * rolls back with the event's cause.
 */
export type DomainEvent =
  | { type: 'lesson_completed'; userId: string; courseId: string; lessonId: string }
  | { type: 'quiz_passed'; userId: string; courseId: string; quizId: string; attemptId: string }
  | { type: 'quiz_graded'; userId: string; courseId: string; quizId: string; attemptId: string; passed: boolean }
  | { type: 'course_completed'; userId: string; courseId: string }
  | { type: 'enrolled'; userId: string; courseId: string; accessType: string }
  | { type: 'access_revoked'; userId: string; courseId: string }
  | { type: 'activity'; userId: string; at: Date }
  | { type: 'review_posted'; userId: string; courseId: string }
  | { type: 'question_answered'; questionId: string; askerId: string; answererId: string };

/** A listener; it must only use `q` for database work. */
export type DomainListener = (q: Queryable, event: DomainEvent, services: Services) => Promise<void>;

const listeners: DomainListener[] = [];

/**
 * Subscribes to domain events (modules call this at import time).
 *
 * @example
 * ```ts
 * onDomainEvent(async (q, e) => { if (e.type === 'course_completed') await issueCertificate(q, e); });
 * ```
 */
export function onDomainEvent(listener: DomainListener): void {
  listeners.push(listener);
}

/** Raises an event in the caller's transaction; listeners run in registration order. */
export async function emit(q: Queryable, event: DomainEvent, services: Services): Promise<void> {
  for (const l of listeners) await l(q, event, services);
}
