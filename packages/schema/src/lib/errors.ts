import { z } from 'zod';

/**
 * Error codes the server may send. Clients must accept unknown codes too (new ones are added
 * without a major version), which is why {@link ErrorBody} types `code` as a string.
 *
 * @example
 * ```ts
 * if (err.code === ERROR_CODES.slotTaken) showTaken();
 * ```
 */
export const ERROR_CODES = {
  validation: 'validation_failed',
  malformedJson: 'malformed_json',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  notFound: 'not_found',
  routeNotFound: 'route_not_found',
  methodNotAllowed: 'method_not_allowed',
  missingKey: 'missing_publishable_key',
  invalidKey: 'invalid_key',
  originNotAllowed: 'origin_not_allowed',
  /** A secret key on a request from a browser (it carried `Origin` or browser `Sec-Fetch-*` headers). */
  secretKeyInBrowser: 'secret_key_in_browser',
  /** The key's site is suspended by the operator. */
  siteSuspended: 'site_suspended',
  /** `POST /v1/embed-tokens` asked for a role above the site's `maxEmbedRole`. */
  embedRoleNotAllowed: 'embed_role_not_allowed',
  /** `shared: true` on content from a site whose authors may not share with every site. */
  sharingNotAllowed: 'sharing_not_allowed',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  sessionRevoked: 'session_revoked',
  forbidden: 'forbidden',
  conflict: 'conflict',
  emailTaken: 'email_taken',
  alreadyEnrolled: 'already_enrolled',
  alreadyExists: 'already_exists',
  slotTaken: 'slot_taken',
  slotOverlap: 'slot_overlap',
  attemptLimit: 'attempt_limit_reached',
  attemptClosed: 'attempt_closed',
  notEnrolled: 'not_enrolled',
  paymentRequired: 'payment_required',
  idempotencyMismatch: 'idempotency_key_reused',
  idempotencyInFlight: 'idempotency_key_in_flight',
  rateLimited: 'rate_limited',
  webhookSignature: 'webhook_signature_invalid',
  /** `GET /v1/operator/backup` on a server whose storage it cannot snapshot (PostgreSQL: use pg_dump). */
  backupUnavailable: 'backup_unavailable',
  internal: 'internal_error',
} as const;

/** A known error code. */
export type KnownErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * One problem with a request, pointing at the field by path (`["body","email"]`).
 */
export const ErrorDetail = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string().optional(),
});
/** One validation problem. */
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/**
 * The one error shape every Furrow endpoint answers with.
 *
 * @example
 * ```json
 * {"error":{"code":"validation_failed","message":"query.limit: Too big","details":[...],"requestId":"req_..."}}
 * ```
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(ErrorDetail).optional(),
    requestId: z.string(),
  }),
});
/** The error envelope. */
export type ErrorBody = z.infer<typeof ErrorBody>;
