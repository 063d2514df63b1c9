// The bulk worker's entry (parse-bulk.ts): plain ESM, so Node loads it without help, registering
// tsx before the TypeScript worker module loads, as the server itself runs (`node --import tsx`).
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('./bulk.worker.ts', import.meta.url).href);
