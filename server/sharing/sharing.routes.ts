/**
 * The standards endpoints through which Lagebild shares with other CERTs and tools: the CSAF 2.0
 * provider, the MISP feed and RSS/Atom (TAXII lives in its own slice). Each reads through
 * server/access like every other read path.
 */
import type { Config } from '../../config/index.js';
import type { Api } from '../platform/http/api.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import { CsafProvider } from './csaf/csaf.provider.js';
import { registerCsafRoutes } from './csaf/csaf.routes.js';
import { registerMispFeedRoutes } from './misp/misp.routes.js';
import { registerRssRoutes } from './rss/rss.routes.js';
import { lazySigningKey, type SigningKey } from './signing-key.js';

export function registerSharingRoutes(api: Api, deps: { config: Config; database: DatabaseHandle; signingKey?: (() => Promise<SigningKey>) | undefined }): void {
  const { config, database } = deps;
  const signingKey = deps.signingKey ?? lazySigningKey(config, database);
  const provider = new CsafProvider({ db: database.db, baseUrl: config.baseUrl, settings: config.settings.csaf, signingKey });
  registerCsafRoutes(api, { db: database.db, provider });
  registerMispFeedRoutes(api, database.db);
  registerRssRoutes(api, { db: database.db, baseUrl: config.baseUrl });
}
