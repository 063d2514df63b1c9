/**
 * Warninglists: the public surface for other slices (incident sharing, feed ingestion).
 *
 *   const engine = defaultWarninglistEngine().extend([...organizationWarninglists(org), ...personalDataWarninglists(people)]);
 *   engine.check('ipv4', '10.20.30.40')            // [{ list: 'rfc1918', category: 'special-purpose', matched: '10.0.0.0/8', reason }]
 *   engine.checkMispAttribute('ip-dst|port', '10.1.2.3|443')
 */
export { createWarninglistEngine, defaultWarninglistEngine, WarninglistEngine, type WarningFlag } from './engine.js';
export { organizationWarninglists, personalDataWarninglists, nameVariants, type OrganizationIdentifiers, type PersonalData } from './context-lists.js';
export { WARNINGLIST_VALUE_TYPES, normalizePhone, type WarninglistValueType } from './value-types.js';
export { WARNING_CATEGORIES, WarninglistSchema, type CategorizedWarninglist, type Warninglist, type WarningCategory } from './warninglist.schema.js';
export { BUNDLED_WARNINGLISTS } from './catalog.js';
export { parseAddress } from './cidr-index.js';
