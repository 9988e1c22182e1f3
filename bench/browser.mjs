// What the browser benchmarks share: Lighthouse's mobile "Slow 4G" preset (150 ms RTT,
// 1.6 Mbps down, 750 kbps up, with DevTools' 0.9 factor) plus 4× CPU slowdown, and a cold page
// (fresh browser context: no HTTP cache, no IndexedDB) with that profile applied.

/** Network.emulateNetworkConditions for Slow 4G. */
export const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9,
  uploadThroughput: ((750 * 1024) / 8) * 0.9,
};

/** Emulation.setCPUThrottlingRate for a cheap phone. */
export const CPU_RATE = 4;

/**
 * Opens a cold page (its own browser context), throttled when asked; close `ctx` when done.
 *
 * @param {import('puppeteer-core').Browser} browser
 * @param {boolean} throttle
 */
export async function coldPage(browser, throttle) {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  }
  return { ctx, page };
}
