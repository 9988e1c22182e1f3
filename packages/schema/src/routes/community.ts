import { z } from 'zod';
import { defineRoute } from '../lib/route.js';
import { IdParams, page, PageQuery } from '../lib/primitives.js';
import {
  AddGroupMemberRequest, Answer, CreateAnswerRequest, CreateGroupRequest, CreateQuestionPostRequest,
  CreateReviewRequest, Group, GroupMember, Question, QuestionListQuery, Review,
} from '../lib/community.js';

/** Reviews, lesson Q&A and groups. */
export const communityRoutes = {
  'reviews.list': defineRoute({
    method: 'GET', path: '/v1/courses/:id/reviews', tag: 'community', access: 'public', scope: 'any',
    summary: 'Reviews of a course, newest first', params: IdParams, query: PageQuery, response: page(Review),
  }),
  'reviews.create': defineRoute({
    method: 'POST', path: '/v1/courses/:id/reviews', tag: 'community', access: 'user', scope: 'self',
    summary: "Post or replace the caller's review (enrolled learners only)", params: IdParams,
    body: CreateReviewRequest, response: Review, status: 201, idempotent: true,
  }),
  'questions.list': defineRoute({
    method: 'GET', path: '/v1/lessons/:id/questions', tag: 'community', access: 'public', scope: 'any',
    summary: 'Questions on a lesson, highest priority first', params: IdParams, query: QuestionListQuery,
    response: page(Question),
  }),
  'questions.create': defineRoute({
    method: 'POST', path: '/v1/lessons/:id/questions', tag: 'community', access: 'user', scope: 'self',
    summary: 'Ask a question on a lesson', params: IdParams, body: CreateQuestionPostRequest, response: Question,
    status: 201, idempotent: true,
  }),
  'questions.upvote': defineRoute({
    method: 'POST', path: '/v1/questions/:id/upvote', tag: 'community', access: 'user', scope: 'any',
    summary: 'Upvote a question (once per user)', params: IdParams, response: Question,
  }),
  'questions.removeUpvote': defineRoute({
    method: 'DELETE', path: '/v1/questions/:id/upvote', tag: 'community', access: 'user', scope: 'any',
    summary: "Take back the caller's upvote", params: IdParams, response: Question,
  }),
  'answers.create': defineRoute({
    method: 'POST', path: '/v1/questions/:id/answers', tag: 'community', access: 'user', scope: 'any',
    summary: 'Answer a question', params: IdParams, body: CreateAnswerRequest, response: Answer, status: 201,
    idempotent: true,
  }),
  'groups.list': defineRoute({
    method: 'GET', path: '/v1/groups', tag: 'community', access: 'user', scope: 'self',
    summary: 'Groups the caller owns or belongs to', query: PageQuery, response: page(Group),
  }),
  'groups.create': defineRoute({
    method: 'POST', path: '/v1/groups', tag: 'community', access: 'instructor', scope: 'any',
    summary: 'Create a group or cohort', body: CreateGroupRequest, response: Group, status: 201, idempotent: true,
  }),
  'groups.members': defineRoute({
    method: 'GET', path: '/v1/groups/:id/members', tag: 'community', access: 'user', scope: 'owner',
    summary: 'Members of a group (its members and owner)', params: IdParams,
    response: z.object({ data: z.array(GroupMember) }),
  }),
  'groups.addMember': defineRoute({
    method: 'POST', path: '/v1/groups/:id/members', tag: 'community', access: 'instructor', scope: 'owner',
    summary: 'Add a member', params: IdParams, body: AddGroupMemberRequest, response: GroupMember, status: 201,
    idempotent: true,
  }),
} as const;
