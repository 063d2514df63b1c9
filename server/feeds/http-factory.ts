/**
 * Where feed runs get their fetcher: the platform fetcher `feeds/http.ts` (SSRF guard after DNS and
 * on redirects, proxy from HTTPS_PROXY/NO_PROXY, retries, caps), one per allowance, kept for the
 * life of the process (its connection pools are reused across runs).
 */
import { createFeedHttp, type FeedHttpOptions } from '../../feeds/http.js';
import type { FeedHttp } from '../../feeds/feed.js';
import type { Config } from '../../config/index.js';
import type { FeedHttpFactory } from './runner.js';

/**
 * The fetcher factory for this configuration: sources with `allowPrivateNetwork` get a fetcher whose
 * SSRF guard lets loopback/private addresses through; every other source gets the strict one.
 */
export function platformFeedHttp(config: Pick<Config, 'proxy'>, overrides: Omit<FeedHttpOptions, 'allowance' | 'proxy'> = {}): FeedHttpFactory & { close(): Promise<void> } {
  const proxy = { httpsProxy: config.proxy.httpsProxy, noProxy: config.proxy.noProxy };
  const made = new Map<boolean, FeedHttp & { close(): Promise<void> }>();
  const factory = (source: { allowPrivateNetwork: boolean }): FeedHttp => {
    let http = made.get(source.allowPrivateNetwork);
    if (!http) {
      http = createFeedHttp({ ...overrides, proxy, allowance: { allowPrivateNetwork: source.allowPrivateNetwork } });
      made.set(source.allowPrivateNetwork, http);
    }
    return http;
  };
  return Object.assign(factory, {
    async close() {
      await Promise.all([...made.values()].map((http) => http.close()));
      made.clear();
    },
  });
}
