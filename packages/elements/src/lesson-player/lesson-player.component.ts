import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CourseDetail, CourseProgress, Lesson } from '@furrow/schema';
import { isFurrowError, type Cached } from '@furrow/sdk';
import { FurrowElement } from '../lib/furrow-element.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { tokens } from '../lib/styles.js';
import { FurrowLessonChangeEvent } from '../events/lesson-change.js';
import { FurrowLessonCompleteEvent } from '../events/lesson-complete.js';
import '../quiz/quiz.js';
import { playerMessages } from './lesson-player.messages.js';
import { styles } from './lesson-player.styles.js';
import { renderOutline } from './internal/outline.js';
import { renderBody, renderVideo, type ContentHost } from './internal/content.js';
import { ProgressReporter } from './internal/progress-reporter.js';
import { DownloadFlow } from './internal/download.js';

/**
 * Defines `<furrow-checkout>`, which the player renders for a lesson that must be bought: an
 * element that renders another imports it. On demand, not up front — most lessons never need it,
 * and the player's eager size stays what it was.
 */
let checkoutModule: Promise<unknown> | undefined;
const defineCheckout = () => (checkoutModule ??= import('../checkout/checkout.js'));

/**
 * Plays a course lesson by lesson: the outline with ticks and locks, video (native `<video>`
 * with captions for self-hosted files; YouTube/Vimeo only after the learner presses play),
 * reading, quiz and assignment lessons. Resumes a video where the learner stopped, reports
 * position and time spent (offline-safe through the SDK outbox), marks lessons complete, and
 * explains locked lessons (sign in, enrol, or buy through `<furrow-checkout>`).
 *
 * @summary Course lesson player with outline, resume, progress and offline download.
 *
 * @fires {FurrowLessonChangeEvent} furrow-lesson-change - The learner opened another lesson (outline, previous, next).
 * @fires {FurrowLessonCompleteEvent} furrow-lesson-complete - The learner completed a lesson (button or video end).
 *
 * @slot checkout - Replaces the built-in `<furrow-checkout>` offered for a lesson that must be bought.
 *
 * @csspart outline - The course outline (`<nav>`).
 * @csspart section-title - A section heading in the outline.
 * @csspart outline-lesson - A lesson button in the outline.
 * @csspart lesson - The lesson area.
 * @csspart lesson-title - The lesson heading.
 * @csspart video - The video or embed frame.
 * @csspart poster - The play button shown before an embed (or a low-data video) loads.
 * @csspart body - Lesson text (rendered from Markdown, safely).
 * @csspart locked - Why a lesson is locked, with what to do.
 * @csspart complete - The "mark as complete" button.
 * @csspart nav - Previous / next buttons.
 * @csspart download - Download for offline.
 * @csspart progress - Course progress text.
 * @csspart error - Error message with retry.
 *
 * @cssprop [--furrow-color-primary=#1f6f3f] - Buttons, current lesson, focus.
 * @cssprop [--furrow-color-on-primary=#ffffff] - Text on primary buttons.
 * @cssprop [--furrow-color-surface=#ffffff] - Panels.
 * @cssprop [--furrow-color-text=#1b1f1c] - Text.
 * @cssprop [--furrow-color-muted=#4d5750] - Secondary text.
 * @cssprop [--furrow-color-border=#c9d1cb] - Borders.
 * @cssprop [--furrow-color-success=#1f6f3f] - Completion ticks.
 * @cssprop [--furrow-color-danger=#a4161a] - Errors.
 * @cssprop [--furrow-color-warning=#8a5a00] - Offline notices.
 * @cssprop [--furrow-radius=8px] - Corner radius.
 * @cssprop [--furrow-space=8px] - Spacing unit.
 * @cssprop [--furrow-focus-ring=3px solid #f0a500] - Focus outline.
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" token="…" offline>
 *   <furrow-lesson-player course-id="c2ec3791-…" low-data></furrow-lesson-player>
 * </furrow-provider>
 * ```
 */
export class FurrowLessonPlayer extends FurrowElement {
  static override styles = [tokens, styles];

  /** The course to play. */
  @property({ attribute: 'course-id' }) courseId = '';
  /** The lesson shown (default: where the learner stopped, else the first open lesson). Updated when the learner moves. */
  @property({ attribute: 'lesson-id' }) lessonId = '';
  /** Data saver: no preloading, text first, video only on request. Also on when the browser's Save-Data is. */
  @property({ type: Boolean, attribute: 'low-data' }) lowData = false;

  protected readonly messages = playerMessages;

  @state() private course: Cached<CourseDetail> | null = null;
  @state() private progress: CourseProgress | null = null;
  @state() private status: 'loading' | 'ready' | 'error' = 'loading';
  @state() private error: unknown = null;
  @state() private videoRequested = false;
  @state() private notice = '';
  @state() private localDone = new Set<string>();

