-- Furrow learning engine: lesson progress, quizzes (questions, attempts, answers),
-- certificates, and the access bookkeeping grantAccess/revokeAccess need.
-- SQL accepted by PostgreSQL 15 and PGlite (Postgres 18). No $$ bodies.

-- Why access was taken away (refund, admin). A dropped enrollment is not revoked: the learner
-- may come back without paying again; a revoked one needs new access (checkout).
ALTER TABLE enrollments ADD COLUMN revoked_at timestamptz;
ALTER TABLE enrollments ADD COLUMN revoke_reason text;
CREATE INDEX enrollments_user ON enrollments (user_id, enrolled_at DESC);

-- One row per learner per lesson (seed 001 lesson_progress, seed 003 user_lesson_complete).
-- client_ts orders writes from offline outboxes: an older write never moves the position back.
CREATE TABLE lesson_progress (
  user_id uuid NOT NULL REFERENCES users(id),
  lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('not_started', 'in_progress', 'completed')),
  time_spent_seconds integer NOT NULL DEFAULT 0 CHECK (time_spent_seconds >= 0),
  video_position_seconds double precision NOT NULL DEFAULT 0 CHECK (video_position_seconds >= 0),
  video_percent integer NOT NULL DEFAULT 0 CHECK (video_percent BETWEEN 0 AND 100),
  client_ts timestamptz,
  last_watched_at timestamptz,
  completed_at timestamptz,
  flagged_status text NOT NULL DEFAULT 'none' CHECK (flagged_status IN ('none', 'flagged', 'reviewed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (user_id, course_id);
CREATE INDEX lesson_progress_lesson ON lesson_progress (lesson_id);

CREATE TABLE quizzes (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  lesson_id uuid REFERENCES lessons(id) ON DELETE SET NULL,
  title text NOT NULL,
  description text,
  passing_score integer NOT NULL DEFAULT 70 CHECK (passing_score BETWEEN 0 AND 100),
  time_limit_minutes integer CHECK (time_limit_minutes IS NULL OR time_limit_minutes >= 1),
  shuffle_questions boolean NOT NULL DEFAULT false,
  show_correct_answers boolean NOT NULL DEFAULT true,
  max_attempts integer CHECK (max_attempts IS NULL OR max_attempts >= 1),
  is_required boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quizzes_course ON quizzes (course_id, position);
-- A lesson plays at most one quiz.
CREATE UNIQUE INDEX quizzes_lesson ON quizzes (lesson_id) WHERE lesson_id IS NOT NULL;

ALTER TABLE lessons ADD CONSTRAINT lessons_quiz_fk FOREIGN KEY (quiz_id) REFERENCES quizzes(id) ON DELETE SET NULL;

-- options: [{id, text, isCorrect}]; accepted_answers: ["..."] for short answers.
CREATE TABLE quiz_questions (
  id uuid PRIMARY KEY,
  quiz_id uuid NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('multiple_choice', 'true_false', 'short_answer', 'essay')),
  text text NOT NULL,
  options jsonb NOT NULL DEFAULT '[]',
  accepted_answers jsonb NOT NULL DEFAULT '[]',
  points integer NOT NULL DEFAULT 1 CHECK (points >= 0),
  position integer NOT NULL DEFAULT 0,
  explanation text,
  difficulty text NOT NULL DEFAULT 'medium' CHECK (difficulty IN ('easy', 'medium', 'hard')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_questions_quiz ON quiz_questions (quiz_id, position);

CREATE TABLE quiz_attempts (
  id uuid PRIMARY KEY,
  quiz_id uuid NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  attempt_number integer NOT NULL CHECK (attempt_number >= 1),
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'pending_review', 'graded')),
  started_at timestamptz NOT NULL DEFAULT now(),
  deadline timestamptz,
  submitted_at timestamptz,
  submitted_late boolean NOT NULL DEFAULT false,
  score integer,
  max_score integer NOT NULL DEFAULT 0,
  percentage double precision,
  passed boolean,
  time_spent_seconds integer,
  question_order jsonb NOT NULL DEFAULT '[]',
  graded_at timestamptz,
  graded_by uuid REFERENCES users(id),
  UNIQUE (quiz_id, user_id, attempt_number)
);
-- At most one open attempt per learner per quiz: a second start resumes it.
CREATE UNIQUE INDEX quiz_attempts_open ON quiz_attempts (quiz_id, user_id) WHERE status = 'in_progress';
CREATE INDEX quiz_attempts_pending ON quiz_attempts (course_id, submitted_at) WHERE status = 'pending_review';
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, quiz_id);

-- question_id is not a foreign key: a graded answer outlives an edited or deleted question.
CREATE TABLE quiz_answers (
  id uuid PRIMARY KEY,
  attempt_id uuid NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  question_id uuid NOT NULL,
  option_id text,
  text text,
  is_correct boolean,
  points_earned integer,
  max_points integer NOT NULL DEFAULT 0,
  feedback text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (attempt_id, question_id)
);

-- Seed 000 Certificate. Name and title are copied at issue so the paper and the verification agree.
CREATE TABLE certificates (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  course_id uuid NOT NULL REFERENCES courses(id),
  achievement text NOT NULL DEFAULT 'course_completion' CHECK (achievement IN ('course_completion', 'roadmap_completion')),
  recipient_name text NOT NULL,
  course_title text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  UNIQUE (user_id, course_id)
);

ALTER TABLE enrollments ADD CONSTRAINT enrollments_certificate_fk FOREIGN KEY (certificate_id) REFERENCES certificates(id);
