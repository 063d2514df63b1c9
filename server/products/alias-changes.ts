import { rematchOrganization } from '../matching/matching.service.js';
import type { Executor } from '../platform/db/client.js';
import { refreshAssetKeys } from './product-aliases.service.js';

/**
 * After the alias table changed (a CERT edit, or names a feed taught): every asset's keys again,
 * then matching for the organizations whose keys changed, so an inventory entered before the alias
 * was known is not left behind. @returns how many organizations were re-matched
 */
export async function applyAliasChanges(tx: Executor): Promise<number> {
  const organizations = await refreshAssetKeys(tx);
  for (const organizationId of organizations) await rematchOrganization(tx, organizationId);
  return organizations.length;
}
