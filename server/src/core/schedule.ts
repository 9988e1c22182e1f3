/**
 * Time for the job runner: backoff delays, and run times of schedules in a time zone
 * (daylight-saving gaps and repeats handled). Pure functions, no imports.
 */

/** Exponential backoff: attempt n waits about `baseMs × 2^(n-1)`, at most `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}


/**
 * Delay before retry number `attempt` (1 = after the first failure): `d = min(maxMs, baseMs ×
 * 2^(attempt-1))`, then "equal jitter" — a uniform value in `[d/2, d]`, so instances that failed
 * together do not retry together, and a retry never comes sooner than half the step.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }); // between 2000 and 4000
 * ```
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a time zone (throws RangeError for an unknown zone). */
function wallClock(at: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    if (partFormats.size < 1000) partFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const { type, value } of f.formatToParts(at)) if (type !== 'literal') p[type] = Number(value);
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** The zone's offset from UTC at an instant, in ms (Kolkata: +19 800 000). */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time has in a time zone. A time that a daylight-saving change skips
 * (02:30 when clocks jump from 02:00 to 03:00) moves forward by the gap (03:30); a time that
 * happens twice (clocks going back) is its first occurrence.
 */
export function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, timeZone: string, s = 0): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const DAY = 86_400_000;
  // Zones change their offset at most once within a day either side.
  const before = wall - offsetAt(wall - DAY, timeZone);
  const after = wall - offsetAt(wall + DAY, timeZone);
  const valid = [before, after].filter((t) => t + offsetAt(t, timeZone) === wall);
  return new Date(valid.length ? Math.min(...valid) : before);
}

export const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The first instant strictly after `after` whose wall clock in `timeZone` reads `at` ('HH:MM'). */
export function nextDailyRun(at: string, timeZone: string, after: Date): Date {
  const m = HHMM.exec(at);
  if (!m) throw new RangeError(`Not a time of day (HH:MM): ${at}`);
  const today = wallClock(after.getTime(), timeZone);
  for (let day = 0; day < 3; day++) {
    const date = new Date(Date.UTC(today.y, today.mo - 1, today.d + day));
    const t = zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), Number(m[1]), Number(m[2]), timeZone);
    if (t.getTime() > after.getTime()) return t;
  }
  throw new RangeError(`No next ${at} in ${timeZone}`);
}

/** How a recurring job repeats: every `everyMs` (on a grid from the epoch), or daily at `at` in `timeZone`. */
export type ScheduleSpec = { everyMs: number } | { at: string; timeZone?: string };

/** The first run of a schedule strictly after `after`. Grid-aligned, so every instance computes the same time. */
export function nextRun(spec: ScheduleSpec, after: Date): Date {
  if ('everyMs' in spec) {
    if (!(spec.everyMs >= 1)) throw new RangeError('everyMs must be at least 1');
    return new Date((Math.floor(after.getTime() / spec.everyMs) + 1) * spec.everyMs);
  }
  return nextDailyRun(spec.at, spec.timeZone ?? 'UTC', after);
}

