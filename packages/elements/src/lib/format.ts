import type { Locale, Money } from '@furrow/schema';
import { intlLocale } from './i18n.js';

const cache = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: Locale, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency });
    cache.set(key, f);
  }
  return f;
}

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
  return new Intl.NumberFormat(intlLocale(locale), options).format(n);
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
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(new Date(iso));
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
  const unit = (value: number, u: 'hour' | 'minute') => new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (h && m) return `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  return h ? unit(h, 'hour') : unit(m, 'minute');
}
