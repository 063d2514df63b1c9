export * from './misp.parse.js';
export * from './misp.feed.js';
