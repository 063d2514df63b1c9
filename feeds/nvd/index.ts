export * from './nvd.parse.js';
export * from './nvd.feed.js';
export * from './rate-limiter.js';
