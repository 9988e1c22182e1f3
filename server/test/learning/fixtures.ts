/**
 * Shared helpers for the learning tests: demo ids by title, tokens, and small builders.
 */
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers.js';
import { onDomainEvent, type DomainEvent } from '../../src/core/events.js';

/** Ids of the demo catalogue the tests use. */
export interface Demo {
  courses: Record<string, { id: string; lessons: { id: string; contentType: string; quizId: string | null; status: string }[] }>;
  tokens: { admin: string; sunita: string; rajesh: string; learner: string };
}

const TITLES: Record<string, string> = {
  soil: 'Soil Testing Basics for Smallholders',
  drip: 'ड्रिप सिंचाई: कम पानी में ज़्यादा फसल',
  ipm: 'Integrated Pest Management for Cotton',
  kharif: 'खरीप पेरणीचे नियोजन',
  monsoon: 'मौसम पूर्वानुमान से खेती की योजना',
  aphid: 'माहू (एफिड) का जैविक नियंत्रण',
  tractor: 'Tractor Maintenance Every Farmer Can Do',
};

/** Loads demo course ids (with their lessons, as the course instructor sees them) and signs in the demo accounts. */
export async function loadDemo(s: TestServer): Promise<Demo> {
  const tokens = { admin: await s.login('admin'), sunita: await s.login('sunita'), rajesh: await s.login('rajesh'), learner: await s.login('learner') };
  const list = await s.request('GET', '/v1/courses?limit=100');
  assert.equal(list.status, 200);
  const courses: Demo['courses'] = {};
  for (const [key, title] of Object.entries(TITLES)) {
    const c = list.body.data.find((x: { title: string }) => x.title === title);
    assert.ok(c, `demo course ${title}`);
    const d = await s.request('GET', `/v1/courses/${c.id}`, { token: tokens.admin });
    courses[key] = { id: c.id, lessons: d.body.sections.flatMap((x: { lessons: unknown[] }) => x.lessons) };
  }
  return { courses, tokens };
}

/** Records domain events raised while a test runs (listeners are process-wide). */
export function recordEvents(): { events: DomainEvent[]; of(type: DomainEvent['type'], userId?: string): DomainEvent[] } {
  const events: DomainEvent[] = [];
  onDomainEvent(async (_q, e) => {
    events.push(e);
  });
  return {
    events,
    of: (type, userId) => events.filter((e) => e.type === type && (!userId || ('userId' in e && e.userId === userId))),
  };
}

/** Asserts a 400 that names the field at `path`. */
export function expectField(r: { status: number; body: any; text: string }, path: (string | number)[]): void {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'validation_failed');
  const paths = (r.body.error.details ?? []).map((d: { path: unknown[] }) => d.path.join('.'));
  assert.ok(paths.includes(path.join('.')), `expected a detail at ${path.join('.')}, got ${JSON.stringify(paths)}`);
}

/** Creates a draft course with one public section and `n` public text lessons; returns ids. */
export async function draftCourse(s: TestServer, token: string, n = 2, extra: Record<string, unknown> = {}) {
  const c = await s.request('POST', '/v1/courses', {
    token, body: { title: `Test course ${Math.random().toString(36).slice(2, 8)}`, description: 'A course for tests.', category: 'soil-health', level: 'beginner', languages: ['en'], ...extra },
  });
  assert.equal(c.status, 201, c.text);
  const sec = await s.request('POST', `/v1/courses/${c.body.id}/sections`, { token, body: { title: 'Part one' } });
  assert.equal(sec.status, 201, sec.text);
  const lessons: string[] = [];
  for (let i = 0; i < n; i++) {
    const l = await s.request('POST', `/v1/sections/${sec.body.id}/lessons`, { token, body: { title: `Lesson ${i + 1}`, contentType: 'text', status: 'public', body: `Body ${i + 1}` } });
    assert.equal(l.status, 201, l.text);
    lessons.push(l.body.id);
  }
  return { courseId: c.body.id as string, sectionId: sec.body.id as string, lessons };
}

/** Publishes a course. */
export async function publish(s: TestServer, token: string, courseId: string): Promise<void> {
  const r = await s.request('PATCH', `/v1/courses/${courseId}`, { token, body: { status: 'published' } });
  assert.equal(r.status, 200, r.text);
}
