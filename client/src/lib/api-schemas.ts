/**
 * Short names for the generated API types (api-types.ts, `npm run api:types`): components and
 * feature models take their DTOs from here instead of keeping hand-written copies.
 */
import type { components } from './api-types';

export type Schemas = components['schemas'];
/** A named schema of the OpenAPI document, e.g. `Schema<'Me'>`. */
export type Schema<Name extends keyof Schemas> = Schemas[Name];
