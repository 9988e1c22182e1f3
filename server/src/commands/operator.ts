/**
 * `furrow-server operator create --email … [--name …]` and `operator reset-password --email …`:
 * the operator is made on the database directly (a running PGlite server must be stopped first,
 * since no one could sign in to its API before an operator exists) and gets a one-time
 * password, printed once.
 */
import { z } from 'zod';
import { hashPassword } from '../core/password.js';
import { DataDirLockedError } from '../db/lock.js';
import { createOperator, oneTimePassword, resetOperatorPassword } from '../modules/sites.queries.js';
import { openDirect } from './target.js';

/** Runs `furrow-server operator <sub>`. */
export async function operatorCommand(dataDir: string, sub: string | undefined, a: { email?: string; name?: string; json?: boolean }): Promise<void> {
  if (sub !== 'create' && sub !== 'reset-password') throw new Error('furrow-server operator create --email E [--name N] | operator reset-password --email E');
  const email = z.email().max(254).safeParse(a.email);
  if (!email.success) throw new Error(`operator ${sub} needs --email with an email address`);
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const target = await openDirect(dataDir).catch((err: unknown) => {
    if (err instanceof DataDirLockedError) {
      throw new Error(`${err.message}\nStop the server, run "furrow-server operator ${sub}" again, then start it: the operator is written to the database directly.`, { cause: err });
    }
    throw err;
  });
  try {
    const user = await target.db.tx((q) => (sub === 'create' ? createOperator(q, { email: email.data, name: a.name }, hash) : resetOperatorPassword(q, email.data, hash)));
    if (!user) throw new Error(`No operator with the email ${email.data}; create one with "furrow-server operator create --email ${email.data}"`);
    if (a.json) return console.log(JSON.stringify({ user, password }, null, 2));
    console.log(`${sub === 'create' ? 'Operator created' : 'New password'}: ${user.email}`);
    console.log(`  One-time password: ${password}`);
    console.log('  Shown once, never stored (only its hash). Sign in with it: POST /v1/operator/login, or');
    console.log(`  FURROW_OPERATOR_PASSWORD=… furrow-server sites list --email ${user.email}   (while a server runs)`);
  } finally {
    await target.close();
  }
}
