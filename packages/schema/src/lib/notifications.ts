import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './primitives.js';

/** Notification types (seed 002 `NotificationType`, extended for learning events). */
export const NotificationType = z.enum([
  'badge_earned', 'essay_graded', 'question_answered', 'course_completed', 'certificate_issued',
  'booking_requested', 'booking_confirmed', 'booking_cancelled', 'booking_reminder',
  'payment_succeeded', 'payment_refunded', 'system',
]);
/** Notification type. */
export type NotificationType = z.infer<typeof NotificationType>;

/** An in-app notification. */
export const Notification = z.object({
  id: Id,
  userId: Id,
  type: NotificationType,
  title: z.string(),
  message: z.string(),
  isRead: z.boolean(),
  relatedEntityType: z.string().nullable(),
  relatedEntityId: Id.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  emailSent: z.boolean(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
/** Notification. */
export type Notification = z.infer<typeof Notification>;

/** `GET /v1/notifications` query. */
export const NotificationListQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional(),
});

/** Audit actions (seed 002 `AuditActionType`). */
export const AuditAction = z.enum(['create', 'update', 'delete', 'login', 'logout', 'refund', 'cancel', 'grade']);

/** One audit log row: who did what, old and new values, from where. */
export const AuditLogEntry = z.object({
  id: Id,
  entityName: z.string(),
  entityId: z.string(),
  action: AuditAction,
  userId: Id.nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  // Any JSON value, null included (null before a create, after a delete). Plain `unknown` so
  // the JSON Schema is `{}`, not an `anyOf` whose first branch already matches everything.
  oldValues: z.unknown(),
  newValues: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});
/** Audit row. */
export type AuditLogEntry = z.infer<typeof AuditLogEntry>;

/** `GET /v1/audit-log` query (admin). */
export const AuditLogQuery = PageQuery.extend({
  entityName: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  userId: Id.optional(),
});
