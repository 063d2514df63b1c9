export * from './taxii.parse.js';
export * from './taxii.feed.js';
