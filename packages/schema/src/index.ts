/**
 * `@furrow/schema` — the Furrow contract: zod schemas for every entity, request and response,
 * the error shape, and the route table the server registers from and the SDK types from.
 *
 * @packageDocumentation
 * @module @furrow/schema
 */
export * from './lib/locales.js';
export * from './lib/primitives.js';
export * from './lib/errors.js';
export * from './lib/users.js';
export * from './lib/catalog.js';
export * from './lib/learning.js';
export * from './lib/rewards.js';
export * from './lib/community.js';
export * from './lib/commerce.js';
export * from './lib/booking.js';
export * from './lib/notifications.js';
export * from './lib/jobs.js';
export * from './lib/sites.js';
export * from './lib/route.js';
export * from './lib/openapi.js';
export * from './routes/index.js';
export { MATERIAL_UPLOAD, MaterialUploadQuery } from './routes/catalog.js';
export { CreateRoadmapRequest } from './routes/learning.js';
