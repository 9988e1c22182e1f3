import { ERROR_CODES } from '@furrow/schema';
import { defineHandlers, type Ctx } from '../core/context.js';
import { DEFAULTS } from '../core/config.js';
import { HttpError } from '../core/errors.js';
import { newId, newSecret, sha256 } from '../core/ids.js';
import { hashPassword } from '../core/password.js';
import { mailOf } from '../core/services.js';
import { audit } from '../shared-sql/audit.js';
import { createSession, toUser, type UserRow } from '../shared-sql/users.js';
import { findLoginUser } from './auth.js';
import { attemptBuckets, claimSlots, throttleSettings } from './login-throttle.js';
import { defineModule } from './module.js';
import { resetPageRoute } from './reset-page.js';

/**
 * The link a reset mail carries: `options.passwordResetUrl` (the partner's page) or Furrow's own
 * page, `publicUrl + '/reset-password'` (see reset-page.ts), with `?token=` and `&locale=`. Built from configuration only,
 * never from the request's `Host`, so a forged host cannot send a user's token elsewhere.
 */
function resetLink(ctx: Ctx, token: string, locale: string): string {
  const own = ctx.services.options.passwordResetUrl;
  const u = new URL(own ?? `${ctx.services.publicUrl}/reset-password`);
  u.searchParams.set('token', token);
  // Furrow's own page needs the site's publishable key to call the API; both speak the user's language.
  if (!own && ctx.auth.site) u.searchParams.set('key', ctx.auth.site.publishableKey);
  u.searchParams.set('locale', locale);
  return u.toString();
}

/** Stores a reset token (its hash) for the user and queues the mail, in one transaction. */
async function sendReset(ctx: Ctx, user: UserRow): Promise<void> {
  const token = newSecret('fpr_');
  const now = ctx.services.now();
  const ttl = DEFAULTS.passwordResetTtlSeconds;
  await ctx.services.db.tx(async (q) => {
    await q.query(
      `INSERT INTO password_resets (id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [newId(), user.id, sha256(token), new Date(now.getTime() + ttl * 1000), now],
    );
    await mailOf(ctx.services)(q, {
      to: user.email!, subject: 'Reset your Furrow password', kind: 'password_reset',
      text: `Someone asked to reset the password of your Furrow account. To choose a new one, open this link within ${ttl / 60} minutes (it works once):\n\n${resetLink(ctx, token, user.locale)}\n\nIf it was not you, ignore this mail: your password stays as it is.`,
    });
    await audit(q, { ...ctx, auth: { ...ctx.auth, user: { id: user.id } as never } }, { entityName: 'password_reset', entityId: user.id, action: 'create' });
  });
}

const invalidToken = () =>
  new HttpError(400, ERROR_CODES.validation, 'body.token: unknown, used or expired reset token', [{ path: ['body', 'token'], message: 'Unknown, used or expired' }]);

const handlers = defineHandlers({
  // The answer never tells whether the email has an account: the same 202, the same throttle.
  'auth.requestPasswordReset': async (ctx) => {
    const email = ctx.body.email.toLowerCase();
    const s = throttleSettings(ctx.services);
    await claimSlots(ctx.services.db, attemptBuckets('reset', email, ctx.ip, null, s), s, ctx.services.now());
    const user = await findLoginUser(ctx.services.db, email, ctx.auth.site?.id ?? null, false);
    if (user) await sendReset(ctx, user);
    return { ok: true as const };
  },

  'auth.confirmPasswordReset': async (ctx) => {
    const hash = await hashPassword(ctx.body.password);
    const now = ctx.services.now();
    return ctx.services.db.tx(async (q) => {
      // Used up in the same statement that checks it: two confirmations of one link, one wins.
      const used = await q.query<{ user_id: string }>(
        `UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
        [sha256(ctx.body.token), now],
      );
      const userId = used.rows[0]?.user_id;
      if (!userId) throw invalidToken();
      const r = await q.query<UserRow>(
        `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 AND deleted_at IS NULL AND password_hash IS NOT NULL RETURNING *`,
        [userId, hash],
      );
      const user = r.rows[0];
      // A link works on its own site only (another site's key never signs its users in; the
      // transaction rolls back, so the link stays unused).
      if (!user || (user.role !== 'operator' && user.site_id !== (ctx.auth.site?.id ?? null))) throw invalidToken();
      // Every other way in ends: the user's other reset links, every session they had, and the
      // devices that signed in before (they keep no budget of their own after a reset).
      await q.query(`UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [userId, now]);
      await q.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
      await q.query(`DELETE FROM login_devices WHERE user_id = $1`, [userId]);
      const session = await createSession(q, { userId, siteId: user.role === 'operator' ? null : user.site_id, kind: 'login', ip: ctx.ip, userAgent: ctx.userAgent, now });
      await audit(q, { ...ctx, auth: { ...ctx.auth, user: { id: userId } as never } }, { entityName: 'user', entityId: userId, action: 'update', metadata: { passwordReset: true } });
      return { ...session, user: toUser(user) };
    });
  },
});

/** Password reset by email: a single-use, expiring link; confirming revokes every other session. */
export const passwordResetModule = defineModule({ name: 'password-reset', handlers, extraRoutes: [resetPageRoute] });
