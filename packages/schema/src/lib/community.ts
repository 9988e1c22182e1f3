import { z } from 'zod';
import { Id, PageQuery, ShortText, Timestamp } from './primitives.js';
import { PublicUser } from './users.js';

/** A rating and review of a course (seed 000 `Rating`); one per learner per course. */
export const Review = z.object({
  id: Id,
  courseId: Id,
  user: PublicUser.pick({ id: true, name: true, imageUrl: true }),
  rating: z.int().min(1).max(5),
  /** Plain text; render as text, never as HTML. */
  review: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Review. */
export type Review = z.infer<typeof Review>;

/** `POST /v1/courses/{id}/reviews` body (creates or replaces the learner's review). */
export const CreateReviewRequest = z.object({
  rating: z.int().min(1).max(5),
  review: z.string().trim().max(5000).nullable().optional(),
});

/** An instructor's (or another learner's) answer to a lesson question. */
export const Answer = z.object({
  id: Id,
  questionId: Id,
  user: PublicUser.pick({ id: true, name: true, imageUrl: true, role: true }),
  body: z.string(),
  isInstructorAnswer: z.boolean(),
  isAccepted: z.boolean(),
  createdAt: Timestamp,
});
/** Answer. */
export type Answer = z.infer<typeof Answer>;

/** A question asked on a lesson (seed 000 `Question`). */
export const Question = z.object({
  id: Id,
  lessonId: Id,
  courseId: Id,
  user: PublicUser.pick({ id: true, name: true, imageUrl: true }),
  body: z.string(),
  upvoteCount: z.int().min(0),
  /** Higher first: unanswered, upvoted, recent questions rank above others. */
  priorityScore: z.number(),
  answered: z.boolean(),
  viewerUpvoted: z.boolean(),
  answers: z.array(Answer),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Question. */
export type Question = z.infer<typeof Question>;

/** `POST /v1/lessons/{id}/questions` body. */
export const CreateQuestionPostRequest = z.object({ body: z.string().trim().min(3).max(5000) });

/** `POST /v1/questions/{id}/answers` body. */
export const CreateAnswerRequest = z.object({ body: z.string().trim().min(1).max(10_000) });

/** Question list query. */
export const QuestionListQuery = PageQuery.extend({
  sort: z.enum(['priority', 'newest', 'upvotes']).optional(),
});

/** Group types (seed 000 `GroupType`). */
export const GroupType = z.enum(['cohort', 'study_group', 'cooperative']);

/** A group or cohort of learners. */
export const Group = z.object({
  id: Id,
  name: z.string(),
  type: GroupType,
  courseId: Id.nullable(),
  ownerId: Id,
  memberCount: z.int().min(0),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** Group. */
export type Group = z.infer<typeof Group>;

/** A member of a group. */
export const GroupMember = z.object({
  groupId: Id,
  user: PublicUser.pick({ id: true, name: true, imageUrl: true }),
  role: z.enum(['member', 'leader']),
  joinedAt: Timestamp,
});

/** `POST /v1/groups` body. */
export const CreateGroupRequest = z.object({
  name: ShortText,
  type: GroupType,
  courseId: Id.nullable().optional(),
});

/** `POST /v1/groups/{id}/members` body. */
export const AddGroupMemberRequest = z.object({
  userId: Id,
  role: z.enum(['member', 'leader']).optional(),
});
