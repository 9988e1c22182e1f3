import type { CourseDetail, Money, Product } from '@furrow/schema';
import type { FurrowClient } from '@furrow/sdk';

/** What the element sells: a product, or a free course that no product sells. */
export interface Offer {
  product: Product | null;
  /** The course, when the element was given `course-id`. */
  course: CourseDetail | null;
  name: string;
  description: string;
  price: Money;
  sale: Money;
  discountPercent: number;
  courseIds: string[];
  /** The signed-in learner already has access to every course in it. */
  owned: boolean;
  /** Some part came from the offline cache at this time (epoch ms). */
  cachedAt: number | null;
}

/** Thrown when the course has no public product and is not free. */
export class NotForSaleError extends Error {
  override name = 'NotForSaleError';
}

const MAX_OWNERSHIP_CHECKS = 10;

async function ownsAll(client: FurrowClient, courseIds: string[], signal: AbortSignal): Promise<boolean> {
  if (!courseIds.length || courseIds.length > MAX_OWNERSHIP_CHECKS) return false;
  const details = await Promise.all(courseIds.map((id) => client.courses.retrieve(id, { signal })));
  return details.every((c) => c.access?.hasAccess);
}

/**
 * Finds what to sell: `productId` as is, or for `courseId` the cheapest public product that
 * contains the course (the one the server would pick), or the free course itself.
 */
export async function loadOffer(client: FurrowClient, ids: { productId?: string; courseId?: string }, signedIn: boolean, signal: AbortSignal): Promise<Offer> {
  let product: Product | null;
  let course: CourseDetail | null = null;
  if (ids.productId) {
    product = await client.products.retrieve(ids.productId, { signal });
  } else {
    const [c, page] = await Promise.all([client.courses.retrieve(ids.courseId!, { signal }), client.products.list({ courseId: ids.courseId!, limit: 100 }, { signal })]);
    course = c;
    // A free course is enrolled in directly, even when a paid bundle also contains it.
    product = c.isFree ? null : ([...page.data].filter((p) => p.status === 'public').sort((a, b) => a.salePrice.amount - b.salePrice.amount)[0] ?? null);
    if (!product && !course.isFree && course.salePrice.amount > 0) throw new NotForSaleError(course.id);
  }
  const courseIds = product ? product.courseIds : [course!.id];
  const owned = signedIn && (course && courseIds.length === 1 ? Boolean(course.access?.hasAccess) : await ownsAll(client, courseIds, signal));
  const stale = [product, course].filter((x) => x && (x as { stale?: boolean }).stale) as { cachedAt?: number }[];
  return {
    product,
    course,
    name: course?.title ?? product!.name,
    description: product?.description ?? course!.description,
    price: product?.price ?? course!.price,
    sale: product?.salePrice ?? course!.salePrice,
    discountPercent: product?.discountPercent ?? course!.discountPercent,
    courseIds,
    owned,
    cachedAt: stale.length ? Math.min(...stale.map((s) => s.cachedAt ?? 0)) : null,
  };
}
