import type { AuditLogEntry } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { audit } from '../shared-sql/audit.js';
import { toNotification, type NotificationRow } from '../shared-sql/notifications.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { isoNN } from '../core/time.js';
import { defineModule } from './module.js';
import { siteIdOf } from '../core/tenancy.js';

interface AuditRow {
  id: string; entity_name: string; entity_id: string; action: AuditLogEntry['action']; user_id: string | null;
  ip_address: string | null; user_agent: string | null; old_values: unknown; new_values: unknown;
  metadata: Record<string, unknown> | null; created_at: Date;
}

function toAuditEntry(r: AuditRow): AuditLogEntry {
  return {
    id: r.id, entityName: r.entity_name, entityId: r.entity_id, action: r.action, userId: r.user_id, ipAddress: r.ip_address,
    userAgent: r.user_agent, oldValues: r.old_values ?? null, newValues: r.new_values ?? null, metadata: r.metadata ?? {},
    createdAt: isoNN(r.created_at),
  };
}

const handlers = defineHandlers({
  'notifications.list': async (ctx) => {
    const userId = ctx.auth.user!.id;
    const db = ctx.services.db;
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']);
    const unreadOnly = ctx.query.unread === 'true';
    const [r, unread] = await Promise.all([
      db.query<NotificationRow>(
        `SELECT * FROM notifications WHERE user_id = $1 AND (NOT $2::boolean OR is_read = false)
           AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
         ORDER BY created_at DESC, id DESC LIMIT $5`,
        [userId, unreadOnly, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1]),
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND is_read = false`, [userId]),
    ]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return {
      data: rows.map(toNotification),
      nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      unreadCount: unread.rows[0].n,
    };
  },

  'notifications.markRead': async (ctx) => ctx.services.db.tx(async (q) => {
    // Scoped by owner in the WHERE clause: another user's notification is simply not found.
    const r = await q.query<NotificationRow & { was_read: boolean }>(
      `UPDATE notifications n SET is_read = true, read_at = COALESCE(n.read_at, $3)
       FROM (SELECT id, is_read AS was_read FROM notifications WHERE id = $1 AND user_id = $2 FOR UPDATE) old
       WHERE n.id = old.id RETURNING n.*, old.was_read`,
      [ctx.params.id, ctx.auth.user!.id, ctx.services.now()]);
    const row = r.rows[0];
    if (!row) throw notFound('Notification');
    if (!row.was_read) await audit(q, ctx, { entityName: 'notification', entityId: row.id, action: 'update', newValues: { isRead: true } });
    return toNotification(row);
  }),

  'notifications.markAllRead': async (ctx) => {
    await ctx.services.db.tx(async (q) => {
      const r = await q.query(
        `UPDATE notifications SET is_read = true, read_at = $2 WHERE user_id = $1 AND is_read = false RETURNING id`,
        [ctx.auth.user!.id, ctx.services.now()]);
      if (r.rows.length) {
        await audit(q, ctx, { entityName: 'notification', entityId: ctx.auth.user!.id, action: 'update', metadata: { markedRead: r.rows.length } });
      }
    });
    return { ok: true as const };
  },

  'audit.list': async (ctx) => {
    const f = ctx.query;
    const after = decodeCursor(f.cursor, ['string', 'string']);
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (f.entityName) where.push(`a.entity_name = ${p(f.entityName)}`);
    if (f.entityId) where.push(`a.entity_id = ${p(f.entityId)}`);
    if (f.userId) where.push(`a.user_id = ${p(f.userId)}::uuid`);
    // Each site's admins (and its secret key) see their own site's trail only.
    where.push(`a.site_id = ${p(siteIdOf(ctx.auth))}::uuid`);
    if (after) where.push(`(a.created_at, a.id) < (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    const r = await ctx.services.db.query<AuditRow>(
      `SELECT a.* FROM audit_log a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.created_at DESC, a.id DESC LIMIT ${p(f.limit + 1)}`, params);
    const rows = r.rows.slice(0, f.limit);
    const last = rows[rows.length - 1];
    return {
      data: rows.map(toAuditEntry),
      nextCursor: r.rows.length > f.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    };
  },
});

/** In-app notifications and the admin audit log. */
export const notificationsModule = defineModule({ name: 'notifications', handlers });
