import { z } from 'zod';
import { Id, Shared, Timestamp } from './primitives.js';
import { Level } from './catalog.js';

/** Badge categories (seed 001). */
export const BadgeCategory = z.enum(['completion', 'achievement', 'streak', 'milestone', 'special']);

/**
 * Badge rules. The list can grow: a server that meets an unknown rule ignores it rather than
 * failing.
 */
export const BadgeRule = z.enum([
  'courses_completed', 'quizzes_passed', 'consecutive_days', 'milestones_completed',
  'points_earned', 'lessons_completed', 'roadmaps_completed',
]);
/** Badge rule. */
export type BadgeRule = z.infer<typeof BadgeRule>;

/** A badge a learner can earn. */
export const Badge = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  iconEmoji: z.string().nullable(),
  iconUrl: z.string().nullable(),
  category: BadgeCategory,
  rule: BadgeRule,
  threshold: z.int().min(1),
  points: z.int().min(0),
  createdAt: Timestamp,
});
/** Badge. */
export type Badge = z.infer<typeof Badge>;

/** A badge on a learner's shelf: earned, or locked with progress toward it. */
export const BadgeProgress = Badge.extend({
  earned: z.boolean(),
  earnedAt: Timestamp.nullable(),
  progress: z.int().min(0),
});
/** Badge with progress. */
export type BadgeProgress = z.infer<typeof BadgeProgress>;

/** A badge a user earned (seed 001 `user_badges`). */
export const UserBadge = z.object({ userId: Id, badgeId: Id, earnedAt: Timestamp });

/** Why points were given. */
export const PointsReason = z.enum([
  'lesson_completed', 'quiz_passed', 'course_completed', 'badge_earned', 'streak_bonus',
  'review_posted', 'answer_accepted', 'adjustment',
]);

/** Points total with breakdown (seed 000 `CreditPoint`). */
export const Points = z.object({
  userId: Id,
  total: z.int(),
  breakdown: z.record(z.string(), z.int()),
  /** Spendable credit points (promotions). */
  credits: z.int().min(0),
});
/** Points. */
export type Points = z.infer<typeof Points>;

/** Daily learning streak in the learner's time zone. */
export const Streak = z.object({
  current: z.int().min(0),
  longest: z.int().min(0),
  lastActiveDate: z.iso.date().nullable(),
  timeZone: z.string(),
});
/** Streak. */
export type Streak = z.infer<typeof Streak>;

/** Aggregated learning stats (seed 001 `user_learning_stats`). */
export const LearningStats = z.object({
  coursesEnrolled: z.int().min(0),
  coursesCompleted: z.int().min(0),
  learningHours: z.number().min(0),
  badgesEarned: z.int().min(0),
  points: z.int(),
  currentStreak: z.int().min(0),
  longestStreak: z.int().min(0),
  lastActivityAt: Timestamp.nullable(),
});
/** Stats. */
export type LearningStats = z.infer<typeof LearningStats>;

/** Achievement types for certificates (seed 000). */
export const AchievementType = z.enum(['course_completion', 'roadmap_completion']);

/** A certificate, as its owner sees it. */
export const Certificate = z.object({
  id: Id,
  userId: Id,
  courseId: Id,
  achievement: AchievementType,
  issuedAt: Timestamp,
  courseTitle: z.string(),
  recipientName: z.string(),
  verifyUrl: z.string(),
  htmlUrl: z.string(),
});
/** Certificate. */
export type Certificate = z.infer<typeof Certificate>;

/** What a verifier may see: enough to confirm, nothing more (no email, no user id). */
export const CertificateVerification = z.object({
  id: Id,
  valid: z.boolean(),
  recipientName: z.string(),
  courseTitle: z.string(),
  achievement: AchievementType,
  issuedAt: Timestamp,
});

/** A learning roadmap (seed 001). */
export const Roadmap = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  goal: z.string(),
  difficulty: Level,
  estimatedHours: z.int().min(0).nullable(),
  iconEmoji: z.string().nullable(),
  iconUrl: z.string().nullable(),
  isPublished: z.boolean(),
  shared: Shared,
  viewCount: z.int().min(0),
  milestones: z.array(
    z.object({
      id: Id,
      order: z.int().min(0),
      title: z.string(),
      description: z.string().nullable(),
      courseId: Id.nullable(),
    }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Roadmap. */
export type Roadmap = z.infer<typeof Roadmap>;

/** A learner's progress on a roadmap, following their course completions. */
export const RoadmapProgress = z.object({
  roadmapId: Id,
  userId: Id,
  progressPercent: z.int().min(0).max(100),
  completedMilestones: z.int().min(0),
  totalMilestones: z.int().min(0),
  completedMilestoneIds: z.array(Id),
  startedAt: Timestamp,
  completedAt: Timestamp.nullable(),
});
/** Roadmap progress. */
export type RoadmapProgress = z.infer<typeof RoadmapProgress>;
