// Every table of every slice, re-exported so drizzle-kit sees one schema and migrations stay in one place.
export * from '../../organizations/organizations.table.js';
export * from '../../users/users.table.js';
export * from '../../auth/sessions.table.js';
export * from '../../auth/credentials.table.js';
export * from '../../auth/saml/saml.table.js';
export * from '../../tokens/tokens.table.js';
export * from '../../audit/audit.table.js';
export * from '../outbox/events.table.js';
export * from './instance-secrets.table.js';
export * from '../../advisories/advisories.table.js';
export * from '../../incidents/incidents.table.js';
export * from '../../indicators/indicators.table.js';
export * from '../../inventory/inventory.table.js';
export * from '../../matching/matching.table.js';
export * from '../../acknowledgements/acknowledgements.table.js';
export * from '../../notifications/notifications.table.js';
