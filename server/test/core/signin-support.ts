/** Shared by the sign-in tests: a clock the test moves, and client addresses of their own. */

/**
 * A clock for `options.now` that moves only when the test says so.
 *
 * @example
 * ```ts
 * const clock = testClock();
 * startTestServer(kind, { now: clock.now });
 * clock.tick(30); // 30 s later
 * ```
 */
export function testClock(start = '2026-12-01T08:00:00Z'): { now: () => Date; tick: (seconds: number) => void } {
  let at = Date.parse(start);
  return { now: () => new Date(at), tick: (seconds) => { at += seconds * 1000; } };
}

/** A new client address of a documentation range (`203.0.113.1`, `.2`, …) per call, sent as `X-Forwarded-For`. */
export function addresses(prefix = '203.0.113'): () => string {
  let n = 0;
  return () => `${prefix}.${++n}`;
}
