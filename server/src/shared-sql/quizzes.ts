import { randomBytes } from 'node:crypto';
import type { AnswerInput, Quiz, QuizAttempt, QuizQuestionAuthor, QuizQuestionPublic } from '@furrow/schema';
import type { Queryable } from '../db/types.js';
import { badField } from '../core/errors.js';
import { iso, isoNN } from '../core/time.js';

/**
 * Seconds after a timed attempt's deadline during which a submission still counts: a farmer's
 * phone on a slow connection may take that long to deliver a submit made in time.
 */
export const LATE_GRACE_SECONDS = 30;

/** An answer option as stored (the answer key lives here). */
export interface StoredOption { id: string; text: string; isCorrect: boolean }

/** Row shape of `quizzes` with computed counts. */
export interface QuizRow {
  id: string; course_id: string; lesson_id: string | null; title: string; description: string | null; passing_score: number;
  time_limit_minutes: number | null; shuffle_questions: boolean; show_correct_answers: boolean; max_attempts: number | null;
  is_required: boolean; position: number; created_at: Date; updated_at: Date; question_count: number; total_points: number;
}

/** Row shape of `quiz_questions`. */
export interface QuestionRow {
  id: string; quiz_id: string; type: QuizQuestionPublic['type']; text: string; options: StoredOption[]; accepted_answers: string[];
  points: number; position: number; explanation: string | null; difficulty: QuizQuestionPublic['difficulty'];
}

/** Row shape of `quiz_attempts`. */
export interface AttemptRow {
  id: string; quiz_id: string; course_id: string; user_id: string; attempt_number: number; status: QuizAttempt['status'];
  started_at: Date; deadline: Date | null; submitted_at: Date | null; submitted_late: boolean; score: number | null;
  max_score: number; percentage: number | null; passed: boolean | null; time_spent_seconds: number | null; question_order: string[];
}

/** Row shape of `quiz_answers`. */
export interface AnswerRow {
  question_id: string; option_id: string | null; text: string | null; is_correct: boolean | null; points_earned: number | null;
  max_points: number; feedback: string | null;
}

/** Quiz columns with question count and total points. */
export const QUIZ_COLUMNS = `z.*,
  (SELECT count(*) FROM quiz_questions qq WHERE qq.quiz_id = z.id)::int AS question_count,
  (SELECT COALESCE(sum(qq.points), 0) FROM quiz_questions qq WHERE qq.quiz_id = z.id)::int AS total_points`;

/** Loads a quiz with its counts. */
export async function findQuiz(q: Queryable, id: string): Promise<QuizRow | null> {
  const r = await q.query<QuizRow>(`SELECT ${QUIZ_COLUMNS} FROM quizzes z WHERE z.id = $1`, [id]);
  return r.rows[0] ?? null;
}

/** A quiz's questions in authoring order. */
export async function loadQuestions(q: Queryable, quizId: string): Promise<QuestionRow[]> {
  const r = await q.query<QuestionRow>(`SELECT * FROM quiz_questions WHERE quiz_id = $1 ORDER BY position, created_at, id`, [quizId]);
  return r.rows;
}

/** Maps a quiz row (without questions). */
export function toQuiz(r: QuizRow): Quiz {
  return {
    id: r.id, courseId: r.course_id, lessonId: r.lesson_id, title: r.title, description: r.description, passingScore: r.passing_score,
    timeLimitMinutes: r.time_limit_minutes, shuffleQuestions: r.shuffle_questions, showCorrectAnswers: r.show_correct_answers,
    maxAttempts: r.max_attempts, isRequired: r.is_required, order: r.position, questionCount: r.question_count,
    totalPoints: r.total_points, createdAt: isoNN(r.created_at), updatedAt: isoNN(r.updated_at),
  };
}

/**
 * A question as a learner sees it. Built field by field (never by spreading the row) so no part
 * of the answer key — correct flags, accepted answers, explanation — can slip through.
 */
export function toPublicQuestion(r: QuestionRow): QuizQuestionPublic {
  return {
    id: r.id, type: r.type, text: r.text, options: r.options.map((o) => ({ id: o.id, text: o.text })),
    points: r.points, order: r.position, difficulty: r.difficulty,
  };
}

/** A question with its answer key, for its instructor and admins. */
export function toAuthorQuestion(r: QuestionRow): QuizQuestionAuthor {
  return {
    ...toPublicQuestion(r), options: r.options.map((o) => ({ id: o.id, text: o.text, isCorrect: o.isCorrect })),
    acceptedAnswers: r.accepted_answers, explanation: r.explanation,
  };
}

/** A new random option id: random so neither order nor id hints at the right answer. */
export function newOptionId(): string {
  return `o_${randomBytes(6).toString('base64url')}`;
}

/**
 * Checks that a question's options and accepted answers fit its type, naming the field on
 * failure: multiple choice needs 2+ options with at least one correct, true/false exactly two
 * with one correct, short answer at least one accepted answer, essays neither.
 */
