import { z } from 'zod';
import { Id, Money, ShortText, Timestamp } from './primitives.js';

/** How a learner got access (seed 001 `enrollment_type`, seed 000 `AccessType`). */
export const AccessType = z.enum(['free', 'paid', 'promotional', 'gifted']);
/** Access type. */
export type AccessType = z.infer<typeof AccessType>;

/** Enrollment lifecycle. */
export const EnrollmentStatus = z.enum(['enrolled', 'in_progress', 'completed', 'dropped']);
/** Enrollment status. */
export type EnrollmentStatus = z.infer<typeof EnrollmentStatus>;

/** A learner's enrollment in a course; one per learner per course. */
export const Enrollment = z.object({
  id: Id,
  userId: Id,
  courseId: Id,
  accessType: AccessType,
  status: EnrollmentStatus,
  /** False when access was revoked (refund) or the learner dropped. */
  isActive: z.boolean(),
  progressPercent: z.int().min(0).max(100),
  lessonsCompleted: z.int().min(0),
  amountPaid: Money.nullable(),
  enrolledAt: Timestamp,
  completedAt: Timestamp.nullable(),
  lastAccessedAt: Timestamp.nullable(),
  certificateId: Id.nullable(),
  updatedAt: Timestamp,
});
/** Enrollment. */
export type Enrollment = z.infer<typeof Enrollment>;

/** Lesson progress status. */
export const LessonProgressStatus = z.enum(['not_started', 'in_progress', 'completed']);

/** Seed 000's `FlaggedStatus`: progress an instructor should review. */
export const FlaggedStatus = z.enum(['none', 'flagged', 'reviewed']);

/** Per-lesson progress, so any device resumes where the farmer stopped. */
export const LessonProgress = z.object({
  userId: Id,
  lessonId: Id,
  courseId: Id,
  status: LessonProgressStatus,
  timeSpentSeconds: z.int().min(0),
  videoPositionSeconds: z.number().min(0),
  videoPercent: z.int().min(0).max(100),
  lastWatchedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  flaggedStatus: FlaggedStatus,
  updatedAt: Timestamp,
});
/** Lesson progress. */
export type LessonProgress = z.infer<typeof LessonProgress>;

/**
 * `PUT /v1/lessons/{id}/progress` body. `clientTimestamp` orders writes from an offline outbox:
 * a write older than the stored one never moves the position backwards.
 */
export const ProgressUpdateRequest = z.object({
  videoPositionSeconds: z.number().min(0).max(86_400).optional(),
  videoPercent: z.int().min(0).max(100).optional(),
  /** Seconds to add to time spent since the last report (0–3600). */
  timeSpentDeltaSeconds: z.int().min(0).max(3600).optional(),
  completed: z.boolean().optional(),
  clientTimestamp: z.iso.datetime({ offset: true }).optional(),
});
/** Progress update body. */
export type ProgressUpdateRequest = z.infer<typeof ProgressUpdateRequest>;

/** A learner's progress in one course, computed from lessons. */
export const CourseProgress = z.object({
  courseId: Id,
  enrollment: Enrollment.nullable(),
  progressPercent: z.int().min(0).max(100),
  lessonsCompleted: z.int().min(0),
  lessonsTotal: z.int().min(0),
  lessons: z.array(LessonProgress),
  /** The lesson to resume: last watched and not completed, else the next incomplete one. */
  resumeLessonId: Id.nullable(),
});
/** Course progress. */
export type CourseProgress = z.infer<typeof CourseProgress>;

// ---------------- quizzes ----------------

/** Question types (seed 001). */
export const QuestionType = z.enum(['multiple_choice', 'true_false', 'short_answer', 'essay']);
/** Question type. */
export type QuestionType = z.infer<typeof QuestionType>;

/** Question difficulty. */
export const Difficulty = z.enum(['easy', 'medium', 'hard']);

/**
 * A question as a learner sees it **before** submitting: no correct flags, no accepted answers,
 * no explanation.
 */
export const QuizQuestionPublic = z.object({
  id: Id,
  type: QuestionType,
  text: z.string(),
  /** Choices for multiple choice and true/false; empty otherwise. */
  options: z.array(z.object({ id: z.string(), text: z.string() })),
  points: z.int().min(0),
  order: z.int().min(0),
  difficulty: Difficulty,
});
/** Student-facing question. */
export type QuizQuestionPublic = z.infer<typeof QuizQuestionPublic>;

/** A question as its author edits it, with the answer key. Never sent to a learner. */
export const QuizQuestionAuthor = QuizQuestionPublic.extend({
  options: z.array(z.object({ id: z.string(), text: z.string(), isCorrect: z.boolean() })),
  /** Accepted answers for short answer questions (matched after normalising). */
  acceptedAnswers: z.array(z.string()),
  explanation: z.string().nullable(),
});
/** Author-facing question. */
export type QuizQuestionAuthor = z.infer<typeof QuizQuestionAuthor>;

