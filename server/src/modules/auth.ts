import { randomBytes } from 'node:crypto';
import { ERROR_CODES } from '@furrow/schema';
import { defineHandlers, type Ctx } from '../core/context.js';
import { HttpError, notFound } from '../core/errors.js';
import { DEFAULTS } from '../core/config.js';
import { hashPassword, verifyPassword } from '../core/password.js';
import { newId, sha256 } from '../core/ids.js';
import { UNIQUE_VIOLATION, sqlState, type Queryable } from '../db/types.js';
import { attemptBuckets, claimSlots, knownDevice, rememberDevice, scheduleSigninPrune, settleSuccess, throttleSettings } from './login-throttle.js';
import { createSession, findUser, toPublicUser, toUser, type UserRow } from '../shared-sql/users.js';
import { audit } from '../shared-sql/audit.js';
import { decodeCursor, encodeCursor } from '../core/cursor.js';
import { defineModule } from './module.js';
import { siteIdOf } from '../core/tenancy.js';

/** Roles in order of power, for the embed-token cap. */
const ROLE_RANK: Record<'student' | 'instructor' | 'admin', number> = { student: 0, instructor: 1, admin: 2 };

let dummyHash: Promise<string> | null = null;

/**
 * The account an email signs in to: the site's own user with that email (the same email on
 * another site is another person), or the operator, who belongs to no site and may sign in
 * through any site's key. `operatorOnly` is `POST /v1/operator/login`.
 */
export async function findLoginUser(db: Queryable, email: string, siteId: string | null, operatorOnly: boolean): Promise<UserRow | null> {
  const r = await db.query<UserRow>(
    `SELECT * FROM users WHERE lower(email) = $1 AND password_hash IS NOT NULL AND deleted_at IS NULL
        AND ${operatorOnly ? `role = 'operator'` : `(site_id = $2::uuid OR role = 'operator')`}
      ORDER BY (role = 'operator') LIMIT 1`,
    operatorOnly ? [email] : [email, siteId],
  );
  return r.rows[0] ?? null;
}

/** Checks the password, against a stand-in hash when there is no account, so timing does not tell. */
async function checkPassword(password: string, user: UserRow | null): Promise<boolean> {
  if (user) return verifyPassword(password, user.password_hash!);
  await verifyPassword(password, await (dummyHash ??= hashPassword('x'.repeat(12))));
  return false;
}

/**
 * Email + password sign-in. A failure slot is claimed (per (account, IP) and IP, or per
 * (account, device) for a device that signed in before) before the password is checked, so
 * parallel guesses never get past the budget; after it, waits grow (429 + `Retry-After`).
 * `operator` limits it to the operator (no site), for `POST /v1/operator/login`.
 */
async function passwordLogin(ctx: Ctx, body: { email: string; password: string }, opts: { siteId: string | null; operator?: boolean; ttlSeconds?: number }) {
  const email = body.email.toLowerCase();
  const db = ctx.services.db;
  const now = ctx.services.now();
  const user = await findLoginUser(db, email, opts.siteId, opts.operator === true);
  const deviceId = user ? await knownDevice(db, ctx, user.id) : null;
  const buckets = attemptBuckets('login', email, ctx.ip, deviceId, throttleSettings(ctx.services));
  await claimSlots(db, buckets, throttleSettings(ctx.services), now);
  const ok = await checkPassword(body.password, user);
  if (!user || !ok) {
    throw new HttpError(401, ERROR_CODES.invalidCredentials, 'Email or password is wrong');
  }
  await settleSuccess(db, buckets);
  // An operator may sign in through any site's key too; the session is still theirs alone (no
  // site) and short, since it manages every site.
  const operator = user.role === 'operator';
  const ttlSeconds = operator ? Math.min(opts.ttlSeconds ?? DEFAULTS.operatorSessionTtlSeconds, DEFAULTS.operatorSessionTtlSeconds) : opts.ttlSeconds;
  return db.tx(async (q) => {
    const session = await createSession(q, { userId: user.id, siteId: operator ? null : opts.siteId, kind: 'login', ttlSeconds, ip: ctx.ip, userAgent: ctx.userAgent, now });
    const deviceToken = await rememberDevice(q, user.id, deviceId, now);
    await audit(q, { ...ctx, auth: { ...ctx.auth, user: { id: user.id } as never } }, { entityName: 'session', entityId: user.id, action: 'login', ...(operator ? { metadata: { operator: true } } : {}) });
    return { ...session, user: toUser(user), ...(deviceToken ? { deviceToken } : {}) };
  });
}

