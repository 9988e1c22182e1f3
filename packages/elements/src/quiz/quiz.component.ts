import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { QuizAttempt, QuizQuestionPublic, Quiz } from '@furrow/schema';
import { isFurrowError } from '@furrow/sdk';
import { FurrowElement } from '../lib/furrow-element.js';
import { formatMinutes, formatNumber } from '../lib/format.js';
import { tokens } from '../lib/styles.js';
import { FurrowQuizSubmitEvent } from '../events/quiz-submit.js';
import { FurrowQuizCompleteEvent } from '../events/quiz-complete.js';
import { quizMessages } from './quiz.messages.js';
import { styles } from './quiz.styles.js';
import { answered, renderQuestion, type Answer } from './internal/question.js';
import { renderResult } from './internal/result.js';

type Phase = 'loading' | 'intro' | 'active' | 'submitting' | 'queued' | 'result' | 'error';

/**
 * A quiz: multiple choice, true/false, short answer and essay questions, one at a time (or all
 * at once with `mode="all"`), with the server's deadline as a visible timer that submits at
 * zero. Offline, the submission waits in the SDK outbox and the result appears once it syncs.
 * Taking a quiz needs a signed-in learner; anonymous visitors see a sign-in hint.
 *
 * @summary Timed, keyboard-friendly quiz with offline submission.
 *
 * @fires {FurrowQuizSubmitEvent} furrow-quiz-submit - The learner submitted (`queued` is true when offline).
 * @fires {FurrowQuizCompleteEvent} furrow-quiz-complete - The submitted attempt has its result.
 *
 * @csspart intro - Title, description, rules and the start button.
 * @csspart timer - The remaining time (`role="timer"`).
 * @csspart question - One question (a fieldset for choices).
 * @csspart question-count - "Question 2 of 5 · 1 points".
 * @csspart question-text - The question itself.
 * @csspart option - One choice (label + radio).
 * @csspart answer - A short-answer input or essay textarea.
 * @csspart nav - Previous / next / submit buttons.
 * @csspart result - The graded result.
 * @csspart result-heading - Pass, not passed, or waiting for grading.
 * @csspart score - The score line.
 * @csspart review - The per-question review list.
 * @csspart review-item - One reviewed question.
 * @csspart queued - The "will be sent when online" notice.
 * @csspart error - Error message with retry.
 *
 * @cssprop [--furrow-color-primary=#1f6f3f] - Buttons, focus, selected option.
 * @cssprop [--furrow-color-on-primary=#ffffff] - Text on primary buttons.
 * @cssprop [--furrow-color-surface=#ffffff] - Panels.
 * @cssprop [--furrow-color-text=#1b1f1c] - Text.
 * @cssprop [--furrow-color-muted=#4d5750] - Secondary text.
 * @cssprop [--furrow-color-border=#c9d1cb] - Borders.
 * @cssprop [--furrow-color-success=#1f6f3f] - Passed, correct.
 * @cssprop [--furrow-color-danger=#a4161a] - Not passed, incorrect, errors.
 * @cssprop [--furrow-color-warning=#8a5a00] - Offline notice, last minute.
 * @cssprop [--furrow-radius=8px] - Corner radius.
 * @cssprop [--furrow-space=8px] - Spacing unit.
 * @cssprop [--furrow-focus-ring=3px solid #f0a500] - Focus outline.
 *
 * @example
 * ```html
 * <furrow-provider publishable-key="pk_test_furrow_demo" token="…" offline>
 *   <furrow-quiz quiz-id="5c8f8cf4-83a5-48db-8009-4a4dd6d993b5" mode="all"></furrow-quiz>
 * </furrow-provider>
 * ```
 */
export class FurrowQuiz extends FurrowElement {
  static override styles = [tokens, styles];

  /** The quiz to take. */
  @property({ attribute: 'quiz-id' }) quizId = '';
  /** `one` (default): one question at a time; `all`: every question on one page. */
  @property() mode: 'one' | 'all' = 'one';

  protected readonly messages = quizMessages;

  @state() private phase: Phase = 'loading';
  @state() private quiz: Quiz | null = null;
  @state() private questions: QuizQuestionPublic[] = [];
  @state() private attempt: QuizAttempt | null = null;
  @state() private answers: Record<string, Answer> = {};
  @state() private index = 0;
  @state() private remaining: number | null = null;
  @state() private announce = '';
  @state() private error: unknown = null;

