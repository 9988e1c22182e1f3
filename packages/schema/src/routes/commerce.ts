import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { ERROR_CODES } from '../lib/errors.js';
import { IdParams, page, PageQuery } from '../lib/primitives.js';
import {
  CheckoutSession, CreateCheckoutRequest, CreateProductRequest, Product, Purchase, RefundRequest,
  Revenue, RevenueQuery,
} from '../lib/commerce.js';

/** Products, checkout, purchases, refunds, revenue and the Stripe webhook. */
export const commerceRoutes = {
  'products.list': defineRoute({
    method: 'GET', path: '/v1/products', tag: 'commerce', access: 'public', scope: 'any',
    summary: 'Public products', query: PageQuery.extend({ courseId: z.uuid().optional() }), response: page(Product),
  }),
  'products.retrieve': defineRoute({
    method: 'GET', path: '/v1/products/:id', tag: 'commerce', access: 'public', scope: 'any',
    summary: 'A product', params: IdParams, response: Product,
  }),
  'products.create': defineRoute({
    method: 'POST', path: '/v1/products', tag: 'commerce', access: 'admin', scope: 'any',
    summary: 'Create a product bundling courses', body: CreateProductRequest, response: Product, status: 201,
    idempotent: true,
  }),
  'products.update': defineRoute({
    method: 'PATCH', path: '/v1/products/:id', tag: 'commerce', access: 'admin', scope: 'any',
    summary: 'Edit a product', params: IdParams, body: CreateProductRequest.partial(), response: Product,
  }),
  'checkout.create': defineRoute({
    method: 'POST', path: '/v1/checkout/sessions', tag: 'commerce', access: 'user', scope: 'self',
    summary: 'Start checkout for a product, course or booking; free items enrol directly',
    body: CreateCheckoutRequest, response: CheckoutSession, status: 201, idempotent: true,
  }),
  'checkout.retrieve': defineRoute({
    method: 'GET', path: '/v1/checkout/sessions/:id', tag: 'commerce', access: 'user', scope: 'self',
    summary: 'A checkout session (after returning from payment)',
    params: z.object({ id: z.string().min(1).max(200) }), response: CheckoutSession,
  }),
  'purchases.list': defineRoute({
    method: 'GET', path: '/v1/purchases', tag: 'commerce', access: 'user', scope: 'self',
    summary: "The caller's purchases", query: PageQuery, response: page(Purchase),
  }),
  'purchases.refund': defineRoute({
    method: 'POST', path: '/v1/purchases/:id/refund', tag: 'commerce', access: 'admin', scope: 'any',
    summary: 'Refund a purchase; access to its courses ends', params: IdParams, body: RefundRequest,
    response: Purchase,
  }),
  'revenue.list': defineRoute({
    method: 'GET', path: '/v1/revenue', tag: 'commerce', access: 'instructor', scope: 'course-instructor',
    summary: 'Revenue per course and period (own courses; admins all)', query: RevenueQuery,
    response: z.object({ data: z.array(Revenue) }),
  }),
  'webhooks.stripe': defineRoute({
    method: 'POST', path: '/v1/webhooks/stripe', tag: 'commerce', access: 'signature', scope: 'any',
    summary: 'Stripe webhook (signature verified on the raw body)',
    rawBody: { maxBytes: 512 * 1024, contentTypes: ['application/json'] },
    response: z.object({ received: z.literal(true) }),
    errors: { 400: [ERROR_CODES.webhookSignature] },
  }),
} as const;
