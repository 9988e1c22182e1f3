import type { FurrowClient } from '@furrow/sdk';
import { ELEMENT_DEFAULTS } from '../../lib/constants.js';

/**
 * Reports one lesson's video position and time spent through `progress.update` — throttled:
 * after every 15 s of playback, on pause, when the page is hidden and when the learner leaves
 * the lesson. With the provider's `offline` on, the SDK keeps each report in its outbox, so a
 * farmer who loses signal mid-video loses nothing. Errors are swallowed on purpose: progress
 * is best effort and must never interrupt the lesson.
 */
export class ProgressReporter {
  private position = 0;
  private duration = 0;
  private reported = -1;
  private spentMs = 0;
  private since: number | null = null;
  private sinceFlushMs = 0;

  constructor(
    private readonly client: FurrowClient,
    private readonly lessonId: string,
    private readonly every = ELEMENT_DEFAULTS.progressReportMs,
  ) {}

  /** The learner is watching (or reading): time counts from now. */
  start(): void {
    this.since ??= performance.now();
  }

  /** Time stops counting (pause, hidden page, end). */
  stop(): void {
    if (this.since === null) return;
    const d = performance.now() - this.since;
    this.since = null;
    this.spentMs += d;
    this.sinceFlushMs += d;
  }

  /** A `timeupdate`: keeps the position and reports after every 15 s of playback. */
  time(position: number, duration: number): void {
    this.position = position;
    if (Number.isFinite(duration) && duration > 0) this.duration = duration;
    if (this.since !== null && this.sinceFlushMs + (performance.now() - this.since) >= this.every) {
      this.stop();
      this.start();
      void this.flush();
    }
  }

  /** Sends what changed since the last report (nothing if nothing changed). */
  async flush(): Promise<void> {
    const running = this.since !== null;
    if (running) this.stop();
    const delta = Math.min(3600, Math.round(this.spentMs / 1000));
    const hasVideo = this.duration > 0;
    if (running) this.start();
    if (!delta && (!hasVideo || Math.abs(this.position - this.reported) < 0.5)) return;
    this.spentMs -= delta * 1000;
    this.sinceFlushMs = 0;
    this.reported = this.position;
    const body: Record<string, number> = { timeSpentDeltaSeconds: delta };
    if (hasVideo) {
      body.videoPositionSeconds = Math.round(this.position * 10) / 10;
      body.videoPercent = Math.min(100, Math.round((this.position / this.duration) * 100));
    }
    try {
      await this.client.progress.update(this.lessonId, body);
    } catch {
      // Queued in the outbox (offline) or refused: the next report carries the newer position.
    }
  }
}