  private timer?: ReturnType<typeof setInterval>;
  private offSync?: () => void;
  private warned = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
    this.offSync?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Reload for another quiz, client or learner — never in the middle of an attempt.
    const key = `${this.quizId}|${this.furrow?.client.getToken() ?? ''}`;
    const client = this.furrow?.client;
    if (!client || (key === this.loadedKey && client === this.loadedClient)) return;
    if (!changed.has('quizId') && ['active', 'submitting', 'queued'].includes(this.phase)) return;
    [this.loadedKey, this.loadedClient] = [key, client];
    void this.load();
  }

  private loadedKey = '';
  private loadedClient: unknown = null;

  private get signedIn(): boolean {
    return Boolean(this.furrow?.user || this.furrow?.client.getToken());
  }

  private get attemptsLeft(): number | null {
    return this.attempt?.attemptsRemaining ?? this.quiz?.maxAttempts ?? null;
  }

  /** Loads the quiz and, for a signed-in learner, resumes an open attempt. */
  async load(): Promise<void> {
    const client = this.furrow?.client;
    if (!client || !this.quizId) return;
    this.phase = 'loading';
    try {
      this.quiz = await client.quizzes.retrieve(this.quizId);
      this.attempt = null;
      if (this.signedIn) {
        const { data } = await client.quizzes.attempts.list(this.quizId);
        const open = data.find((a) => a.status === 'in_progress');
        const last = data.filter((a) => a.status !== 'in_progress').sort((a, b) => b.attemptNumber - a.attemptNumber)[0];
        if (open) return this.begin(open);
        this.attempt = last ?? null;
      }
      this.phase = this.attempt ? 'result' : 'intro';
      if (this.attempt) this.questions = (await client.quizzes.retrieve(this.quizId)).questions;
    } catch (err) {
      [this.phase, this.error] = ['error', err];
    }
  }

  private async start(): Promise<void> {
    const client = this.furrow!.client;
    this.phase = 'loading';
    try {
      await this.begin(await client.quizzes.attempts.start(this.quizId));
    } catch (err) {
      [this.phase, this.error] = ['error', err];
    }
  }

  private async begin(attempt: QuizAttempt): Promise<void> {
    const quiz = await this.furrow!.client.quizzes.retrieve(this.quizId);
    const byId = new Map(quiz.questions.map((q) => [q.id, q]));
    this.quiz = quiz;
    this.questions = attempt.questionOrder.map((id) => byId.get(id)!).filter(Boolean);
    this.attempt = attempt;
    this.answers = {};
    this.index = 0;
    this.warned = false;
    this.phase = 'active';
    this.startTimer();
    await this.updateComplete;
    this.focusQuestion();
  }

  private startTimer(): void {
    this.stopTimer();
    const deadline = this.attempt?.deadline ? Date.parse(this.attempt.deadline) : null;
    if (!deadline) return void (this.remaining = null);
    const tick = () => {
      this.remaining = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      if (this.remaining <= 60 && !this.warned) [this.warned, this.announce] = [true, this.t('oneMinute')];
      if (this.remaining === 0) {
        this.announce = this.t('timeUp');
        void this.submit();
      }
    };
    tick();
    this.timer = setInterval(tick, 1000);
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private setAnswer(qid: string, a: Answer): void {
    this.answers = { ...this.answers, [qid]: a };
  }

  private go(delta: number): void {
    this.index = Math.min(this.questions.length - 1, Math.max(0, this.index + delta));
    void this.updateComplete.then(() => this.focusQuestion());
  }

  private focusQuestion(): void {
    const q = this.mode === 'all' ? this.questions[0] : this.questions[this.index];
    if (q) (this.renderRoot.querySelector(`#q-${q.id}-l`) as HTMLElement | null)?.focus();
  }

  private onEnter(): void {
    if (this.mode === 'all' || this.index === this.questions.length - 1) return;
    this.go(1);
  }

  /** Sends the answers (the outbox keeps them when offline). */
  private async submit(): Promise<void> {
    const attempt = this.attempt;
    if (!attempt || this.phase !== 'active') return;
    this.stopTimer();
    this.phase = 'submitting';
    const client = this.furrow!.client;
    const answers = this.questions.filter((q) => answered(this.answers[q.id])).map((q) => ({ questionId: q.id, ...this.answers[q.id] }));
    try {
      const result = await client.quizzes.attempts.submit(attempt.id, { answers });
      this.dispatchEvent(new FurrowQuizSubmitEvent({ quizId: this.quizId, attemptId: attempt.id, queued: false }));
      this.showResult(result);
    } catch (err) {
      if (isFurrowError(err) && err.queued) {
        this.phase = 'queued';
        this.dispatchEvent(new FurrowQuizSubmitEvent({ quizId: this.quizId, attemptId: attempt.id, queued: true }));
        this.offSync?.();
        this.offSync = client.on('sync:finish', () => void this.fetchQueued(attempt.id));
      } else {
        [this.phase, this.error] = ['error', err];
      }
    }
  }

  private async fetchQueued(attemptId: string): Promise<void> {
    try {
      const a = await this.furrow!.client.quizzes.attempts.retrieve(attemptId);
      if (a.status === 'in_progress' || this.phase !== 'queued') return;
      this.offSync?.();
      this.showResult(a);
    } catch {
      // Still offline or not replayed yet: the next sync round tries again.
    }
  }

  private showResult(a: QuizAttempt): void {
    this.attempt = a;
    this.phase = 'result';
    this.dispatchEvent(new FurrowQuizCompleteEvent({ quizId: this.quizId, attemptId: a.id, passed: a.passed, score: a.score, percentage: a.percentage }));
    void this.updateComplete.then(() => (this.renderRoot.querySelector('#result-h') as HTMLElement | null)?.focus());
  }

  private renderIntro() {
    const q = this.quiz!;
    const left = this.attemptsLeft;
    const loc = this.effectiveLocale;
    return html`<div class="intro" part="intro">
      <h3>${q.title}</h3>
      ${q.description ? html`<p>${q.description}</p>` : nothing}
      <ul class="facts">
        <li>${this.t('questions', { count: q.questionCount })}</li>
        <li>${this.t('passMark', { percent: formatNumber(q.passingScore, loc) })}</li>
        ${q.timeLimitMinutes ? html`<li>${this.t('timeLimit', { time: formatMinutes(q.timeLimitMinutes, loc) })}</li>` : nothing}
        ${left !== null ? html`<li>${this.t('attemptsLeft', { count: formatNumber(left, loc) })}</li>` : nothing}
      </ul>
      ${this.signedIn
        ? html`<button type="button" class="btn" @click=${this.start}>${this.t('start')}</button>`
        : html`<p class="notice" role="note">${this.t('signInToStart')}</p>`}
    </div>`;
  }

  private renderTimer() {
    if (this.remaining === null) return nothing;
    const loc = this.effectiveLocale;
    const m = Math.floor(this.remaining / 60);
    const s = formatNumber(this.remaining % 60, loc, { minimumIntegerDigits: 2 });
    return html`<p class="timer ${this.remaining <= 60 ? 'low' : ''}" part="timer"><span>${this.t('timeLeft')}: </span><span role="timer" aria-live="off">${formatNumber(m, loc)}:${s}</span></p>`;
  }

  private renderActive() {
    const n = this.questions.length;
    const shown = this.mode === 'all' ? this.questions : [this.questions[this.index]];
    const last = this.mode === 'all' || this.index === n - 1;
    const busy = this.phase === 'submitting';
    return html`${this.renderTimer()}
      <form class="questions" @submit=${(e: Event) => (e.preventDefault(), this.submit())} aria-busy=${busy ? 'true' : 'false'}>
        ${shown.map((q) => renderQuestion(q, this.questions.indexOf(q) + 1, n, this.answers[q.id], this.t.bind(this), (a) => this.setAnswer(q.id, a), () => this.onEnter()))}
        <div class="nav" part="nav">
          ${this.mode === 'one' && this.index > 0 ? html`<button type="button" class="btn secondary" @click=${() => this.go(-1)}>${this.t('previous')}</button>` : nothing}
          ${last
            ? html`<button type="submit" class="btn" ?disabled=${busy}>${busy ? this.t('submitting') : this.t('submit')}</button>`
            : html`<button type="button" class="btn" @click=${() => this.go(1)}>${this.t('next')}</button>`}
        </div>
      </form>`;
  }

  protected override render() {
    if (!this.furrow) return this.renderNoProvider();
    const live = html`<p class="visually-hidden" role="status" aria-live="assertive">${this.announce}</p>`;
    switch (this.phase) {
      case 'loading':
        return html`${live}<div class="skeleton" part="skeleton" aria-busy="true"><span class="visually-hidden">${this.t('loading')}</span></div>`;
      case 'error':
        return html`${live}<div class="notice error" part="error" role="alert"><p>${this.errorMessage(this.error)}</p><button type="button" class="btn" @click=${this.load}>${this.t('retry')}</button></div>`;
      case 'intro':
        return html`${live}${this.renderIntro()}`;
      case 'queued':
        return html`${live}<p class="notice warning" part="queued" role="status">${this.t('queued')}</p>`;
      case 'result': {
        const left = this.attemptsLeft;
        return html`${live}${renderResult(this.attempt!, this.questions, this.effectiveLocale, this.t.bind(this))}
          ${left === null || left > 0
            ? html`<button type="button" class="btn" @click=${this.start}>${this.t('retryQuiz')}</button>`
            : html`<p>${this.t('noAttemptsLeft')}</p>`}`;
      }
      default:
        return html`${live}${this.renderActive()}`;
    }
  }
}
