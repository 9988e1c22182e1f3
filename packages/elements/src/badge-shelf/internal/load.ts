import type { BadgeProgress, Certificate, LearningStats, Points, Streak } from '@furrow/schema';
import type { FurrowClient } from '@furrow/sdk';

/** Everything the shelf shows, fetched together. */
export interface ShelfData {
  badges: BadgeProgress[];
  points: Points;
  streak: Streak;
  stats: LearningStats;
  certificates: Certificate[];
  /** When some part came from the offline cache: the oldest copy's time (epoch ms). */
  cachedAt: number | null;
}

/** Loads the signed-in learner's rewards in parallel (five small reads). */
export async function loadShelf(client: FurrowClient, signal: AbortSignal): Promise<ShelfData> {
  const o = { signal };
  const [badges, points, streak, stats, certificates] = await Promise.all([
    client.rewards.badges(o),
    client.rewards.points(o),
    client.rewards.streak(o),
    client.rewards.stats(o),
    client.certificates.list(o),
  ]);
  const times = [badges, points, streak, stats, certificates].map((r) => (r.stale ? (r.cachedAt ?? 0) : null)).filter((t): t is number => t !== null);
  return {
    // Earned first (newest first), then the locked ones closest to done.
    badges: [...badges.data].sort((a, b) =>
      a.earned !== b.earned ? (a.earned ? -1 : 1)
        : a.earned ? (b.earnedAt ?? '').localeCompare(a.earnedAt ?? '')
          : b.progress / b.threshold - a.progress / a.threshold),
    points,
    streak,
    stats,
    certificates: certificates.data,
    cachedAt: times.length ? Math.min(...times) : null,
  };
}
