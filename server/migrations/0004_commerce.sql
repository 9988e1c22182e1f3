-- Furrow commerce and booking: checkout sessions, purchases (seed 003), payments (seed 002),
-- processed Stripe events, early refunds, availability slots and bookings (seed 002), and the
-- mail outbox. Depends only on 0001 tables. SQL accepted by PostgreSQL 15 and PGlite.

-- A checkout we started with a payment provider (Stripe or the TEST MODE sandbox). The row is
-- the source of truth for who pays for what; the provider's metadata is only a hint.
CREATE TABLE checkout_sessions (
  id text PRIMARY KEY,
  provider text NOT NULL CHECK (provider IN ('stripe', 'sandbox')),
  test_mode boolean NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('product', 'booking')),
  product_id uuid REFERENCES products(id),
  booking_id uuid,
  -- The product as offered when checkout started: what the learner agreed to pay for.
  product_snapshot jsonb,
  amount integer NOT NULL CHECK (amount >= 0),
  discount_amount integer NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete', 'expired')),
  url text,
  success_url text NOT NULL,
  cancel_url text NOT NULL,
  payment_intent_id text,
  -- Sandbox only: the random token its payment page carries in the form.
  sandbox_token text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX checkout_sessions_user ON checkout_sessions (user_id, created_at DESC);

CREATE TABLE purchases (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
  product_id uuid NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
  product_snapshot jsonb NOT NULL,
  amount_paid integer NOT NULL CHECK (amount_paid >= 0),
  discount_amount integer NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  currency text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('stripe', 'sandbox')),
  provider_session_id text NOT NULL UNIQUE,
  payment_intent_id text,
  payment_method text CHECK (payment_method IN ('card', 'upi', 'netbanking', 'wallet')),
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
  refund_id text,
  refunded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchases_user ON purchases (user_id, created_at DESC);
CREATE INDEX purchases_intent ON purchases (payment_intent_id) WHERE payment_intent_id IS NOT NULL;

-- How a purchase's amount splits over its courses (pro rata by course list price), so revenue
-- per course and instructor is a plain GROUP BY.
CREATE TABLE purchase_courses (
  purchase_id uuid NOT NULL REFERENCES purchases(id) ON DELETE CASCADE,
  course_id uuid NOT NULL REFERENCES courses(id),
  instructor_id uuid NOT NULL REFERENCES users(id),
  amount integer NOT NULL CHECK (amount >= 0),
  currency text NOT NULL,
  PRIMARY KEY (purchase_id, course_id)
);
CREATE INDEX purchase_courses_course ON purchase_courses (course_id);
CREATE INDEX purchase_courses_instructor ON purchase_courses (instructor_id);

-- Each Stripe event id is processed once: inserted first, in the transaction that applies it.
CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- A refund seen before the payment it refunds (webhooks arrive out of order). Keyed by payment
-- intent or checkout session id; applied when the completion arrives.
CREATE TABLE early_refunds (
  key text PRIMARY KEY,
  refund_id text,
  amount integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE availability_slots (
  id uuid PRIMARY KEY,
  instructor_id uuid NOT NULL REFERENCES users(id),
  course_id uuid REFERENCES courses(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  price_amount integer NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
  currency text NOT NULL DEFAULT 'INR',
  notes text,
  is_booked boolean NOT NULL DEFAULT false,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX availability_slots_open ON availability_slots (starts_at, id) WHERE deleted_at IS NULL;
CREATE INDEX availability_slots_instructor ON availability_slots (instructor_id, starts_at);

CREATE TABLE bookings (
  id uuid PRIMARY KEY,
  slot_id uuid NOT NULL REFERENCES availability_slots(id),
  course_id uuid REFERENCES courses(id),
  student_id uuid NOT NULL REFERENCES users(id),
  instructor_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'completed', 'cancelled')),
  amount integer NOT NULL CHECK (amount >= 0),
  currency text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  student_notes text,
  instructor_notes text,
  payment_required boolean NOT NULL,
  cancelled_by text CHECK (cancelled_by IN ('student', 'instructor', 'admin', 'system')),
  cancellation_reason text,
  refund_outcome text CHECK (refund_outcome IN ('none_due', 'full_refund', 'no_refund')),
  reminded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  completed_at timestamptz
);
-- At most one live booking per slot, whatever the application does.
CREATE UNIQUE INDEX bookings_one_live_per_slot ON bookings (slot_id) WHERE status <> 'cancelled';
CREATE INDEX bookings_student ON bookings (student_id, starts_at);
CREATE INDEX bookings_instructor ON bookings (instructor_id, starts_at);
CREATE INDEX bookings_reminder ON bookings (starts_at) WHERE status = 'confirmed' AND reminded_at IS NULL;

-- Money that moved for a booking (seed 002 Payment).
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  booking_id uuid REFERENCES bookings(id),
  amount integer NOT NULL CHECK (amount >= 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
  provider text NOT NULL CHECK (provider IN ('stripe', 'sandbox')),
  provider_transaction_id text NOT NULL UNIQUE,
  provider_payment_intent_id text,
  payment_method text,
  failure_reason text,
  refund_amount integer,
  refund_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  refunded_at timestamptz
);
CREATE INDEX payments_booking ON payments (booking_id);
CREATE INDEX payments_intent ON payments (provider_payment_intent_id) WHERE provider_payment_intent_id IS NOT NULL;

-- Mail is queued in the writer's transaction and sent by a worker; a row is claimed by one
-- instance at a time (claim_token) and marked sent once.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  kind text NOT NULL,
  notification_id uuid,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claim_token text,
  claimed_at timestamptz,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
