import type { Principal } from '../../auth/principal.js';
import type { Database } from '../../platform/db/client.js';

/** What every advisory use case runs with: the database, who asks, and from where (for audit). */
export type UseCaseContext = { db: Database; principal: Principal; ip: string | null };
