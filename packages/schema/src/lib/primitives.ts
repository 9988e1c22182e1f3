import { z } from 'zod';
import { LOCALES } from './locales.js';

/**
 * Every Furrow id is a UUID string. Seeds that used integer or GUID ids map onto this
 * (see `docs/data-model.md`).
 *
 * @example
 * ```ts
 * Id.parse('0b6f2d1e-1c2a-4c7e-9a57-6f0f3c2d9b10');
 * ```
 */
export const Id = z.uuid();
/** A Furrow id. */
export type Id = z.infer<typeof Id>;

/**
 * Where content lives: `true` — shared, on every site of the server (authored on the
 * operator's own site, one whose `sharesContent` is on); `false` — only on the site it was
 * authored on. In create bodies it defaults to `false`; asking for `true` from any other site
 * is `403 sharing_not_allowed`.
 *
 * @example
 * ```ts
 * Shared.parse(false);
 * ```
 */
export const Shared = z.boolean();

/**
 * An instant in time as an ISO-8601 string. Responses always use UTC (`Z`); requests may
 * carry any offset and are normalised to UTC by the server.
 *
 * @example
 * ```ts
 * Timestamp.parse('2026-11-22T10:00:00.000Z');
 * ```
 */
export const Timestamp = z.iso.datetime({ offset: true });
/** An ISO-8601 instant. */
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * Currencies Furrow prices in. Amounts are always integer minor units (paise, cents).
 *
 * @example
 * ```ts
 * Currency.parse('INR');
 * ```
 */
export const Currency = z.enum(['INR', 'USD']);
/** An ISO-4217 currency code Furrow supports. */
export type Currency = z.infer<typeof Currency>;

/**
 * A non-negative whole amount in the currency's minor unit (1 INR = 100 paise). Never a float.
 *
 * @example
 * ```ts
 * MinorUnits.parse(49900); // ₹499.00
 * ```
 */
export const MinorUnits = z.int().min(0).max(2_000_000_000);

/**
 * Money: integer minor units plus an ISO currency.
 *
 * @example
 * ```ts
 * Money.parse({ amount: 49900, currency: 'INR' });
 * ```
 */
export const Money = z.object({
  amount: MinorUnits,
  currency: Currency,
});
/** Money in minor units. */
export type Money = z.infer<typeof Money>;

/**
 * UI and content languages. Content may be in several (`languages`), UI strings have one.
 * The values are {@link LOCALES}: the one list of Furrow's locales.
 *
 * @example
 * ```ts
 * Locale.parse('hi');
 * ```
 */
export const Locale = z.enum(LOCALES);
/** A supported locale. */
export type Locale = z.infer<typeof Locale>;

/**
 * The languages a course, article or video is taught in: one or more locales. The bound is
 * the number of locales, so it grows with {@link LOCALES} (a repeated locale counts twice).
 *
 * @example
 * ```ts
 * Languages.parse(['hi', 'en']);
 * ```
 */
export const Languages = z.array(Locale).min(1).max(LOCALES.length);

/**
 * An IANA time zone name such as `Asia/Kolkata`, checked against the runtime's zone database.
 *
 * @example
 * ```ts
 * TimeZone.parse('Asia/Kolkata');
 * ```
 */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, { message: 'Unknown IANA time zone' });
/** An IANA time zone name. */
export type TimeZone = z.infer<typeof TimeZone>;

/**
 * Whether `tz` names a time zone the runtime knows.
 *
 * @example
 * ```ts
 * isValidTimeZone('Asia/Kolkata'); // true
 * ```
 */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Short single-line text (names, titles). */
export const ShortText = z.string().trim().min(1).max(200);
/** Long text (descriptions, reviews, lesson bodies). */
export const LongText = z.string().max(20_000);
/** An absolute http(s) URL. */
export const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);
/** A short emoji or symbol used as a thumbnail. */
export const Emoji = z.string().max(16);

/** Upper bound on a page size. */
export const MAX_PAGE_SIZE = 100;
/** Default page size when `limit` is omitted. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Query parameters every list endpoint accepts: an opaque `cursor` from the previous page and
 * a `limit` (1–100, default 20).
 *
 * @example
 * ```ts
 * PageQuery.parse({ limit: '10' }); // { limit: 10 }
 * ```
 */
export const PageQuery = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
/** Pagination query. */
export type PageQuery = z.infer<typeof PageQuery>;

/**
 * A page of results: `data` plus `nextCursor` (null on the last page).
 *
 * @example
 * ```ts
 * const CoursePage = page(CourseSummary);
 * ```
 */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable(),
  });
}
/** A page of `T`. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Path parameter object with a single `id`. */
export const IdParams = z.object({ id: Id });

/** A boolean query flag that accepts `true/false/1/0`. */
export const QueryBool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** An empty object: for routes with no body or an empty success response. */
export const Empty = z.object({}).strict();

/** `{ ok: true }` acknowledgement. */
export const Ok = z.object({ ok: z.literal(true) });
