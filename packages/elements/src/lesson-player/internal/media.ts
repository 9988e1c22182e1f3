import type { Locale, VideoSource } from '@furrow/schema';
import { formatNumber } from '../../lib/format.js';

/**
 * Resolves a media URL from the server against the provider's base URL: a relative one
 * (`media/x.webm`, as the demo data has) lands under the base URL's path (`…/lms/media/x.webm`).
 */
export function resolveMedia(url: string, baseUrl: string): string {
  try {
    return new URL(url, baseUrl.endsWith('/') ? baseUrl : baseUrl + '/').href;
  } catch {
    return url;
  }
}

/** Whether `url` is on another origin than this page (tracks then need CORS). */
export const crossOrigin = (url: string): boolean => {
  try {
    return new URL(url, location.href).origin !== location.origin;
  } catch {
    return false;
  }
};

/**
 * The embed URL for YouTube (privacy-enhanced youtube-nocookie.com) or Vimeo, starting at
 * `start` seconds and playing at once (the learner already pressed play on our poster).
 */
export function embedUrl(v: VideoSource, start: number): string | null {
  if (!v.videoId || !/^[\w-]+$/.test(v.videoId)) return null;
  const s = Math.floor(start);
  if (v.provider === 'youtube') return `https://www.youtube-nocookie.com/embed/${v.videoId}?autoplay=1&rel=0&start=${s}`;
  if (v.provider === 'vimeo') return `https://player.vimeo.com/video/${v.videoId}?autoplay=1&dnt=1#t=${s}s`;
  return null;
}

/** Bytes in the largest fitting unit, localised ("12 kB", "3.4 MB"). */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let n = bytes;
  while (n >= 1000 && i < units.length - 1) [n, i] = [n / 1000, i + 1];
  return formatNumber(n, locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 });
}
