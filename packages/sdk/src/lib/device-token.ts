/**
 * Where the client keeps its device token between visits. The server issues the token when this
 * device first signs in to an account; sent back as `X-Furrow-Device` on later sign-ins, it gives
 * the device a throttle budget of its own, so other people's wrong guesses never hold it back.
 * It signs no one in by itself. The default: the offline store (IndexedDB) when `offline` is on,
 * else `localStorage` (partitioned per top-level site inside an embed, which is what a device
 * token wants); where neither works (Node, storage blocked) the token lives in memory only.
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
