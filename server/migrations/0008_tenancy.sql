-- Tenant isolation (issue 14): every user belongs to one site, and the same email on two
-- sites is two users; content is shared (site_id NULL: on every site) or owned by one site;
-- a site caps the role its embed tokens may carry; the audit log is kept per site.

-- Sign-in emails are unique per site (the operator, with no site, in a space of its own).
DROP INDEX IF EXISTS users_login_email;
CREATE UNIQUE INDEX users_login_email ON users (COALESCE(site_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(email))
  WHERE password_hash IS NOT NULL AND deleted_at IS NULL;

-- The highest role a site's secret key may give the users it signs in (student by default);
-- whether content authored on the site may be shared with every site (the operator's own site).
ALTER TABLE partner_sites ADD COLUMN max_embed_role text NOT NULL DEFAULT 'student' CHECK (max_embed_role IN ('student', 'instructor', 'admin'));
ALTER TABLE partner_sites ADD COLUMN shares_content boolean NOT NULL DEFAULT false;

-- Content: NULL = shared on every site; otherwise only on that site.
ALTER TABLE courses ADD COLUMN site_id uuid REFERENCES partner_sites(id);
ALTER TABLE articles ADD COLUMN site_id uuid REFERENCES partner_sites(id);
ALTER TABLE videos ADD COLUMN site_id uuid REFERENCES partner_sites(id);
ALTER TABLE learning_roadmaps ADD COLUMN site_id uuid REFERENCES partner_sites(id);
ALTER TABLE products ADD COLUMN site_id uuid REFERENCES partner_sites(id);
ALTER TABLE badges ADD COLUMN site_id uuid REFERENCES partner_sites(id);
CREATE INDEX courses_site ON courses (site_id);
CREATE INDEX articles_site ON articles (site_id);
CREATE INDEX videos_site ON videos (site_id);
CREATE INDEX learning_roadmaps_site ON learning_roadmaps (site_id);
CREATE INDEX products_site ON products (site_id);

-- Content that already exists stays shared: it was on every site before this migration.

-- The audit log per site: the site of the key or the actor.
ALTER TABLE audit_log ADD COLUMN site_id uuid;
UPDATE audit_log a SET site_id = u.site_id FROM users u WHERE u.id = a.user_id;
UPDATE audit_log SET site_id = (metadata->>'siteId')::uuid WHERE site_id IS NULL AND metadata ? 'siteId';
CREATE INDEX audit_log_site ON audit_log (site_id, created_at DESC);
