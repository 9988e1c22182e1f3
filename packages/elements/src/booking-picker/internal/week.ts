import type { AvailabilitySlot, Locale } from '@furrow/schema';
import { intlLocale } from '../../lib/i18n.js';
import { addDays, browserTimeZone, dayKey, isTimeZone } from '../../lib/time-zone.js';

/** Zones always offered in the picker, besides the viewer's, the browser's and the instructor's. */
export const COMMON_ZONES = ['Asia/Kolkata', 'UTC', 'Asia/Dubai', 'Asia/Kathmandu', 'Europe/London', 'America/New_York'] as const;

/** One day column of the week. */
export interface Day {
  key: string;
  slots: AvailabilitySlot[];
}

/** Groups slots into the seven local days from `monday`. */
export function groupWeek(slots: AvailabilitySlot[], monday: string, timeZone: string): Day[] {
  const days: Day[] = Array.from({ length: 7 }, (_, i) => ({ key: addDays(monday, i), slots: [] }));
  for (const s of slots) days.find((d) => d.key === dayKey(Date.parse(s.startsAt), timeZone))?.slots.push(s);
  return days;
}

/** The zone list for the select, deduplicated, known to this browser. */
export function zoneOptions(viewer: string, instructor: string | null): string[] {
  return [...new Set([viewer, browserTimeZone(), instructor ?? '', ...COMMON_ZONES])].filter(isTimeZone);
}

const fmt = (locale: Locale, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(intlLocale(locale), o);

/** "Tue, 24 Nov" of a local day key. */
export function dayLabel(day: string, locale: Locale): string {
  return fmt(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.parse(`${day}T12:00:00Z`));
}

/** "10:00 am – 10:30 am" in a zone. */
export function timeRange(startsAt: string, endsAt: string, locale: Locale, timeZone: string): string {
  return fmt(locale, { hour: 'numeric', minute: '2-digit', timeZone }).formatRange(Date.parse(startsAt), Date.parse(endsAt));
}

/** "Tue, 24 Nov, 10:00 am – 10:30 am GMT+5:30": a session's full time in a zone. */
export function sessionTime(startsAt: string, endsAt: string, locale: Locale, timeZone: string): string {
  const day = fmt(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(Date.parse(startsAt));
  const zone = fmt(locale, { timeZone, timeZoneName: 'shortOffset' }).formatToParts(Date.parse(startsAt)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${day}, ${timeRange(startsAt, endsAt, locale, timeZone)} ${zone}`;
}

/** "Asia/Kolkata (GMT+5:30)". */
export function zoneLabel(timeZone: string, locale: Locale): string {
  const off = fmt(locale, { timeZone, timeZoneName: 'shortOffset' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName')?.value;
  return off ? `${timeZone} (${off})` : timeZone;
}
