import type { Money, Product, Purchase } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { iso, isoNN } from '../core/time.js';
import { salePrice } from './courses.js';
import { moneyFromRow } from '../core/money.js';

/** Row of `products` with its course ids. */
export interface ProductRow {
  id: string; name: string; description: string; image_url: string | null; price_amount: number; currency: string;
  discount_percent: number; status: 'public' | 'private'; created_at: Date; updated_at: Date; course_ids: string[];
  site_id: string | null;
}

/** Select of products with their courses (alias `p`). */
export const PRODUCT_SELECT = `SELECT p.*, COALESCE((SELECT array_agg(cp.course_id::text ORDER BY cp.created_at, cp.course_id)
    FROM course_products cp WHERE cp.product_id = p.id), '{}') AS course_ids FROM products p`;

/** Maps a product row. */
export function toProduct(r: ProductRow): Product {
  return {
    id: r.id, name: r.name, description: r.description, imageUrl: r.image_url, price: moneyFromRow(r.price_amount, r.currency),
    discountPercent: r.discount_percent, salePrice: moneyFromRow(salePrice(r.price_amount, r.discount_percent), r.currency),
    status: r.status, courseIds: r.course_ids, shared: r.site_id === null, createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/** Loads a product with its courses (optionally locking it). */
export async function findProduct(q: Queryable, id: string): Promise<ProductRow | null> {
  const r = await q.query<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = $1`, [id]);
  return r.rows[0] ?? null;
}

/** One course's share of a sale (stored in the snapshot and in `purchase_courses`). */
export interface CourseShare {
  courseId: string;
  instructorId: string;
  amount: number;
}

/** The product as sold: `Purchase.productSnapshot` plus how the amount splits over courses. */
export interface ProductSnapshot {
  name: string;
  description: string;
  courseIds: string[];
  price: Money;
  discountPercent: number;
  shares: CourseShare[];
}

/**
 * Splits `total` over courses pro rata to their list prices (equally when all are free), in
 * integer minor units: floors first, then the remainder one unit at a time in course order, so
 * the shares always add up to the total. BigInt because amount × price can pass 2^53.
 *
 * @example
 * ```ts
 * splitAmount(100, [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }]); // [34, 66]
 * ```
 */
export function splitAmount(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.every((x) => x === 0) ? weights.map(() => 1) : weights;
  const sum = w.reduce((a, b) => a + BigInt(b), 0n);
  const shares = w.map((x) => Number((BigInt(total) * BigInt(x)) / sum));
  let rest = total - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % shares.length) {
    if (w[i] > 0) {
      shares[i]++;
      rest--;
    }
  }
  return shares;
}

/** Builds the snapshot of a product as it is offered now. */
export async function snapshotProduct(q: Queryable, p: ProductRow): Promise<ProductSnapshot> {
  const r = await q.query<{ id: string; instructor_id: string; price_amount: number }>(
    `SELECT id, instructor_id, price_amount FROM courses WHERE id = ANY($1::uuid[])`, [p.course_ids]);
  const byId = new Map(r.rows.map((c) => [c.id, c]));
  const courses = p.course_ids.map((id) => byId.get(id)!).filter(Boolean);
  const sale = salePrice(p.price_amount, p.discount_percent);
  const amounts = splitAmount(sale, courses.map((c) => c.price_amount));
  return {
    name: p.name, description: p.description, courseIds: p.course_ids, price: moneyFromRow(p.price_amount, p.currency),
    discountPercent: p.discount_percent, shares: courses.map((c, i) => ({ courseId: c.id, instructorId: c.instructor_id, amount: amounts[i] })),
  };
}

/** Row of `purchases`. */
export interface PurchaseRow {
  id: string; user_id: string; product_id: string; product_snapshot: ProductSnapshot; amount_paid: number; discount_amount: number;
  currency: string; provider: 'stripe' | 'sandbox'; provider_session_id: string; payment_intent_id: string | null;
  payment_method: Purchase['paymentMethod']; status: Purchase['status']; refund_id: string | null; refunded_at: Date | null;
  created_at: Date; updated_at: Date;
}

/** Maps a purchase row. */
export function toPurchase(r: PurchaseRow): Purchase {
  const s = r.product_snapshot;
  return {
    id: r.id, userId: r.user_id, productId: r.product_id,
    productSnapshot: { name: s.name, description: s.description, courseIds: s.courseIds, price: s.price, discountPercent: s.discountPercent },
    amountPaid: moneyFromRow(r.amount_paid, r.currency), discountAmount: moneyFromRow(r.discount_amount, r.currency), provider: r.provider,
    providerSessionId: r.provider_session_id, paymentMethod: r.payment_method, status: r.status, refundedAt: iso(r.refunded_at),
    createdAt: isoNN(r.created_at),
  };
}

/**
 * SQL for a timestamp column as a cursor value with microseconds. A JS `Date` keeps only
 * milliseconds, and rows written in one transaction share `now()` to the microsecond, so a
 * cursor made from the `Date` would skip or repeat them.
 *
 * @example
 * ```ts
 * `SELECT p.*, ${cursorTs('p.created_at')} AS cursor_at FROM products p`
 * ```
 */
export function cursorTs(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
