/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl: which local day an instant
 * falls on, and when a local day starts. No date library (bundle budget).
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsCache.set(timeZone, f);
  }
  return f;
}

/** Whether `tz` is a time zone this browser knows. */
export function isTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  try {
    partsFormat(tz);
    return true;
  } catch {
    return false;
  }
}

/** The browser's time zone (UTC when unknown). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of partsFormat(timeZone).formatToParts(ms)) if (type !== 'literal') p[type] = Number(value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at instant `ms`, in ms (Asia/Kolkata: +19 800 000). */
export function zoneOffset(ms: number, timeZone: string): number {
  return wallClock(ms - (ms % 1000), timeZone) - (ms - (ms % 1000));
}

/**
 * The local calendar day (`YYYY-MM-DD`) of an instant in a zone.
 *
 * @example
 * ```ts
 * dayKey(Date.parse('2026-11-22T20:00:00Z'), 'Asia/Kolkata'); // '2026-11-23'
 * ```
 */
export function dayKey(ms: number, timeZone: string): string {
  return new Date(wallClock(ms, timeZone)).toISOString().slice(0, 10);
}

/** Adds days to a `YYYY-MM-DD` day. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week that contains `day`. */
export function mondayOf(day: string): string {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((wd + 6) % 7));
}

/**
 * The instant a local day starts in a zone (DST-safe: re-checks the offset at the result).
 *
 * @example
 * ```ts
 * new Date(startOfDay('2026-11-23', 'Asia/Kolkata')).toISOString(); // '2026-11-22T18:30:00.000Z'
 * ```
 */
export function startOfDay(day: string, timeZone: string): number {
  const utc = Date.parse(`${day}T00:00:00Z`);
  let t = utc - zoneOffset(utc, timeZone);
  t = utc - zoneOffset(t, timeZone);
  return t;
}
