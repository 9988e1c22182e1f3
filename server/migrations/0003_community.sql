-- Furrow rewards, roadmaps, community and learning stats (seed 000 CreditPoint, Rating,
-- Question, QuestionUpvote, Group, GroupMember; seed 001 badges, user_badges, learning_roadmaps,
-- roadmap_milestones, user_roadmap_progress, user_learning_stats).
-- Depends only on 0001: enrollment, progress and quiz facts arrive as domain events and are
-- recorded in reward_events, so this migration never reads 0002's tables.

-- Badges. `rule` is free text (no CHECK) so new rules can be stored before a server knows them;
-- servers ignore rules they do not know.
CREATE TABLE badges (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text NOT NULL,
  icon_emoji text,
  icon_url text,
  category text NOT NULL CHECK (category IN ('completion', 'achievement', 'streak', 'milestone', 'special')),
  rule text NOT NULL,
  threshold integer NOT NULL CHECK (threshold >= 1),
  points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX badges_rule ON badges (rule);

-- One row per earned badge: the primary key is what makes a badge exactly-once under races.
CREATE TABLE user_badges (
  user_id uuid NOT NULL REFERENCES users(id),
  badge_id uuid NOT NULL REFERENCES badges(id) ON DELETE CASCADE,
  earned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, badge_id)
);

-- Learning facts, deduplicated: a lesson, quiz, course, review or milestone counts once per
-- learner however many times its event is raised (retries, outbox replays, regrades).
CREATE TABLE reward_events (
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  subject_id text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, subject_id)
);

-- Points ledger (seed 000 CreditPoint.pointsBreakdown). Unique per (user, reason, source) so a
-- reason pays once per thing.
CREATE TABLE points_ledger (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  reason text NOT NULL,
  points integer NOT NULL,
  source_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, reason, source_id)
);

-- Days with learning activity, as calendar dates in the learner's time zone at the time.
CREATE TABLE user_activity_days (
  user_id uuid NOT NULL REFERENCES users(id),
  day date NOT NULL,
  first_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, day)
);

-- Per-learner summary (seed 001 user_learning_stats). Its row is also the per-learner lock that
-- serialises reward processing: every listener upserts it first.
CREATE TABLE user_learning_stats (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  total_courses_enrolled integer NOT NULL DEFAULT 0,
  total_courses_completed integer NOT NULL DEFAULT 0,
  total_lessons_completed integer NOT NULL DEFAULT 0,
  total_quizzes_passed integer NOT NULL DEFAULT 0,
  total_badges_earned integer NOT NULL DEFAULT 0,
  total_points integer NOT NULL DEFAULT 0,
  credits_spent integer NOT NULL DEFAULT 0 CHECK (credits_spent >= 0),
  current_streak_days integer NOT NULL DEFAULT 0,
  longest_streak_days integer NOT NULL DEFAULT 0,
  last_active_date date,
  last_activity_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE learning_roadmaps (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  description text NOT NULL,
  goal text NOT NULL,
  difficulty text NOT NULL CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
  estimated_hours integer,
  icon_emoji text,
  icon_url text,
  is_published boolean NOT NULL DEFAULT false,
  view_count integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_roadmaps_published ON learning_roadmaps (is_published, created_at DESC);

CREATE TABLE roadmap_milestones (
  id uuid PRIMARY KEY,
  roadmap_id uuid NOT NULL REFERENCES learning_roadmaps(id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  description text,
  course_id uuid REFERENCES courses(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (roadmap_id, position)
);
CREATE INDEX roadmap_milestones_course ON roadmap_milestones (course_id);

CREATE TABLE user_roadmap_progress (
  user_id uuid NOT NULL REFERENCES users(id),
  roadmap_id uuid NOT NULL REFERENCES learning_roadmaps(id) ON DELETE CASCADE,
  progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  completed_milestones integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, roadmap_id)
);

-- Ratings and reviews: one per learner per course; a second POST replaces it.
CREATE TABLE course_reviews (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  review text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (course_id, user_id)
);
CREATE INDEX course_reviews_newest ON course_reviews (course_id, updated_at DESC, id DESC);

-- Lesson Q&A. priority_score is stored (and recomputed whenever its inputs change) so the
-- priority order pages with a stable keyset.
CREATE TABLE lesson_questions (
  id uuid PRIMARY KEY,
  lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  body text NOT NULL,
  upvote_count integer NOT NULL DEFAULT 0 CHECK (upvote_count >= 0),
  answer_count integer NOT NULL DEFAULT 0 CHECK (answer_count >= 0),
  priority_score double precision NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lesson_questions_priority ON lesson_questions (lesson_id, priority_score DESC, id DESC);
CREATE INDEX lesson_questions_newest ON lesson_questions (lesson_id, created_at DESC, id DESC);

CREATE TABLE question_upvotes (
  question_id uuid NOT NULL REFERENCES lesson_questions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (question_id, user_id)
);

CREATE TABLE question_answers (
  id uuid PRIMARY KEY,
  question_id uuid NOT NULL REFERENCES lesson_questions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  body text NOT NULL,
  is_instructor_answer boolean NOT NULL DEFAULT false,
  is_accepted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX question_answers_question ON question_answers (question_id, created_at);

-- Groups and cohorts (seed 000 Group, GroupMember).
CREATE TABLE learner_groups (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('cohort', 'study_group', 'cooperative')),
  course_id uuid REFERENCES courses(id) ON DELETE SET NULL,
  owner_id uuid NOT NULL REFERENCES users(id),
  member_count integer NOT NULL DEFAULT 0 CHECK (member_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learner_groups_owner ON learner_groups (owner_id, created_at DESC);

CREATE TABLE group_members (
  group_id uuid NOT NULL REFERENCES learner_groups(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'leader')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE INDEX audit_log_by_user ON audit_log (user_id, created_at DESC);
CREATE INDEX notifications_user_unread ON notifications (user_id) WHERE is_read = false;
