export * from './epss.parse.js';
export * from './epss.feed.js';
