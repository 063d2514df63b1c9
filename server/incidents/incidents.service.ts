/** The incidents service: one use case per file under `use-cases/`; callers import from here. */
export type { IncidentUseCaseContext } from './incidents.policy.js';
export { createIncident, reportIncident, updateIncidentDraft } from './use-cases/write-incident.js';
export { exportStage, requestIntermediateReport, submitStage } from './use-cases/stages.js';
export { triageIncident } from './use-cases/triage-incident.js';
export { getIncident, listIncidents } from './use-cases/read-incidents.js';
export { listThread, markMessageRead, postMessage, sendAttachment, uploadAttachment } from './use-cases/thread.js';
export { addIncidentIndicators, getIncidentIndicators } from './use-cases/incident-indicators.js';
export { listIncidentShares, shareIncident } from './use-cases/share-incident.js';
export { exportIncidentStix } from './use-cases/export-stix.js';
export { recordStageAcknowledgement } from './use-cases/stage-acknowledgement.js';
