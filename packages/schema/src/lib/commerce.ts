import { z } from 'zod';
import { Currency, HttpUrl, Id, Money, Shared, ShortText, Timestamp } from './primitives.js';

/** Product visibility (seed 003). */
export const ProductStatus = z.enum(['public', 'private']);

/** A product that bundles one or more courses (seed 003 `products` + `course_products`). */
export const Product = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  imageUrl: z.string().nullable(),
  price: Money,
  discountPercent: z.int().min(0).max(100),
  salePrice: Money,
  status: ProductStatus,
  courseIds: z.array(Id),
  shared: Shared,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Product. */
export type Product = z.infer<typeof Product>;

/** `POST /v1/products` body (admin). */
export const CreateProductRequest = z.object({
  name: ShortText,
  description: z.string().max(5000),
  imageUrl: HttpUrl.nullable().optional(),
  price: Money,
  discountPercent: z.int().min(0).max(100).optional(),
  status: ProductStatus.optional(),
  courseIds: z.array(Id).min(1).max(100),
  shared: Shared.optional(),
});

/** Payment methods (seed 001). */
export const PaymentMethod = z.enum(['card', 'upi', 'netbanking', 'wallet']);

/** Payment state (seeds 001, 002). */
export const PaymentStatus = z.enum(['pending', 'succeeded', 'failed', 'refunded']);
/** Payment status. */
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** Payment providers. `sandbox` is the offline test-mode provider. */
export const PaymentProvider = z.enum(['stripe', 'sandbox']);

/** A purchase of a product, with a snapshot of the product as sold (seed 003). */
export const Purchase = z.object({
  id: Id,
  userId: Id,
  productId: Id,
  productSnapshot: z.object({
    name: z.string(),
    description: z.string(),
    courseIds: z.array(Id),
    price: Money,
    discountPercent: z.int(),
  }),
  amountPaid: Money,
  discountAmount: Money,
  provider: PaymentProvider,
  providerSessionId: z.string(),
  paymentMethod: PaymentMethod.nullable(),
  status: PaymentStatus,
  refundedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
/** Purchase. */
export type Purchase = z.infer<typeof Purchase>;

/** A payment for a booking or purchase (seed 002 `Payment`). */
export const Payment = z.object({
  id: Id,
  userId: Id,
  bookingId: Id.nullable(),
  purchaseId: Id.nullable(),
  amount: Money,
  status: PaymentStatus,
  provider: PaymentProvider,
  providerTransactionId: z.string().nullable(),
  failureReason: z.string().nullable(),
  refundAmount: Money.nullable(),
  createdAt: Timestamp,
  processedAt: Timestamp.nullable(),
  refundedAt: Timestamp.nullable(),
});
/** Payment. */
export type Payment = z.infer<typeof Payment>;

/** `POST /v1/checkout/sessions` body. */
export const CreateCheckoutRequest = z
  .object({
    productId: Id.optional(),
    courseId: Id.optional(),
    bookingId: Id.optional(),
    successUrl: HttpUrl,
    cancelUrl: HttpUrl,
  })
  .refine((v) => [v.productId, v.courseId, v.bookingId].filter(Boolean).length === 1, {
    message: 'Give exactly one of productId, courseId or bookingId',
    path: ['productId'],
  });

/** The result of starting checkout: a URL to send the learner to, or direct enrolment. */
export const CheckoutSession = z.object({
  id: z.string(),
  /** `redirect`: go to `url`; `enrolled`: the product was free and access is granted. */
  kind: z.enum(['redirect', 'enrolled']),
  url: z.string().nullable(),
  provider: PaymentProvider,
  testMode: z.boolean(),
  amount: Money,
  status: z.enum(['open', 'complete', 'expired']),
});
/** Checkout session. */
export type CheckoutSession = z.infer<typeof CheckoutSession>;

/** `POST /v1/purchases/{id}/refund` body (admin). */
export const RefundRequest = z.object({ reason: z.string().max(500).optional() });

/** Instructor revenue for one course and period (seed 000 `Revenue`). */
export const Revenue = z.object({
  courseId: Id,
  instructorId: Id,
  period: z.string(),
  currency: Currency,
  grossAmount: z.int(),
  refundedAmount: z.int(),
  netAmount: z.int(),
  /** The instructor's share after the platform fee. */
  earnedAmount: z.int(),
  purchases: z.int().min(0),
  refunds: z.int().min(0),
  studentEnrollments: z.int().min(0),
});
/** Revenue row. */
export type Revenue = z.infer<typeof Revenue>;

/** `GET /v1/revenue` query. */
export const RevenueQuery = z.object({
  courseId: Id.optional(),
  instructorId: Id.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  granularity: z.enum(['month', 'day']).optional(),
});
