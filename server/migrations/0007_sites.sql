-- Partner sites as tenants (issue 14): defaults, status and soft deletion on partner_sites;
-- keys move to site_keys, several per site, so a rolled key keeps working until it expires
-- (publishable keys in plain — they are public — secret keys as a sha256 hash and a hint);
-- site_state is the version row every instance polls to drop its cached keys; the operator
-- is a user with role 'operator' and no site.

ALTER TABLE partner_sites ADD COLUMN default_locale text NOT NULL DEFAULT 'en';
ALTER TABLE partner_sites ADD COLUMN default_currency text NOT NULL DEFAULT 'INR';
ALTER TABLE partner_sites ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended'));
ALTER TABLE partner_sites ADD COLUMN deleted_at timestamptz(3);
ALTER TABLE partner_sites ADD COLUMN updated_at timestamptz(3) NOT NULL DEFAULT now();

CREATE TABLE site_keys (
  id uuid PRIMARY KEY,
  site_id uuid NOT NULL REFERENCES partner_sites(id),
  kind text NOT NULL CHECK (kind IN ('publishable', 'secret')),
  publishable_key text UNIQUE,
  secret_hash text UNIQUE,
  hint text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3),
  revoked_at timestamptz(3),
  last_used_at timestamptz(3),
  CHECK (CASE kind WHEN 'publishable' THEN publishable_key IS NOT NULL AND secret_hash IS NULL ELSE secret_hash IS NOT NULL AND publishable_key IS NULL END)
);
CREATE INDEX site_keys_site ON site_keys (site_id, kind, created_at DESC);

INSERT INTO site_keys (id, site_id, kind, publishable_key, hint, created_at)
  SELECT gen_random_uuid(), id, 'publishable', publishable_key, publishable_key, created_at FROM partner_sites;
INSERT INTO site_keys (id, site_id, kind, secret_hash, hint, created_at)
  SELECT gen_random_uuid(), id, 'secret', secret_key_hash, 'sk_…' || secret_key_hint, created_at FROM partner_sites;

ALTER TABLE partner_sites DROP COLUMN publishable_key;
ALTER TABLE partner_sites DROP COLUMN secret_key_hash;
ALTER TABLE partner_sites DROP COLUMN secret_key_hint;

-- Bumped in every transaction that changes a site or a key (status, origins, expiry); each
-- instance polls it (sitePollMs) and drops its cached keys when it moves.
CREATE TABLE site_state (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO site_state (id, version) VALUES (1, 1);

-- The operator runs the server and belongs to no site.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('student', 'instructor', 'admin', 'operator'));
ALTER TABLE users ADD CONSTRAINT users_operator_no_site CHECK (role <> 'operator' OR site_id IS NULL);
