-- Sign-in without lockout (issue 15). login_throttle: one row per bucket ((account, IP), IP,
-- (account, device), and the same for reset requests), the consecutive failures it has
-- claimed and when it may try again; a slot is claimed in one upsert before the password is
-- checked. login_devices: devices that signed in to an account before (only the token's hash);
-- they have a budget of their own. password_resets: single-use, expiring reset tokens (hash only).

CREATE TABLE login_throttle (
  bucket text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  blocked_until timestamptz(3),
  updated_at timestamptz(3) NOT NULL
);

CREATE TABLE login_devices (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz(3) NOT NULL,
  last_used_at timestamptz(3) NOT NULL
);
CREATE INDEX login_devices_user ON login_devices (user_id);

CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz(3) NOT NULL,
  used_at timestamptz(3),
  created_at timestamptz(3) NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id) WHERE used_at IS NULL;
