// A tiny assertion helper for browser tests (no chai dependency).

/** Throws with `message` unless `value` is truthy. */
export function ok(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) throw new Error(message);
}

/** Strict equality. */
export function equal<T>(actual: T, expected: T, message = ''): void {
  if (!Object.is(actual, expected)) throw new Error(`${message ? message + ': ' : ''}expected ${fmt(expected)}, got ${fmt(actual)}`);
}

/** Structural equality through JSON (enough for API bodies). */
export function deepEqual(actual: unknown, expected: unknown, message = ''): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${message ? message + ': ' : ''}expected ${e}, got ${a}`);
}

/** Awaits `p`, expects it to reject, returns the reason (optionally checking it). */
export async function rejects<E = unknown>(p: Promise<unknown>, check?: (e: E) => boolean, message = ''): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (check && !check(e as E)) throw new Error(`${message ? message + ': ' : ''}unexpected rejection ${fmt(e)}`, { cause: e });
    return e as E;
  }
  throw new Error(`${message ? message + ': ' : ''}expected a rejection`);
}

function fmt(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
