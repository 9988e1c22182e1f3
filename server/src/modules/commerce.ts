import { ERROR_CODES } from '@furrow/schema';
import { defineHandlers } from '../core/context.js';
import { HttpError, badField, conflict, forbidden, notFound } from '../core/errors.js';
import type { Queryable } from '../db/types.js';
import { audit } from '../shared-sql/audit.js';
import { PRODUCT_SELECT, cursorTs, findProduct, toProduct, toPurchase, type ProductRow, type PurchaseRow } from '../shared-sql/commerce.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { newId } from '../core/ids.js';
import { markPurchaseRefunded } from './payments/fulfil.js';
import { paymentsOf } from '../core/payments.js';
import { PROVIDER_ERROR } from './checkout.js';
import { revenueHandlers } from './revenue.js';
import { defineModule } from './module.js';
import { adminsContent, contentSite, isSiteAdmin, onSite, onSiteSql, siteIdOf } from '../core/tenancy.js';

/**
 * Checks a product's courses: each must exist, and each must be priced in the product's
 * currency. A product sells its courses, and revenue is reported per course in that course's
 * currency, so a USD product over an INR course would make that revenue meaningless.
 */
async function checkCourses(q: Queryable, courseIds: string[], currency: string, courseField: boolean, siteId: string | null): Promise<string[]> {
  const ids = [...new Set(courseIds)];
  // A product sells courses of its own site (a shared product: shared courses only).
  const r = await q.query<{ id: string; currency: string }>(
    `SELECT id, currency FROM courses WHERE id = ANY($1::uuid[]) AND (site_id IS NULL OR site_id = $2::uuid)`, [ids, siteId]);
  const byId = new Map(r.rows.map((c) => [c.id, c.currency]));
  for (const [i, id] of courseIds.entries()) {
    if (!byId.has(id)) throw badField(['body', 'courseIds', i], `No course ${id}`);
  }
  for (const [i, id] of courseIds.entries()) {
    const cur = byId.get(id)!;
    if (cur !== currency) {
      throw courseField
        ? badField(['body', 'courseIds', i], `Course ${id} is priced in ${cur}; every course in a ${currency} product must be too`)
        : badField(['body', 'price', 'currency'], `Must match the currency of the product's courses (${cur})`);
    }
  }
  return ids;
}

async function linkCourses(q: Queryable, productId: string, ids: string[]): Promise<void> {
  await q.query(`DELETE FROM course_products WHERE product_id = $1`, [productId]);
  for (const id of ids) await q.query(`INSERT INTO course_products (course_id, product_id) VALUES ($1, $2)`, [id, productId]);
}