/** A quiz (seed 001). `questions` are in the learner's order for an open attempt. */
export const Quiz = z.object({
  id: Id,
  courseId: Id,
  lessonId: Id.nullable(),
  title: z.string(),
  description: z.string().nullable(),
  passingScore: z.int().min(0).max(100),
  timeLimitMinutes: z.int().min(1).nullable(),
  shuffleQuestions: z.boolean(),
  showCorrectAnswers: z.boolean(),
  maxAttempts: z.int().min(1).nullable(),
  isRequired: z.boolean(),
  order: z.int().min(0),
  questionCount: z.int().min(0),
  totalPoints: z.int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Quiz. */
export type Quiz = z.infer<typeof Quiz>;

/** Quiz with learner-safe questions. */
export const QuizWithQuestions = Quiz.extend({ questions: z.array(QuizQuestionPublic) });

/** Quiz with the answer key, for its instructor and admins. */
export const QuizForAuthor = Quiz.extend({ questions: z.array(QuizQuestionAuthor) });

/** An answer a learner gives: option id(s) or text. */
export const AnswerInput = z.object({
  questionId: Id,
  optionId: z.string().max(100).optional(),
  text: z.string().max(10_000).optional(),
});
/** Answer input. */
export type AnswerInput = z.infer<typeof AnswerInput>;

/** Attempt lifecycle: open (timer running), submitted (graded or awaiting essay grading). */
export const AttemptStatus = z.enum(['in_progress', 'pending_review', 'graded']);

/** One graded answer; `correct*`/`explanation` only when the quiz allows showing them. */
export const GradedAnswer = z.object({
  questionId: Id,
  optionId: z.string().nullable(),
  text: z.string().nullable(),
  isCorrect: z.boolean().nullable(),
  pointsEarned: z.int().min(0).nullable(),
  feedback: z.string().nullable(),
  correctOptionIds: z.array(z.string()).optional(),
  acceptedAnswers: z.array(z.string()).optional(),
  explanation: z.string().nullable().optional(),
});

/** A quiz attempt. */
export const QuizAttempt = z.object({
  id: Id,
  quizId: Id,
  userId: Id,
  attemptNumber: z.int().min(1),
  status: AttemptStatus,
  startedAt: Timestamp,
  /** Server deadline for a timed quiz; answers after it are scored as unanswered. */
  deadline: Timestamp.nullable(),
  submittedAt: Timestamp.nullable(),
  submittedLate: z.boolean(),
  score: z.int().min(0).nullable(),
  maxScore: z.int().min(0),
  percentage: z.number().min(0).max(100).nullable(),
  passed: z.boolean().nullable(),
  timeSpentSeconds: z.int().min(0).nullable(),
  /** Question order for this attempt (shuffled per attempt when the quiz says so). */
  questionOrder: z.array(Id),
  answers: z.array(GradedAnswer),
  attemptsRemaining: z.int().min(0).nullable(),
});
/** Attempt. */
export type QuizAttempt = z.infer<typeof QuizAttempt>;

/** `POST /v1/quizzes/{id}/attempts/{attemptId}/submit` body. */
export const SubmitAttemptRequest = z.object({
  answers: z.array(AnswerInput).max(500),
});

/** `POST /v1/attempts/{id}/grade` body (instructor grading essays). */
export const GradeAttemptRequest = z.object({
  grades: z
    .array(z.object({ questionId: Id, pointsEarned: z.int().min(0).max(1000), feedback: z.string().max(5000).optional() }))
    .min(1)
    .max(500),
});

/** `POST /v1/courses/{id}/quizzes` body. */
export const CreateQuizRequest = z.object({
  title: ShortText,
  description: z.string().max(5000).nullable().optional(),
  lessonId: Id.nullable().optional(),
  passingScore: z.int().min(0).max(100).optional(),
  timeLimitMinutes: z.int().min(1).max(600).nullable().optional(),
  shuffleQuestions: z.boolean().optional(),
  showCorrectAnswers: z.boolean().optional(),
  maxAttempts: z.int().min(1).max(100).nullable().optional(),
  isRequired: z.boolean().optional(),
  order: z.int().min(0).max(10_000).optional(),
});

/** `POST /v1/quizzes/{id}/questions` body. */
export const CreateQuestionRequest = z.object({
  type: QuestionType,
  text: z.string().trim().min(1).max(5000),
  options: z
    .array(z.object({ text: z.string().trim().min(1).max(1000), isCorrect: z.boolean() }))
    .max(20)
    .optional(),
  acceptedAnswers: z.array(z.string().trim().min(1).max(500)).max(50).optional(),
  points: z.int().min(0).max(1000).optional(),
  order: z.int().min(0).max(10_000).optional(),
  explanation: z.string().max(5000).nullable().optional(),
  difficulty: Difficulty.optional(),
});

