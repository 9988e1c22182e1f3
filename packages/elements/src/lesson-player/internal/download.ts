import { html, nothing, type TemplateResult } from 'lit';
import type { Locale } from '@furrow/schema';
import type { DownloadPlan, FurrowClient } from '@furrow/sdk';
import { formatNumber } from '../../lib/format.js';
import { formatBytes } from './media.js';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** The state of "download for offline": size first, then the download, then done. */
export type DownloadState =
  | { step: 'idle' }
  | { step: 'asking'; plan: DownloadPlan }
  | { step: 'running'; done: number; total: number }
  | { step: 'done'; lessons: number }
  | { step: 'error'; message: string };

/**
 * Drives the download: `client.lessons.downloadSize` first (so the learner sees the size
 * before spending data), then `client.lessons.download` with progress.
 */
export class DownloadFlow {
  state: DownloadState = { step: 'idle' };

  constructor(
    private readonly client: () => FurrowClient | undefined,
    private readonly courseId: () => string,
    private readonly changed: () => void,
    private readonly errorText: (e: unknown) => string,
  ) {}

  private set(s: DownloadState): void {
    this.state = s;
    this.changed();
  }

  async ask(): Promise<void> {
    try {
      this.set({ step: 'asking', plan: await this.client()!.lessons.downloadSize(this.courseId()) });
    } catch (e) {
      this.set({ step: 'error', message: this.errorText(e) });
    }
  }

  async run(): Promise<void> {
    const total = this.state.step === 'asking' ? this.state.plan.lessons : 0;
    this.set({ step: 'running', done: 0, total });
    try {
      const r = await this.client()!.lessons.download(this.courseId(), { onProgress: (done, t) => this.set({ step: 'running', done, total: t }) });
      this.set({ step: 'done', lessons: r.lessons });
    } catch (e) {
      this.set({ step: 'error', message: this.errorText(e) });
    }
  }

  cancel(): void {
    this.set({ step: 'idle' });
  }

  render(t: T, locale: Locale): TemplateResult {
    const s = this.state;
    const n = (x: number) => formatNumber(x, locale);
    let body: TemplateResult | typeof nothing;
    if (s.step === 'idle' || s.step === 'error') {
      body = html`<button type="button" class="btn secondary" @click=${() => this.ask()}>${t('download')}</button>
        ${s.step === 'error' ? html`<p class="notice error" role="alert">${s.message}</p>` : nothing}`;
    } else if (s.step === 'asking') {
      const size = formatBytes(s.plan.bytes, locale);
      body = s.plan.fits
        ? html`<p>${t('downloadAsk', { lessons: n(s.plan.lessons), size, n: s.plan.lessons })}</p>
            <button type="button" class="btn" @click=${() => this.run()}>${t('downloadYes')}</button>
            <button type="button" class="btn secondary" @click=${() => this.cancel()}>${t('cancel')}</button>`
        : html`<p class="notice warning">${t('downloadNoSpace', { size })}</p><button type="button" class="btn secondary" @click=${() => this.cancel()}>${t('cancel')}</button>`;
    } else if (s.step === 'running') {
      body = html`<p>${t('downloading', { done: n(s.done), total: n(s.total) })}</p><progress max=${s.total} .value=${s.done} aria-label=${t('download')}></progress>`;
    } else body = html`<p>✓ ${t('downloaded', { lessons: n(s.lessons), n: s.lessons })}</p>`;
    return html`<div class="download" part="download" role="group" aria-label=${t('download')} aria-live="polite">${body}</div>`;
  }
}
