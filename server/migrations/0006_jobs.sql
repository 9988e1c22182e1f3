-- One job runner for all background work (src/core/jobs.ts). A job is a row: claimed with
-- FOR UPDATE SKIP LOCKED, leased while it runs (locked_until, renewed by a heartbeat), retried
-- with backoff (back to 'queued' with a later run_at), and after its last attempt dead-lettered
-- ('dead') with the reason in last_error.

CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  -- The queue: which registered handler runs it (e.g. 'mail.send').
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
  -- Attempts started (a claim counts one, so does a reclaim after an expired lease).
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  run_at timestamptz(3) NOT NULL DEFAULT now(),
  -- The instance that holds the job while it runs, and until when (its lease).
  locked_by text,
  locked_until timestamptz(3),
  last_error text,
  -- A job enqueued with a key is enqueued once (schedules: one row per run time; singletons).
  dedupe_key text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  CHECK ((state = 'running') = (locked_until IS NOT NULL))
);
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- The claim: due jobs of a kind, and running jobs whose lease has expired.
CREATE INDEX jobs_due ON jobs (kind, run_at) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (locked_until) WHERE state = 'running';
-- The operator's list (newest first, optionally by state) and the pruning of finished jobs.
CREATE INDEX jobs_recent ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_by_state ON jobs (state, created_at DESC, id DESC);
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- Mail still waiting in the outbox gets its delivery job (the outbox used to poll itself).
INSERT INTO jobs (id, kind, payload, attempts, max_attempts, run_at)
SELECT gen_random_uuid(), 'mail.send', jsonb_build_object('mailId', id), attempts, 8, next_attempt_at
  FROM mail_outbox WHERE sent_at IS NULL AND attempts < 8;
