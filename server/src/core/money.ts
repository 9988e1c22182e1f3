import type { Currency, Money } from '@furrow/schema';

/**
 * The API's money from a row's integer minor units and currency code.
 *
 * @example
 * ```ts
 * moneyFromRow(r.price_amount, r.currency); // { amount: 39920, currency: 'INR' }
 * ```
 */
export function moneyFromRow(amount: number, currency: string): Money {
  return { amount, currency: currency as Currency };
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Money for people to read ("₹399.20", "$19.00"), from integer minor units. The number of
 * minor digits comes from the currency itself (2 for INR and USD, 0 for JPY).
 *
 * @param locale - a BCP 47 tag; Indian digit grouping (`en-IN`) by default.
 */
export function formatMoney(amount: number, currency: string, locale = 'en-IN'): string {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, f);
  }
  return f.format(amount / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
}
