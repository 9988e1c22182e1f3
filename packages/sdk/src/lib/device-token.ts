import type { OfflineRuntime } from './offline/runtime.js';

/**
 * Where the client keeps its device token between visits. The server issues the token when this
 * device first signs in to an account; sent back as `X-Furrow-Device` on later sign-ins, it gives
 * the device a throttle budget of its own, so other people's wrong guesses never hold it back.
 * It signs no one in by itself.
 *
 * @example
 * ```ts
 * // React Native, Electron, a test: bring your own.
 * const deviceStore: DeviceTokenStore = { get: () => AsyncStorage.getItem('furrow-device'), set: (t) => AsyncStorage.setItem('furrow-device', t) };
 * createFurrow({ baseUrl, publishableKey, deviceStore });
 * ```
 */
export interface DeviceTokenStore {
  get(): string | null | undefined | Promise<string | null | undefined>;
  set(token: string): void | Promise<void>;
}

const localStore = (key: string): DeviceTokenStore => ({
  get: () => globalThis.localStorage?.getItem(key),
  set: (t) => globalThis.localStorage?.setItem(key, t),
});

/**
 * The default {@link DeviceTokenStore}: the offline store (IndexedDB) when `offline` is on, else
 * `localStorage` (partitioned per top-level site inside an embed, which is what a device token
 * wants). Where neither works (Node, storage blocked) the token lives in memory only.
 *
 * @example
 * ```ts
 * const store = defaultDeviceStore(baseUrl, off);
 * ```
 */
export function defaultDeviceStore(baseUrl: string, off: Promise<OfflineRuntime> | undefined): DeviceTokenStore {
  const key = `furrow:device:${baseUrl}`;
  if (!off) return localStore(key);
  return {
    get: async () => (await (await off).store.get(key))?.value as string | undefined,
    set: async (t) => (await off).store.put({ key, value: t, at: Date.now() }),
  };
}