  private reporter: ProgressReporter | null = null;
  private loadedKey = '';
  private readonly download = new DownloadFlow(() => this.furrow?.client, () => this.courseId, () => this.requestUpdate(), (e) => this.errorMessage(e));
  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') {
      this.reporter?.stop();
      void this.reporter?.flush();
    } else if (this.current && this.current.contentType !== 'video') this.reporter?.start();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.leaveLesson();
  }

  private get saveData(): boolean {
    return this.lowData || Boolean((navigator as { connection?: { saveData?: boolean } }).connection?.saveData);
  }

  private get lessons(): Lesson[] {
    return this.course?.sections.flatMap((s) => s.lessons) ?? [];
  }

  private get current(): Lesson | undefined {
    return this.lessons.find((l) => l.id === this.lessonId);
  }

  private get done(): Set<string> {
    const s = new Set(this.localDone);
    for (const p of this.progress?.lessons ?? []) if (p.status === 'completed') s.add(p.lessonId);
    return s;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const key = `${this.courseId}|${this.furrow?.client.getToken() ?? ''}`;
    if (this.furrow && this.courseId && key !== this.loadedKey) {
      this.loadedKey = key;
      void this.load();
    } else if (changed.has('lessonId') && this.course) this.enterLesson();
  }

  /** Loads the outline (and the learner's progress when signed in). */
  async load(): Promise<void> {
    const client = this.furrow?.client;
    if (!client) return;
    this.status = 'loading';
    try {
      const [course, progress] = await Promise.all([
        client.courses.retrieve(this.courseId),
        client.getToken() ? client.progress.course(this.courseId).catch(() => null) : Promise.resolve(null),
      ]);
      [this.course, this.progress, this.status] = [course, progress, 'ready'];
      const ids = this.lessons.map((l) => l.id);
      if (!ids.includes(this.lessonId)) this.lessonId = progress?.resumeLessonId ?? this.lessons.find((l) => !l.locked)?.id ?? ids[0] ?? '';
      this.enterLesson();
    } catch (err) {
      [this.status, this.error] = ['error', err];
    }
  }

  private enterLesson(): void {
    this.leaveLesson();
    this.videoRequested = false;
    this.notice = '';
    const l = this.current;
    const client = this.furrow?.client;
    if (!l || l.locked || !client?.getToken()) return;
    this.reporter = new ProgressReporter(client, l.id);
    if (l.contentType !== 'video' && document.visibilityState === 'visible') this.reporter.start();
  }

  private leaveLesson(): void {
    this.reporter?.stop();
    void this.reporter?.flush();
    this.reporter = null;
  }

  private choose(id: string): void {
    if (id === this.lessonId) return;
    this.lessonId = id; // willUpdate moves the reporter to the new lesson
    this.dispatchEvent(new FurrowLessonChangeEvent({ lessonId: id, courseId: this.courseId }));
    void this.updateComplete.then(() => (this.renderRoot.querySelector('#lesson-h') as HTMLElement | null)?.focus());
  }

  private readonly onVideoEvent = (e: Event) => {
    const v = e.target as HTMLVideoElement;
    const r = this.reporter;
    if (e.type === 'loadedmetadata') {
      const at = this.resumeAt;
      if (at > 0 && at < v.duration - 1) v.currentTime = at;
    } else if (e.type === 'play') r?.start();
    else if (e.type === 'pause') {
      r?.stop();
      void r?.flush();
    } else if (e.type === 'timeupdate') r?.time(v.currentTime, v.duration);
    else if (e.type === 'ended') {
      r?.time(v.duration, v.duration);
      void this.complete();
    }
  };

  private get resumeAt(): number {
    return this.progress?.lessons.find((p) => p.lessonId === this.lessonId)?.videoPositionSeconds ?? 0;
  }

  /** Marks the current lesson complete (button or video end). */
  private async complete(): Promise<void> {
    const l = this.current;
    const client = this.furrow?.client;
    if (!l || !client || this.done.has(l.id)) return;
    await this.reporter?.flush();
    let percent = this.progress?.progressPercent ?? 0;
    try {
      this.progress = await client.progress.complete(l.id);
      percent = this.progress.progressPercent;
      this.notice = this.t('markedComplete');
    } catch (err) {
      if (!(isFurrowError(err) && err.queued)) return void (this.notice = this.errorMessage(err));
      this.notice = this.t('queuedComplete');
    }
    this.localDone = new Set(this.localDone).add(l.id);
    this.dispatchEvent(new FurrowLessonCompleteEvent({ lessonId: l.id, courseId: this.courseId, progressPercent: percent }));
  }

  private async enroll(): Promise<void> {
    try {
      await this.furrow!.client.enrollments.create(this.courseId);
      this.loadedKey = '';
      this.requestUpdate();
    } catch (err) {
      this.notice = this.errorMessage(err);
    }
  }

  private renderLocked(l: Lesson) {
    const reason = l.lockReason ?? 'enroll';
    if (reason === 'purchase') void defineCheckout();
    return html`<div class="locked notice" part="locked">
      <p><span aria-hidden="true">🔒 </span>${this.t(`lock:${reason}`)}</p>
      ${reason === 'enroll' && this.furrow?.client.getToken() ? html`<button type="button" class="btn" @click=${this.enroll}>${this.t('enroll')}</button>` : nothing}
      ${reason === 'purchase' ? html`<slot name="checkout"><furrow-checkout course-id=${this.courseId}></furrow-checkout></slot>` : nothing}
    </div>`;
  }

  private renderLesson(l: Lesson) {
    if (l.locked) return this.renderLocked(l);
    const host: ContentHost = {
      t: this.t.bind(this), baseUrl: this.furrow!.baseUrl, locale: this.effectiveLocale, lowData: this.saveData,
      videoRequested: this.videoRequested, resumeAt: this.resumeAt, requestVideo: () => (this.videoRequested = true), onVideoEvent: this.onVideoEvent,
    };
    const signedIn = Boolean(this.furrow?.client.getToken());
    // Progress belongs to enrolled learners: a preview lesson seen before enrolling offers the
    // (free) enrolment instead of a "mark complete" the server would refuse.
    const hasAccess = this.course?.access.hasAccess === true;
    const completable = signedIn && hasAccess && l.contentType !== 'quiz' && !this.done.has(l.id);
    const canEnroll = signedIn && !hasAccess && this.course?.isFree === true;
    // Low data: words first, the video after them.
    const text = html`${l.description ? html`<p>${l.description}</p>` : nothing}${renderBody(l.body)}`;
    return html`
      ${l.contentType === 'video' && l.video ? (this.saveData ? html`${text}${renderVideo(l, host)}` : html`${renderVideo(l, host)}${text}`) : text}
      ${l.contentType === 'quiz' && l.quizId ? html`<furrow-quiz quiz-id=${l.quizId} locale=${this.effectiveLocale} @furrow-quiz-complete=${() => void this.refreshProgress()}></furrow-quiz>` : nothing}
      ${completable ? html`<button type="button" class="btn" part="complete" @click=${this.complete}>${this.t('markComplete')}</button>` : nothing}
      ${canEnroll ? html`<button type="button" class="btn" part="enroll" @click=${this.enroll}>${this.t('enroll')}</button>` : nothing}
      ${this.done.has(l.id) ? html`<p class="done-note">✓ ${this.t('completed')}</p>` : nothing}`;
  }

  private async refreshProgress(): Promise<void> {
    this.progress = await this.furrow!.client.progress.course(this.courseId).catch(() => this.progress);
  }

  protected override render() {
    if (!this.furrow) return this.renderNoProvider();
    if (this.status === 'error') {
      return html`<div class="notice error" part="error" role="alert"><p>${this.errorMessage(this.error)}</p><button type="button" class="btn" @click=${() => this.load()}>${this.t('retry')}</button></div>`;
    }
    if (this.status === 'loading' || !this.course) return html`<div class="layout" aria-busy="true"><div class="skeleton outline-sk"></div><div class="skeleton main-sk"><span class="visually-hidden">${this.t('loading')}</span></div></div>`;
    const l = this.current;
    const i = l ? this.lessons.indexOf(l) : -1;
    const prev = this.lessons[i - 1];
    const next = this.lessons[i + 1];
    const c = this.course;
    return html`
      ${c.stale ? html`<p class="notice warning" role="status">${this.t('offlineCached', { date: formatDateTime(new Date(c.cachedAt ?? Date.now()).toISOString(), this.effectiveLocale) })}</p>` : nothing}
      <div class="layout">
        ${renderOutline(c.sections, this.lessonId, this.done, this.t.bind(this), (id) => this.choose(id))}
        <article class="lesson" part="lesson" aria-labelledby="lesson-h">
          ${l ? html`<h2 id="lesson-h" tabindex="-1" part="lesson-title">${l.title}</h2>${this.renderLesson(l)}` : nothing}
          <p class="live" role="status" aria-live="polite">${this.notice}</p>
          ${this.progress ? html`<p class="muted" part="progress">${this.t('progress', { percent: formatNumber(this.progress.progressPercent, this.effectiveLocale) })}</p>` : nothing}
          <div class="nav" part="nav">
            ${prev ? html`<button type="button" class="btn secondary" @click=${() => this.choose(prev.id)}>← ${this.t('previous')}</button>` : nothing}
            ${next ? html`<button type="button" class="btn secondary" @click=${() => this.choose(next.id)}>${this.t('next')} →</button>` : nothing}
          </div>
          ${this.furrow.offline ? this.download.render(this.t.bind(this), this.effectiveLocale) : nothing}
        </article>
      </div>`;
  }
}
