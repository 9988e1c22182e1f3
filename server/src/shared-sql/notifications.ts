import type { Notification, NotificationType } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { newId } from '../core/ids.js';
import { iso, isoNN } from '../core/time.js';

/** Input for {@link notify}. */
export interface NotifyInput {
  userId: string;
  type: NotificationType;
  title: string;
  message: string;
  relatedEntityType?: string;
  relatedEntityId?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Creates an in-app notification in the caller's transaction.
 *
 * @example
 * ```ts
 * await notify(tx, { userId, type: 'badge_earned', title: 'Badge earned', message: 'First harvest' });
 * ```
 */
export async function notify(q: Queryable, n: NotifyInput): Promise<string> {
  const id = newId();
  await q.query(
    `INSERT INTO notifications (id, user_id, type, title, message, related_entity_type, related_entity_id, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, n.userId, n.type, n.title, n.message, n.relatedEntityType ?? null, n.relatedEntityId ?? null, JSON.stringify(n.metadata ?? {})],
  );
  return id;
}

/** Row shape of `notifications`. */
export interface NotificationRow {
  id: string; user_id: string; type: string; title: string; message: string; is_read: boolean;
  related_entity_type: string | null; related_entity_id: string | null; metadata: Record<string, unknown>;
  email_sent: boolean; created_at: Date; read_at: Date | null;
}

/** Maps a row to the API shape. */
export function toNotification(r: NotificationRow): Notification {
  return {
    id: r.id, userId: r.user_id, type: r.type as NotificationType, title: r.title, message: r.message, isRead: r.is_read,
    relatedEntityType: r.related_entity_type, relatedEntityId: r.related_entity_id, metadata: r.metadata ?? {},
    emailSent: r.email_sent, createdAt: isoNN(r.created_at), readAt: iso(r.read_at),
  };
}