export function checkQuestionShape(type: QuizQuestionPublic['type'], options: { isCorrect: boolean }[], accepted: string[]): void {
  const correct = options.filter((o) => o.isCorrect).length;
  if (type === 'multiple_choice') {
    if (options.length < 2) throw badField(['body', 'options'], 'A multiple choice question needs at least two options');
    if (correct < 1) throw badField(['body', 'options'], 'Mark at least one option correct');
  } else if (type === 'true_false') {
    if (options.length !== 2 || correct !== 1) throw badField(['body', 'options'], 'A true/false question needs exactly two options, one of them correct');
  } else if (options.length) {
    throw badField(['body', 'options'], `A ${type.replace('_', ' ')} question has no options`);
  }
  if (type === 'short_answer' && accepted.length < 1) throw badField(['body', 'acceptedAnswers'], 'Give at least one accepted answer');
  if (type !== 'short_answer' && accepted.length) throw badField(['body', 'acceptedAnswers'], 'Only short answer questions take accepted answers');
}

const DEVANAGARI_ZERO = 0x0966;

/**
 * Normalises a short answer for matching: NFC, lower case, Devanagari digits to ASCII, thousands
 * separators and punctuation (including the danda) dropped, a decimal point between digits
 * kept, and whitespace ignored altogether ("V-cut", "v cut" and "vcut" match; "2.5" and "25" do
 * not).
 *
 * @example
 * ```ts
 * normaliseAnswer('  ४०,००० लीटर। '); // '40000लीटर'
 * ```
 */
export function normaliseAnswer(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - DEVANAGARI_ZERO))
    .replace(/(\d),(?=\d)/g, '$1')
    .replace(/(\d)\.(?=\d)/g, '$1\u0000')
    .replace(/\p{P}/gu, ' ')
    .replace(/\u0000/g, '.')
    .replace(/\s+/gu, '');
}

/** The graded outcome of one answer. `null` correctness and points mean "waiting for a person". */
export interface Graded {
  questionId: string; optionId: string | null; text: string | null; isCorrect: boolean | null; pointsEarned: number | null; maxPoints: number;
}

/**
 * Grades one answer against its question. Essays with text wait for an instructor; an empty
 * answer of any type earns nothing.
 */
export function gradeAnswer(question: QuestionRow, input: AnswerInput | undefined): Graded {
  const optionId = input?.optionId ?? null;
  const text = input?.text ?? null;
  const base = { questionId: question.id, optionId, text, maxPoints: question.points };
  const blank = !optionId && !(text && text.trim());
  if (blank) return { ...base, isCorrect: false, pointsEarned: 0 };
  let ok: boolean;
  switch (question.type) {
    case 'multiple_choice':
    case 'true_false':
      ok = !!optionId && question.options.some((o) => o.id === optionId && o.isCorrect);
      break;
    case 'short_answer': {
      const given = normaliseAnswer(text ?? '');
      ok = given.length > 0 && question.accepted_answers.some((a) => normaliseAnswer(a) === given);
      break;
    }
    case 'essay':
      return { ...base, optionId: null, isCorrect: null, pointsEarned: null };
  }
  return { ...base, isCorrect: ok, pointsEarned: ok ? question.points : 0 };
}

/** Score, percentage and pass of a set of graded answers; all null while any waits for review. */
export function scoreAnswers(answers: Pick<AnswerRow, 'points_earned' | 'max_points'>[], maxScore: number, passingScore: number):
  { status: 'graded' | 'pending_review'; score: number | null; percentage: number | null; passed: boolean | null } {
  if (answers.some((a) => a.points_earned === null)) return { status: 'pending_review', score: null, percentage: null, passed: null };
  const score = answers.reduce((n, a) => n + (a.points_earned ?? 0), 0);
  // A quiz worth nothing cannot be failed.
  const percentage = maxScore > 0 ? Math.round((score * 10_000) / maxScore) / 100 : 100;
  return { status: 'graded', score, percentage, passed: percentage >= passingScore };
}

/**
 * Maps an attempt. Before submission there are no answers to show; after it, correct answers
 * and explanations appear only when `reveal` (the quiz shows them, or the viewer authors it).
 */
export function toAttempt(r: AttemptRow, answers: AnswerRow[], questions: Map<string, QuestionRow>, reveal: boolean, attemptsRemaining: number | null): QuizAttempt {
  const submitted = r.status !== 'in_progress';
  return {
    id: r.id, quizId: r.quiz_id, userId: r.user_id, attemptNumber: r.attempt_number, status: r.status, startedAt: isoNN(r.started_at),
    deadline: iso(r.deadline), submittedAt: iso(r.submitted_at), submittedLate: r.submitted_late, score: r.score, maxScore: r.max_score,
    percentage: r.percentage === null ? null : Number(r.percentage), passed: r.passed, timeSpentSeconds: r.time_spent_seconds,
    questionOrder: r.question_order,
    answers: submitted ? answers.map((a) => {
      const question = questions.get(a.question_id);
      const key = reveal && question ? {
        correctOptionIds: question.options.filter((o) => o.isCorrect).map((o) => o.id),
        acceptedAnswers: question.accepted_answers,
        explanation: question.explanation,
      } : {};
      return {
        questionId: a.question_id, optionId: a.option_id, text: a.text, isCorrect: a.is_correct, pointsEarned: a.points_earned,
        feedback: a.feedback, ...key,
      };
    }) : [],
    attemptsRemaining,
  };
}
