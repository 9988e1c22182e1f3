import { createContext } from '@lit/context';
import type { Locale, User } from '@furrow/schema';
import type { FurrowClient } from '@furrow/sdk';

/**
 * What `<furrow-provider>` gives every element inside it: the one SDK client, the locale, and
 * who is signed in.
 */
export interface FurrowContextValue {
  readonly client: FurrowClient;
  readonly locale: Locale;
  readonly user: User | null;
  readonly baseUrl: string;
  /** Whether the SDK runs with the offline cache and outbox. */
  readonly offline: boolean;
}

/**
 * The context key elements consume with `@consume({ context: furrowContext, subscribe: true })`.
 *
 * @example
 * ```ts
 * @consume({ context: furrowContext, subscribe: true }) furrow?: FurrowContextValue;
 * ```
 */
export const furrowContext = createContext<FurrowContextValue | undefined>(Symbol.for('furrow-context'));
