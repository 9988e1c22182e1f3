/**
 * Valid entities for the schema tests, one of each kind a client receives, built the way the
 * server answers (UTC timestamps, minor units, nulls where the field is absent).
 */
import type { AvailabilitySlot, Booking, CourseDetail, Lesson, User } from '../src/index.js';

const at = '2026-11-22T10:00:00.000Z';
const later = '2026-11-22T10:30:00.000Z';
const id = (n: number) => `0b6f2d1e-1c2a-4c7e-9a57-${String(n).padStart(12, '0')}`;

/** A signed-in learner as they see themselves. */
export const user: User = {
  id: id(1), email: 'ramesh@example.org', name: 'Ramesh Gite', role: 'student', externalId: null, emailConfirmed: true,
  timeZone: 'Asia/Kolkata', locale: 'mr', phoneNumber: null, imageUrl: null, bio: null, createdAt: at, updatedAt: at,
};

const instructor = { id: id(2), name: 'Sunita Patil', imageUrl: null, bio: 'Soil scientist', role: 'instructor' as const };

/** A video lesson with a Marathi caption track. */
export const lesson: Lesson = {
  id: id(10), courseId: id(3), sectionId: id(4), title: 'माती परीक्षण', description: null, order: 0, durationMinutes: 12,
  contentType: 'video', status: 'public', isRequired: true, locked: false, lockReason: null,
  video: { provider: 'self_hosted', url: '/media/soil.mp4', videoId: null, durationSeconds: 720, captions: [{ lang: 'mr', label: 'मराठी', url: '/media/soil.mr.vtt' }] },
  body: null, quizId: null, downloadBytes: 2048, createdAt: at, updatedAt: at,
};

/** A paid course with one section, taught in two languages. */
export const course: CourseDetail = {
  id: id(3), title: 'Soil testing', description: 'Read a soil health card.', category: 'soil-health', level: 'beginner',
  languages: ['mr', 'en'], durationMinutes: 90, lessonCount: 1, thumbnailEmoji: '🌱', thumbnailUrl: null, rating: 4.6,
  ratingCount: 204, enrolledCount: 3120, completionRate: 61.5, price: { amount: 49900, currency: 'INR' }, discountPercent: 10,
  salePrice: { amount: 44910, currency: 'INR' }, isFree: false, instructor, status: 'published', shared: true, publishedAt: at, createdAt: at,
  updatedAt: at,
  sections: [{ id: id(4), courseId: id(3), title: 'Basics', status: 'public', order: 0, lessons: [lesson] }],
  access: { hasAccess: false, enrolled: false, productIds: [id(5)] },
};

/** An open, paid one-to-one slot. */
export const slot: AvailabilitySlot = {
  id: id(6), instructorId: id(2), instructor: { id: id(2), name: 'Sunita Patil', imageUrl: null }, courseId: null,
  startsAt: at, endsAt: later, durationMinutes: 30, instructorTimeZone: 'Asia/Kolkata', isBooked: false,
  price: { amount: 20000, currency: 'INR' }, notes: 'Bring your soil card', createdAt: at, updatedAt: at,
};

/** A booking waiting for payment. */
export const booking: Booking = {
  id: id(7), slotId: id(6), courseId: null, studentId: id(1), instructorId: id(2), student: { id: id(1), name: 'Ramesh Gite' },
  instructor: { id: id(2), name: 'Sunita Patil' }, status: 'pending', amount: { amount: 20000, currency: 'INR' }, startsAt: at,
  endsAt: later, studentTimeZone: 'Asia/Kolkata', instructorTimeZone: 'Asia/Kolkata', studentNotes: null, instructorNotes: null,
  paymentRequired: true, cancelledBy: null, cancellationReason: null, refundOutcome: null, createdAt: at, updatedAt: at,
  confirmedAt: null, cancelledAt: null, paymentDueBy: later,
};
