import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Lesson } from '@furrow/schema';
import { renderMarkdown } from '../../lib/markdown.js';
import { crossOrigin, embedUrl, resolveMedia } from './media.js';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** What the content renderer needs from the player. */
export interface ContentHost {
  t: T;
  baseUrl: string;
  locale: string;
  lowData: boolean;
  /** The learner asked for the video (low-data mode) or pressed play on an embed poster. */
  videoRequested: boolean;
  resumeAt: number;
  requestVideo(): void;
  onVideoEvent(e: Event): void;
}

/** Markdown written by the instructor, through the escaping renderer (never raw HTML). */
export const renderBody = (body: string | null): TemplateResult | typeof nothing =>
  body ? html`<div class="prose" part="body">${unsafeHTML(renderMarkdown(body))}</div>` : nothing;

/**
 * A video lesson. Self-hosted files play in a native `<video>` with caption tracks (the one in
 * the learner's language on by default). YouTube and Vimeo load nothing — no iframe, no
 * third-party request — until the learner presses play on our own poster button. In low-data
 * mode even the native video waits for a tap and never preloads.
 */
export function renderVideo(l: Lesson, h: ContentHost): TemplateResult {
  const v = l.video!;
  const t = h.t;
  if (v.provider === 'youtube' || v.provider === 'vimeo') {
    const src = embedUrl(v, h.resumeAt);
    if (!h.videoRequested || !src) {
      return html`<button type="button" class="poster" part="poster" @click=${h.requestVideo}>
        <span class="play" aria-hidden="true">▶</span>
        <span>${t('playVideo', { title: l.title })}</span>
        <span class="small">${t('playOn', { site: v.provider === 'youtube' ? 'YouTube' : 'Vimeo' })}</span>
      </button>`;
    }
    return html`<div class="frame" part="video"><iframe src=${src} title=${t('videoTitle', { title: l.title })} allow="autoplay; encrypted-media; picture-in-picture; fullscreen" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe></div>`;
  }
  if (h.lowData && !h.videoRequested) {
    return html`<div class="poster static" part="poster"><p>${t('lowData')}</p><button type="button" class="btn" @click=${h.requestVideo}>${t('showVideo')}</button></div>`;
  }
  const src = resolveMedia(v.url, h.baseUrl);
  const cors = crossOrigin(src);
  const defaultLang = v.captions.some((c) => c.lang === h.locale) ? h.locale : null;
  return html`<div class="frame" part="video">
    <video controls playsinline preload=${h.lowData ? 'none' : 'metadata'} crossorigin=${cors ? 'anonymous' : nothing} src=${src}
      aria-label=${t('videoTitle', { title: l.title })}
      @loadedmetadata=${h.onVideoEvent} @play=${h.onVideoEvent} @pause=${h.onVideoEvent} @timeupdate=${h.onVideoEvent} @ended=${h.onVideoEvent}>
      ${v.captions.map((c) => html`<track kind="subtitles" srclang=${c.lang} label=${c.label} src=${resolveMedia(c.url, h.baseUrl)} ?default=${c.lang === defaultLang}></track>`)}
      ${t('noVideo')}
    </video>
  </div>`;
}
