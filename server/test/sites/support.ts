/**
 * Shared pieces of the sites tests: an operator made as `furrow-server operator create` makes
 * one, and signing in as them.
 */
import assert from 'node:assert/strict';
import type { Db } from '../../src/db/types.js';
import { hashPassword } from '../../src/core/password.js';
import { createOperator, oneTimePassword } from '../../src/modules/sites.queries.js';

/** An operator's email and one-time password. */
export interface OperatorCreds {
  email: string;
  password: string;
}

/** Creates an operator in `db` (as the CLI does) and returns the credentials. */
export async function makeOperator(db: Db, email = `op-${Math.random().toString(36).slice(2, 8)}@example.org`): Promise<OperatorCreds> {
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await db.tx((q) => createOperator(q, { email, name: 'Operator' }, hash));
  return { email, password };
}

/** Signs in at `POST /v1/operator/login` (no key) and returns the session token. */
export async function operatorToken(url: string, creds: OperatorCreds): Promise<string> {
  const r = await fetch(`${url}/v1/operator/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds) });
  const body = (await r.json()) as { token: string };
  assert.equal(r.status, 200, JSON.stringify(body));
  return body.token;
}

/** Polls `fn` until it returns a value other than undefined, or fails after `ms`. */
export async function until<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
