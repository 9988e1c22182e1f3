import type { Queryable } from '../db/types.js';
import type { Ctx } from '../core/context.js';
import { newId } from '../core/ids.js';

/** One audit entry. */
export interface AuditInput {
  entityName: string;
  entityId: string;
  action: 'create' | 'update' | 'delete' | 'login' | 'logout' | 'refund' | 'cancel' | 'grade';
  oldValues?: unknown;
  newValues?: unknown;
  metadata?: Record<string, unknown>;
  /** The site the entry belongs to; by default the request's site (its key's, else the actor's). */
  siteId?: string | null;
  /** For entries without a request (webhooks, jobs): the user whose site the entry belongs to. */
  subjectUserId?: string;
}

/**
 * Writes an audit row in the caller's transaction: who (user or key), what, old and new values,
 * IP and user agent, and the site it belongs to (each site's admins read only their own).
 *
 * @example
 * ```ts
 * await audit(tx, ctx, { entityName: 'course', entityId: id, action: 'update', oldValues, newValues });
 * ```
 */
export async function audit(q: Queryable, ctx: Pick<Ctx, 'auth' | 'ip' | 'userAgent'> | null, entry: AuditInput): Promise<void> {
  const metadata = { ...(entry.metadata ?? {}), ...(ctx && !ctx.auth.user && ctx.auth.keyKind ? { via: `${ctx.auth.keyKind}_key`, siteId: ctx.auth.site?.id } : {}) };
  await q.query(
    `INSERT INTO audit_log (id, entity_name, entity_id, action, user_id, ip_address, user_agent, old_values, new_values, metadata, site_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11::uuid, (SELECT site_id FROM users WHERE id = $12::uuid)))`,
    [
      newId(), entry.entityName, entry.entityId, entry.action, ctx?.auth.user?.id ?? null, ctx?.ip ?? null,
      ctx?.userAgent ?? null, entry.oldValues === undefined ? null : JSON.stringify(entry.oldValues),
      entry.newValues === undefined ? null : JSON.stringify(entry.newValues), JSON.stringify(metadata),
      entry.siteId !== undefined ? entry.siteId : ctx?.auth.site?.id ?? ctx?.auth.user?.siteId ?? null, entry.subjectUserId ?? (typeof entry.metadata?.userId === 'string' ? entry.metadata.userId : null),
    ],
  );
}
