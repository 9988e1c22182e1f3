-- Timestamps keep millisecond precision: what JavaScript Dates, JSON and our cursors carry.
-- With microseconds, a cursor made from a Date would skip rows that share a transaction's now().
-- Every later migration declares timestamptz(3).

ALTER TABLE articles
  ALTER COLUMN published_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE audit_log
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE availability_slots
  ALTER COLUMN starts_at TYPE timestamptz(3),
  ALTER COLUMN ends_at TYPE timestamptz(3),
  ALTER COLUMN deleted_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE badges
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE bookings
  ALTER COLUMN starts_at TYPE timestamptz(3),
  ALTER COLUMN ends_at TYPE timestamptz(3),
  ALTER COLUMN reminded_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3),
  ALTER COLUMN confirmed_at TYPE timestamptz(3),
  ALTER COLUMN cancelled_at TYPE timestamptz(3),
  ALTER COLUMN completed_at TYPE timestamptz(3);

ALTER TABLE certificates
  ALTER COLUMN issued_at TYPE timestamptz(3),
  ALTER COLUMN revoked_at TYPE timestamptz(3);

ALTER TABLE checkout_sessions
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN completed_at TYPE timestamptz(3);

ALTER TABLE course_materials
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE course_products
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE course_reviews
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE courses
  ALTER COLUMN published_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE early_refunds
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE enrollments
  ALTER COLUMN enrolled_at TYPE timestamptz(3),
  ALTER COLUMN completed_at TYPE timestamptz(3),
  ALTER COLUMN last_accessed_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3),
  ALTER COLUMN revoked_at TYPE timestamptz(3);

ALTER TABLE furrow_migrations
  ALTER COLUMN applied_at TYPE timestamptz(3);

ALTER TABLE group_members
  ALTER COLUMN joined_at TYPE timestamptz(3);

ALTER TABLE idempotency_keys
  ALTER COLUMN locked_until TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE learner_groups
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE learning_roadmaps
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE lesson_progress
  ALTER COLUMN client_ts TYPE timestamptz(3),
  ALTER COLUMN last_watched_at TYPE timestamptz(3),
  ALTER COLUMN completed_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE lesson_questions
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE lessons
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE mail_outbox
  ALTER COLUMN next_attempt_at TYPE timestamptz(3),
  ALTER COLUMN claimed_at TYPE timestamptz(3),
  ALTER COLUMN sent_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE notifications
  ALTER COLUMN email_sent_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN read_at TYPE timestamptz(3);

ALTER TABLE partner_sites
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE payments
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN processed_at TYPE timestamptz(3),
  ALTER COLUMN refunded_at TYPE timestamptz(3);

ALTER TABLE points_ledger
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE products
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE purchases
  ALTER COLUMN refunded_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE question_answers
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE question_upvotes
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE quiz_answers
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE quiz_attempts
  ALTER COLUMN started_at TYPE timestamptz(3),
  ALTER COLUMN deadline TYPE timestamptz(3),
  ALTER COLUMN submitted_at TYPE timestamptz(3),
  ALTER COLUMN graded_at TYPE timestamptz(3);

ALTER TABLE quiz_questions
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE quizzes
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE rate_limits
  ALTER COLUMN window_start TYPE timestamptz(3);

ALTER TABLE reward_events
  ALTER COLUMN occurred_at TYPE timestamptz(3);

ALTER TABLE roadmap_milestones
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE sections
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE sessions
  ALTER COLUMN expires_at TYPE timestamptz(3),
  ALTER COLUMN revoked_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3);

ALTER TABLE stripe_events
  ALTER COLUMN received_at TYPE timestamptz(3);

ALTER TABLE user_activity_days
  ALTER COLUMN first_at TYPE timestamptz(3);

ALTER TABLE user_badges
  ALTER COLUMN earned_at TYPE timestamptz(3);

ALTER TABLE user_learning_stats
  ALTER COLUMN last_activity_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE user_roadmap_progress
  ALTER COLUMN started_at TYPE timestamptz(3),
  ALTER COLUMN completed_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE users
  ALTER COLUMN email_confirmation_expires_at TYPE timestamptz(3),
  ALTER COLUMN deleted_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);

ALTER TABLE videos
  ALTER COLUMN published_at TYPE timestamptz(3),
  ALTER COLUMN created_at TYPE timestamptz(3),
  ALTER COLUMN updated_at TYPE timestamptz(3);


