export * from './cisa-kev.parse.js';
export * from './cisa-kev.feed.js';
