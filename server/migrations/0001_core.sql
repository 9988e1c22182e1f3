-- Furrow core: partner sites, users, sessions, throttling, catalog, access, idempotency,
-- notifications, audit log. SQL accepted by PostgreSQL 15 and PGlite (Postgres 18).

CREATE TABLE partner_sites (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  publishable_key text NOT NULL UNIQUE,
  secret_key_hash text NOT NULL UNIQUE,
  secret_key_hint text NOT NULL,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  site_id uuid REFERENCES partner_sites(id),
  external_id text,
  email text,
  name text NOT NULL,
  role text NOT NULL DEFAULT 'student' CHECK (role IN ('student', 'instructor', 'admin')),
  password_hash text,
  email_confirmed boolean NOT NULL DEFAULT false,
  email_confirmation_token_hash text,
  email_confirmation_expires_at timestamptz,
  time_zone text NOT NULL DEFAULT 'Asia/Kolkata',
  locale text NOT NULL DEFAULT 'en',
  phone_number text,
  image_url text,
  bio text,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_site_external ON users (site_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX users_login_email ON users (lower(email)) WHERE password_hash IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX users_confirmation ON users (email_confirmation_token_hash) WHERE email_confirmation_token_hash IS NOT NULL;

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id),
  site_id uuid REFERENCES partner_sites(id),
  kind text NOT NULL CHECK (kind IN ('login', 'embed')),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Fixed-window counters shared by every instance (login throttling, rate limits).
CREATE TABLE rate_limits (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, window_start)
);

CREATE TABLE courses (
  id uuid PRIMARY KEY,
  instructor_id uuid NOT NULL REFERENCES users(id),
  title text NOT NULL,
  description text NOT NULL,
  category text NOT NULL,
  level text NOT NULL CHECK (level IN ('beginner', 'intermediate', 'advanced')),
  languages text[] NOT NULL DEFAULT '{en}',
  duration_minutes integer NOT NULL DEFAULT 0,
  thumbnail_emoji text,
  thumbnail_url text,
  price_amount integer NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
  currency text NOT NULL DEFAULT 'INR',
  discount_percent integer NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  rating_avg double precision NOT NULL DEFAULT 0,
  rating_count integer NOT NULL DEFAULT 0,
  enrolled_count integer NOT NULL DEFAULT 0,
  completed_count integer NOT NULL DEFAULT 0,
  view_count integer NOT NULL DEFAULT 0,
  search_text text NOT NULL DEFAULT '',
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX courses_status ON courses (status, published_at DESC);
CREATE INDEX courses_category ON courses (category);
CREATE INDEX courses_instructor ON courses (instructor_id);

CREATE TABLE sections (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'public' CHECK (status IN ('public', 'private')),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sections_course ON sections (course_id, position);

CREATE TABLE lessons (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
  title text NOT NULL,
  description text,
  position integer NOT NULL DEFAULT 0,
  duration_minutes integer NOT NULL DEFAULT 0,
  content_type text NOT NULL CHECK (content_type IN ('video', 'text', 'quiz', 'assignment')),
  status text NOT NULL DEFAULT 'private' CHECK (status IN ('public', 'private', 'preview')),
  is_required boolean NOT NULL DEFAULT true,
  video jsonb,
  body text,
  quiz_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lessons_section ON lessons (section_id, position);
CREATE INDEX lessons_course ON lessons (course_id);

CREATE TABLE articles (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  excerpt text NOT NULL,
  content text NOT NULL,
  category text NOT NULL,
  author_id uuid REFERENCES users(id),
  author_name text NOT NULL,
  author_image_url text,
  read_time_minutes integer NOT NULL DEFAULT 0,
  languages text[] NOT NULL DEFAULT '{en}',
  source_type text NOT NULL DEFAULT 'internal' CHECK (source_type IN ('internal', 'external', 'scraped')),
  source_url text,
  source_title text,
  thumbnail_url text,
  thumbnail_emoji text,
  view_count integer NOT NULL DEFAULT 0,
  like_count integer NOT NULL DEFAULT 0,
  is_published boolean NOT NULL DEFAULT true,
  is_featured boolean NOT NULL DEFAULT false,
  search_text text NOT NULL DEFAULT '',
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE videos (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  description text,
  category text NOT NULL,
  source jsonb NOT NULL,
  thumbnail_url text,
  thumbnail_emoji text,
  creator_id uuid REFERENCES users(id),
  creator_name text NOT NULL,
  creator_image_url text,
  languages text[] NOT NULL DEFAULT '{en}',
  level text,
  transcript text,
  view_count integer NOT NULL DEFAULT 0,
  like_count integer NOT NULL DEFAULT 0,
  is_published boolean NOT NULL DEFAULT true,
  is_featured boolean NOT NULL DEFAULT false,
  search_text text NOT NULL DEFAULT '',
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_materials (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
  title text NOT NULL,
  description text,
  file_name text NOT NULL,
  content_type text NOT NULL,
  file_size_bytes integer NOT NULL,
  storage_key text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  is_free boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Products bundle courses (seed 003). Purchases live in the commerce migration.
CREATE TABLE products (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL,
  image_url text,
  price_amount integer NOT NULL CHECK (price_amount >= 0),
  currency text NOT NULL,
  discount_percent integer NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'private' CHECK (status IN ('public', 'private')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE course_products (
  course_id uuid NOT NULL REFERENCES courses(id) ON DELETE RESTRICT,
  product_id uuid NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, product_id)
);

-- Access to a course is an active enrollment (seed 003 user_course_access, seed 001
-- course_enrollments, seed 002 Enrollment).
CREATE TABLE enrollments (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  course_id uuid NOT NULL REFERENCES courses(id),
  access_type text NOT NULL CHECK (access_type IN ('free', 'paid', 'promotional', 'gifted')),
  status text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'in_progress', 'completed', 'dropped')),
  is_active boolean NOT NULL DEFAULT true,
  progress_percent integer NOT NULL DEFAULT 0,
  lessons_completed integer NOT NULL DEFAULT 0,
  amount_paid integer,
  amount_currency text,
  purchase_id uuid,
  certificate_id uuid,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  last_accessed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, course_id)
);
CREATE INDEX enrollments_course ON enrollments (course_id);

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_flight', 'done')),
  status_code integer,
  response_body text,
  locked_until timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  type text NOT NULL,
  title text NOT NULL,
  message text NOT NULL,
  is_read boolean NOT NULL DEFAULT false,
  related_entity_type text,
  related_entity_id uuid,
  metadata jsonb NOT NULL DEFAULT '{}',
  email_sent boolean NOT NULL DEFAULT false,
  email_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  entity_name text NOT NULL,
  entity_id text NOT NULL,
  action text NOT NULL,
  user_id uuid,
  ip_address text,
  user_agent text,
  old_values jsonb,
  new_values jsonb,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity ON audit_log (entity_name, entity_id);
CREATE INDEX audit_log_created ON audit_log (created_at DESC);

-- Bumped on every catalog write; instances compare it to drop cached catalog pages.
CREATE TABLE catalog_state (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO catalog_state (id, version) VALUES (1, 1);