const handlers = defineHandlers({
  'auth.signup': async (ctx) => {
    const { email, password, name, locale, timeZone } = ctx.body;
    const hash = await hashPassword(password);
    const confirmToken = randomBytes(24).toString('base64url');
    const now = ctx.services.now();
    try {
      return await ctx.services.db.tx(async (q) => {
        const id = newId();
        const r = await q.query<UserRow>(
          `INSERT INTO users (id, site_id, email, name, role, password_hash, email_confirmation_token_hash, email_confirmation_expires_at, locale, time_zone)
           VALUES ($1, $2, $3, $4, 'student', $5, $6, $7, $8, $9) RETURNING *`,
          [id, ctx.auth.site?.id ?? null, email.toLowerCase(), name, hash, sha256(confirmToken),
            new Date(now.getTime() + DEFAULTS.confirmationTtlSeconds * 1000), locale ?? 'en', timeZone ?? 'Asia/Kolkata'],
        );
        const session = await createSession(q, { userId: id, siteId: ctx.auth.site?.id ?? null, kind: 'login', ip: ctx.ip, userAgent: ctx.userAgent, now });
        const deviceToken = await rememberDevice(q, id, null, now);
        await audit(q, { ...ctx, auth: { ...ctx.auth, user: { id } as never } }, { entityName: 'user', entityId: id, action: 'create', newValues: { email: email.toLowerCase(), name } });
        const queueMail = ctx.services.mail;
        await queueMail?.(q, { to: email.toLowerCase(), subject: 'Confirm your Furrow email', text: `Your confirmation code: ${confirmToken}`, kind: 'email_confirmation' });
        return {
          ...session,
          user: toUser(r.rows[0]),
          deviceToken,
          ...(ctx.services.options.exposeConfirmationTokens ? { emailConfirmationToken: confirmToken } : {}),
        };
      });
    } catch (err) {
      if (sqlState(err) === UNIQUE_VIOLATION) throw new HttpError(409, ERROR_CODES.emailTaken, 'An account with this email already exists');
      throw err;
    }
  },

  'auth.login': (ctx) => passwordLogin(ctx, ctx.body, { siteId: ctx.auth.site?.id ?? null }),

  // The operator signs in without a site key; their session belongs to no site.
  'operator.login': (ctx) =>
    passwordLogin(ctx, ctx.body, { siteId: null, operator: true, ttlSeconds: ctx.body.ttlSeconds }),

  'auth.logout': async (ctx) => {
    await ctx.services.db.tx(async (q) => {
      await q.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1`, [ctx.auth.sessionId]);
      await audit(q, ctx, { entityName: 'session', entityId: ctx.auth.sessionId ?? '', action: 'logout' });
    });
    return { ok: true as const };
  },

  'auth.logoutAll': async (ctx) => {
    await ctx.services.db.tx(async (q) => {
      await q.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [ctx.auth.user!.id]);
      await audit(q, ctx, { entityName: 'session', entityId: ctx.auth.user!.id, action: 'logout', metadata: { all: true } });
    });
    return { ok: true as const };
  },

  'auth.confirmEmail': async (ctx) => {
    const r = await ctx.services.db.query<UserRow>(
      `UPDATE users SET email_confirmed = true, email_confirmation_token_hash = NULL, updated_at = now()
        WHERE email_confirmation_token_hash = $1 AND email_confirmation_expires_at > now() AND deleted_at IS NULL RETURNING *`,
      [sha256(ctx.body.token)],
    );
    if (!r.rows[0]) throw new HttpError(400, ERROR_CODES.validation, 'body.token: unknown or expired confirmation token', [{ path: ['body', 'token'], message: 'Unknown or expired' }]);
    return toUser(r.rows[0]);
  },

  'me.retrieve': async (ctx) => {
    const u = await findUser(ctx.services.db, ctx.auth.user!.id);
    if (!u) throw notFound('User');
    return toUser(u);
  },

  'me.update': async (ctx) => {
    const b = ctx.body;
    return ctx.services.db.tx(async (q) => {
      const before = await findUser(q, ctx.auth.user!.id);
      if (!before) throw notFound('User');
      const r = await q.query<UserRow>(
        `UPDATE users SET name = COALESCE($2, name), locale = COALESCE($3, locale), time_zone = COALESCE($4, time_zone),
           phone_number = CASE WHEN $5::boolean THEN $6 ELSE phone_number END,
           image_url = CASE WHEN $7::boolean THEN $8 ELSE image_url END,
           bio = CASE WHEN $9::boolean THEN $10 ELSE bio END, updated_at = now()
         WHERE id = $1 RETURNING *`,
        [before.id, b.name ?? null, b.locale ?? null, b.timeZone ?? null, b.phoneNumber !== undefined, b.phoneNumber ?? null,
          b.imageUrl !== undefined, b.imageUrl ?? null, b.bio !== undefined, b.bio ?? null],
      );
      await audit(q, ctx, { entityName: 'user', entityId: before.id, action: 'update', oldValues: toUser(before), newValues: b });
      return toUser(r.rows[0]);
    });
  },

  'embedTokens.create': async (ctx) => {
    const b = ctx.body;
    const site = ctx.auth.site!;
    if (b.role && ROLE_RANK[b.role] > ROLE_RANK[site.maxEmbedRole]) {
      await audit(ctx.services.db, ctx, { entityName: 'embed_token', entityId: b.externalId, action: 'create', newValues: { externalId: b.externalId, role: b.role }, metadata: { refused: 'embed_role_not_allowed', maxEmbedRole: site.maxEmbedRole } });
      throw new HttpError(403, ERROR_CODES.embedRoleNotAllowed, `This site's embed tokens may carry at most the role "${site.maxEmbedRole}"; the operator can raise it (furrow-server sites update … --max-embed-role)`, [
        { path: ['body', 'role'], message: `At most ${site.maxEmbedRole}` },
      ]);
    }
    return ctx.services.db.tx(async (q) => {
      // Create or link the partner's user by external id (single sign-on).
      const id = newId();
      await q.query(
        `INSERT INTO users (id, site_id, external_id, email, name, role, locale, time_zone, email_confirmed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (site_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
           email = COALESCE(EXCLUDED.email, users.email), name = COALESCE($10, users.name),
           role = COALESCE($11, users.role), locale = COALESCE($12, users.locale), time_zone = COALESCE($13, users.time_zone),
           updated_at = now()`,
        [id, site.id, b.externalId, b.email?.toLowerCase() ?? null, b.name ?? b.externalId, b.role ?? 'student',
          b.locale ?? 'en', b.timeZone ?? 'Asia/Kolkata', b.email !== undefined, b.name ?? null, b.role ?? null, b.locale ?? null, b.timeZone ?? null],
      );
      const r = await q.query<UserRow>(`SELECT * FROM users WHERE site_id = $1 AND external_id = $2`, [site.id, b.externalId]);
      const user = r.rows[0];
      if (user.deleted_at) throw new HttpError(403, ERROR_CODES.forbidden, 'This user was deleted');
      const session = await createSession(q, { userId: user.id, siteId: site.id, kind: 'embed', ttlSeconds: b.ttlSeconds, ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.services.now() });
      await audit(q, ctx, { entityName: 'embed_token', entityId: user.id, action: 'create', newValues: { externalId: b.externalId, role: user.role } });
      return { ...session, user: toUser(user) };
    });
  },

  'users.retrieve': async (ctx) => {
    // A user of this site, or the instructor of shared content (shown on every site).
    const r = await ctx.services.db.query<UserRow>(
      `SELECT * FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL AND u.role <> 'operator'
          AND (u.site_id = $2::uuid OR EXISTS (SELECT 1 FROM courses c WHERE c.instructor_id = u.id AND c.site_id IS NULL AND c.status = 'published'))`,
      [ctx.params.id, siteIdOf(ctx.auth)]);
    if (!r.rows[0]) throw notFound('User');
    return toPublicUser(r.rows[0]);
  },

  'admin.users.list': async (ctx) => {
    const after = decodeCursor(ctx.query.cursor, ['string', 'string']) as [string, string] | null;
    const like = ctx.query.q ? `%${ctx.query.q.toLowerCase()}%` : null;
    const r = await ctx.services.db.query<UserRow>(
      `SELECT * FROM users WHERE site_id = $5::uuid AND role <> 'operator' AND ($1::text IS NULL OR lower(name) LIKE $1 OR lower(email) LIKE $1)
         AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [like, after?.[0] ?? null, after?.[1] ?? null, ctx.query.limit + 1, siteIdOf(ctx.auth)],
    );
    const rows = r.rows.slice(0, ctx.query.limit);
    const last = rows[rows.length - 1];
    return { data: rows.map(toUser), nextCursor: r.rows.length > ctx.query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  },

  'admin.users.update': async (ctx) => {
    const b = ctx.body;
    return ctx.services.db.tx(async (q) => {
      // A site admin manages its own site's users only; the operator is no site's user.
      const r0 = await q.query<UserRow>(`SELECT * FROM users WHERE id = $1 AND site_id = $2::uuid AND role <> 'operator' FOR UPDATE`, [ctx.params.id, siteIdOf(ctx.auth)]);
      const before = r0.rows[0];
      if (!before) throw notFound('User');
      const r = await q.query<UserRow>(
        `UPDATE users SET role = COALESCE($2, role), name = COALESCE($3, name),
           deleted_at = CASE WHEN $4::boolean IS NULL THEN deleted_at WHEN $4 THEN COALESCE(deleted_at, now()) ELSE NULL END,
           updated_at = now()
         WHERE id = $1 RETURNING *`,
        [before.id, b.role ?? null, b.name ?? null, b.deleted ?? null],
      );
      // Soft delete ends access at once: every session goes.
      if (b.deleted) await q.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [before.id]);
      await audit(q, ctx, { entityName: 'user', entityId: before.id, action: b.deleted ? 'delete' : 'update', oldValues: toUser(before), newValues: b });
      return toUser(r.rows[0]);
    });
  },
});

/** Accounts, sessions, embed tokens, user administration. */
export const authModule = defineModule({ name: 'auth', handlers, init: async (services) => scheduleSigninPrune(services) });