const handlers = defineHandlers({
  'products.list': async (ctx) => {
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']) as [string, string] | null;
    const r = await ctx.services.db.query<ProductRow & { cursor_at: string }>(
      `SELECT *, ${cursorTs('p.created_at')} AS cursor_at FROM (${PRODUCT_SELECT}) p
        WHERE (p.status = 'public' OR ($1 AND p.site_id IS NOT DISTINCT FROM $6::uuid) OR ($1 AND p.site_id IS NULL AND $7))
          AND ${onSiteSql('p', '$6')} AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM course_products cp WHERE cp.product_id = p.id AND cp.course_id = $2::uuid))
          AND ($3::timestamptz IS NULL OR (p.created_at, p.id) < ($3::timestamptz, $4::uuid))
        ORDER BY p.created_at DESC, p.id DESC LIMIT $5`,
      [isSiteAdmin(ctx.auth), ctx.query.courseId ?? null, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1, siteIdOf(ctx.auth), !!ctx.auth.site?.sharesContent]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(toProduct), nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.cursor_at, last.id]) : null };
  },

  'products.retrieve': async (ctx) => {
    const p = await findProduct(ctx.services.db, ctx.params.id);
    if (!p || !onSite(p.site_id, siteIdOf(ctx.auth)) || (p.status !== 'public' && !adminsContent(ctx.auth, p.site_id))) throw notFound('Product');
    return toProduct(p);
  },

  'products.create': async (ctx) => {
    const b = ctx.body;
    const out = await ctx.services.db.tx(async (q) => {
      const siteId = contentSite(ctx.auth, b.shared);
      const ids = await checkCourses(q, b.courseIds, b.price.currency, false, siteId);
      const id = newId();
      await q.query(
        `INSERT INTO products (id, name, description, image_url, price_amount, currency, discount_percent, status, site_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [id, b.name, b.description, b.imageUrl ?? null, b.price.amount, b.price.currency, b.discountPercent ?? 0, b.status ?? 'private', siteId]);
      await linkCourses(q, id, ids);
      const p = toProduct((await findProduct(q, id))!);
      await audit(q, ctx, { entityName: 'product', entityId: id, action: 'create', newValues: p });
      await ctx.services.catalog.bump(q);
      return p;
    });
    ctx.services.catalog.invalidate();
    return out;
  },

  'products.update': async (ctx) => {
    const b = ctx.body;
    const out = await ctx.services.db.tx(async (q) => {
      const lock = await q.query<{ site_id: string | null; status: string }>(`SELECT site_id, status FROM products WHERE id = $1 FOR UPDATE`, [ctx.params.id]);
      const row = lock.rows[0];
      // Another site's product does not exist here; a shared one is the sharing site's to edit.
      if (!row || !onSite(row.site_id, siteIdOf(ctx.auth)) || (!adminsContent(ctx.auth, row.site_id) && row.status !== 'public')) throw notFound('Product');
      if (!adminsContent(ctx.auth, row.site_id)) throw forbidden('Shared products are edited on the operator\'s own site');
      const before = (await findProduct(q, ctx.params.id))!;
      const siteId = b.shared === undefined ? before.site_id : contentSite(ctx.auth, b.shared);
      const currency = b.price?.currency ?? before.currency;
      if (b.courseIds) await linkCourses(q, before.id, await checkCourses(q, b.courseIds, currency, false, siteId));
      else if (currency !== before.currency || siteId !== before.site_id) await checkCourses(q, before.course_ids, currency, false, siteId);
      await q.query(
        `UPDATE products SET name = COALESCE($2, name), description = COALESCE($3, description),
           image_url = CASE WHEN $4::boolean THEN $5 ELSE image_url END, price_amount = COALESCE($6, price_amount),
           currency = COALESCE($7, currency), discount_percent = COALESCE($8, discount_percent), status = COALESCE($9, status),
           site_id = $10, updated_at = now()
         WHERE id = $1`,
        [before.id, b.name ?? null, b.description ?? null, b.imageUrl !== undefined, b.imageUrl ?? null, b.price?.amount ?? null,
          b.price?.currency ?? null, b.discountPercent ?? null, b.status ?? null, siteId]);
      const after = toProduct((await findProduct(q, before.id))!);
      await audit(q, ctx, { entityName: 'product', entityId: before.id, action: 'update', oldValues: toProduct(before), newValues: b });
      await ctx.services.catalog.bump(q);
      return after;
    });
    ctx.services.catalog.invalidate();
    return out;
  },

  'purchases.list': async (ctx) => {
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']) as [string, string] | null;
    const r = await ctx.services.db.query<PurchaseRow & { cursor_at: string }>(
      `SELECT *, ${cursorTs('created_at')} AS cursor_at FROM purchases WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [ctx.auth.user!.id, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1]);
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(toPurchase), nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.cursor_at, last.id]) : null };
  },

  'purchases.refund': async (ctx) => {
    const provider = paymentsOf(ctx.services);
    const reason = ctx.body.reason?.trim() || 'refunded by an administrator';
    return ctx.services.db.tx(async (q) => {
      // Purchases are the buyer's site's: another site's admin gets 404.
      const r = await q.query<PurchaseRow>(
        `SELECT p.* FROM purchases p JOIN users u ON u.id = p.user_id WHERE p.id = $1 AND u.site_id = $2::uuid FOR UPDATE OF p`, [ctx.params.id, siteIdOf(ctx.auth)]);
      const p = r.rows[0];
      if (!p) throw notFound('Purchase');
      if (p.status === 'refunded') throw conflict('already_refunded', 'This purchase was already refunded');
      let refundId: string | null = null;
      if (p.amount_paid > 0) {
        if (p.provider !== provider.name) throw conflict(ERROR_CODES.conflict, `This purchase was paid through ${p.provider}, which this server is not configured for`);
        try {
          // One refund per purchase at the provider, however often this is retried.
          refundId = (await provider.refund({ paymentIntentId: p.payment_intent_id, amount: p.amount_paid, idempotencyKey: `furrow-refund-purchase-${p.id}`, reason })).id;
        } catch (err) {
          (ctx.services.options.logger ?? console).error('[furrow] refund failed:', err);
          throw new HttpError(502, PROVIDER_ERROR, 'The payment provider could not refund this purchase; nothing changed, try again');
        }
      }
      await markPurchaseRefunded(q, ctx.services, p, { refundId, reason, actor: ctx, source: 'admin' });
      return toPurchase((await q.query<PurchaseRow>(`SELECT * FROM purchases WHERE id = $1`, [p.id])).rows[0]);
    });
  },

  ...revenueHandlers,
});

/** Products, purchases, refunds and revenue. */
export const commerceModule = defineModule({ name: 'commerce', handlers });
