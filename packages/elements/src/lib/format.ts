import type { Locale, Money } from '@furrow/schema';
import { intlLocale } from './i18n.js';

// Building an Intl formatter costs far more than using one (a catalog page of 12 cards asked
// for ~80 and spent most of its first render in constructors), so each is built once.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(kind: string, locale: Locale, options: object | undefined, make: () => F): F {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as F | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

const numberFormat = (locale: Locale, options?: Intl.NumberFormatOptions) =>
  cached('n', locale, options, () => new Intl.NumberFormat(intlLocale(locale), options));

const currencyFormat = (locale: Locale, currency: string) => numberFormat(locale, { style: 'currency', currency });

/**
 * Formats money held in minor units (49900 INR → "₹499.00"); the currency's own number of
 * decimals comes from Intl, so no float arithmetic leaks into amounts.
 *
 * @example
 * ```ts
 * formatMoney({ amount: 49900, currency: 'INR' }, 'hi'); // "₹499.00"
 * ```
 */
export function formatMoney(money: Money, locale: Locale): string {
  const f = currencyFormat(locale, money.currency);
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(money.amount / 10 ** digits);
}

/**
 * Formats a number for the locale.
 *
 * @example
 * ```ts
 * formatNumber(2140, 'mr');
 * ```
 */
export function formatNumber(n: number, locale: Locale, options?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, options).format(n);
}

/**
 * Formats an instant in a time zone (the viewer's by default).
 *
 * @example
 * ```ts
 * formatDateTime('2026-11-22T10:00:00Z', 'hi', { timeZone: 'Asia/Kolkata' });
 * ```
 */
export function formatDateTime(iso: string, locale: Locale, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return cached('d', locale, options, () => new Intl.DateTimeFormat(intlLocale(locale), options)).format(new Date(iso));
}

/**
 * Formats minutes as a short duration ("1 h 20 min"), localised through Intl units.
 *
 * @example
 * ```ts
 * formatMinutes(80, 'en'); // "1 hr, 20 min"
 * ```
 */
export function formatMinutes(minutes: number, locale: Locale): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const unit = (value: number, u: 'hour' | 'minute') => numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (h && m) return `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  return h ? unit(h, 'hour') : unit(m, 'minute');
}

/**
 * Builds the number formatters a course card uses, so the one-time cost of Intl's locale data
 * is paid while a request is on the wire instead of between its response and the first paint.
 *
 * @example
 * ```ts
 * const page = client.courses.list(query); // request sent
 * warmFormats(locale);                     // main thread idle anyway
 * await page;
 * ```
 */
export function warmFormats(locale: Locale): void {
  formatMinutes(61, locale);
  formatNumber(1, locale, { notation: 'compact' });
  formatNumber(1, locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  formatNumber(1, locale);
}

/**
 * Whether `n` takes the singular form in this language (CLDR plural rules through Intl:
 * 1 in English; 0 and 1 in Hindi).
 *
 * @example
 * ```ts
 * isSingular(1, 'en'); // true
 * ```
 */
export function isSingular(n: number, locale: Locale): boolean {
  return cached('p', locale, undefined, () => new Intl.PluralRules(intlLocale(locale))).select(n) === 'one';
}
