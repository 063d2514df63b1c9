/** The indicators slice's public surface for other slices (incidents). */
export { classifyObservable, extractObservables, refang, OBSERVABLE_TYPES, type Observable, type ObservableType } from './extract.js';
export { attachIndicators, isShareDowngrade, listIncidentIndicators, resolveIndicatorItems, type IndicatorItem, type ResolvedIndicator } from './incident-indicators.js';
export { listIncidentIndicatorRows } from './indicators.repo.js';
export { listIndicators } from './indicator-list.js';
export { createIndicatorPackage, CERT_IDENTITY_ID } from './packages.js';
export { anonymizedLabel, customLabel, scrubName, type ReporterLabel } from './anonymize.js';
export { observableSco, organizationIdentity, organizationIdentityId, strictOrThrow, uuidV5 } from './stix-objects.js';
export type { IndicatorDto } from './indicators.presenter.js';
export type { IndicatorObjectRow } from './indicators.table.js';
