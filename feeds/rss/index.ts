export * from './rss.parse.js';
export * from './rss.feed.js';
