/**
 * The explicit adapter registry: one line per source type (STYLE.md "Feeds and jobs"). A type
 * without an adapter here can be configured but every run of it fails with "no adapter" (recorded).
 * Adapters live in `feeds/<type>/` and implement {@link FeedAdapter}; adding one is one import and
 * one entry below.
 */
import type { FeedAdapter, FeedType } from './feed.js';
import { csafProviderAdapter } from './csaf/index.js';
import { SOURCE_ADAPTERS } from './sources.js';

export const ADAPTERS: Partial<Record<FeedType, FeedAdapter>> = {
  'csaf-provider': csafProviderAdapter,
  ...SOURCE_ADAPTERS,
};

/** The adapter for a source type, if one is registered. */
export function adapterFor(type: FeedType, registry: Partial<Record<FeedType, FeedAdapter>> = ADAPTERS): FeedAdapter | undefined {
  return registry[type];
}
