import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import {
  AvailabilitySlot, Booking, CourseDetail, CourseSummary, CreateArticleRequest, CreateBookingRequest, CreateCourseRequest,
  CreateVideoRequest, ErrorBody, Languages, Lesson, Locale, LOCALES, Money, PageQuery, SignupRequest, SOURCE_LOCALE, User,
} from '../src/index.js';
import { booking, course, lesson, slot, user } from './fixtures.js';

/** The paths of the issues zod reports for `value` (`"body.email"` style, numbers as indexes). */
function refusedAt(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  assert.equal(r.success, false, `accepted ${JSON.stringify(value)}`);
  return r.error!.issues.map((i) => i.path.join('.'));
}

describe('entities round-trip through their schemas', () => {
  const cases: [string, z.ZodType, unknown][] = [
    ['User', User, user], ['Lesson', Lesson, lesson], ['CourseDetail', CourseDetail, course],
    ['AvailabilitySlot', AvailabilitySlot, slot], ['Booking', Booking, booking],
  ];
  for (const [name, schema, value] of cases) {
    it(`${name}: parse(JSON) gives back what was sent, field for field`, () => {
      const wire = JSON.parse(JSON.stringify(value));
      assert.deepEqual(schema.parse(wire), value);
      assert.deepEqual(schema.parse(schema.parse(wire)), value, 'parsing twice changes nothing');
    });
  }

  it('a course detail is a course summary too (the catalog card drops the outline)', () => {
    const card = CourseSummary.parse(course) as Record<string, unknown>;
    assert.equal(card.title, course.title);
    assert.equal('sections' in card, false, 'unknown keys are stripped');
  });

  it('error bodies keep code, message, details and request id', () => {
    const body = { error: { code: 'validation_failed', message: 'body.email: Invalid email', details: [{ path: ['body', 'email'], message: 'Invalid email', code: 'invalid_format' }], requestId: 'req_1' } };
    assert.deepEqual(ErrorBody.parse(body), body);
  });
});

describe('refusals name the field (zod issue path)', () => {
  it('an entity with a bad nested field', () => {
    assert.deepEqual(refusedAt(CourseDetail, { ...course, price: { amount: 499.5, currency: 'INR' } }), ['price.amount']);
    assert.deepEqual(refusedAt(CourseDetail, { ...course, sections: [{ ...course.sections[0], lessons: [{ ...lesson, contentType: 'podcast' }] }] }), ['sections.0.lessons.0.contentType']);
    assert.deepEqual(refusedAt(Booking, { ...booking, startsAt: '22/11/2026 10:00' }), ['startsAt']);
    assert.deepEqual(refusedAt(User, { ...user, locale: 'fr' }), ['locale']);
  });

  it('money is integer minor units in a supported currency', () => {
    assert.deepEqual(refusedAt(Money, { amount: -1, currency: 'INR' }), ['amount']);
    assert.deepEqual(refusedAt(Money, { amount: 100, currency: 'EUR' }), ['currency']);
  });

  it('requests: missing, malformed and out-of-range fields', () => {
    const good = { title: 'Drip irrigation', description: 'Save water', category: 'irrigation', level: 'beginner', languages: ['hi'] };
    assert.equal(CreateCourseRequest.safeParse(good).success, true);
    assert.deepEqual(refusedAt(CreateCourseRequest, { ...good, title: '   ' }), ['title']);
    assert.deepEqual(refusedAt(CreateCourseRequest, { ...good, languages: ['hi', 'fr'] }), ['languages.1']);
    assert.deepEqual(refusedAt(CreateCourseRequest, { ...good, category: undefined }), ['category']);
    assert.deepEqual(refusedAt(SignupRequest, { email: 'not-an-email', password: 'longenough', name: 'Asha' }), ['email']);
    assert.deepEqual(refusedAt(SignupRequest, { email: 'asha@example.org', password: 'short', name: 'Asha', timeZone: 'Mars/Olympus' }).sort(), ['password', 'timeZone']);
    assert.deepEqual(refusedAt(CreateBookingRequest, { slotId: 'slot-1' }), ['slotId']);
    assert.deepEqual(refusedAt(PageQuery, { limit: '500' }), ['limit']);
  });
});

describe('locales: one list', () => {
  it('Locale is exactly LOCALES, English (the source) first', () => {
    assert.deepEqual(Locale.options, [...LOCALES]);
    assert.equal(LOCALES[0], SOURCE_LOCALE);
    assert.equal(new Set(LOCALES).size, LOCALES.length, 'no locale twice');
    for (const l of LOCALES) assert.match(l, /^[a-z]{2,3}$/, 'a BCP-47 language subtag');
  });

  it('course, article and video languages: one or more, up to every locale (the bound grows with the list)', () => {
    for (const schema of [Languages, CreateCourseRequest.shape.languages, CreateArticleRequest.shape.languages, CreateVideoRequest.shape.languages]) {
      assert.deepEqual(schema.parse([...LOCALES]), [...LOCALES]);
      assert.equal(schema.safeParse([]).success, false, 'at least one');
      assert.equal(schema.safeParse([...LOCALES, LOCALES[0]]).success, false, 'at most one per locale');
    }
  });
});
