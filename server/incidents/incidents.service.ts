/** The incidents service: one use case per file under `use-cases/`; callers import from here. */
export type { IncidentDto } from './incidents.presenter.js';
export type { IncidentUseCaseContext } from './incidents.policy.js';
export { createIncident, reportIncident, updateIncidentDraft } from './use-cases/write-incident.js';
export { exportStage, requestIntermediateReport, submitStage } from './use-cases/stages.js';
export { transitionIncident, triageIncident } from './use-cases/triage-incident.js';
export { addNote, addTask, listNotes, listTasks, setTaskDone } from './use-cases/workspace.js';
export { incidentTimeline } from './use-cases/timeline.js';
export { incidentDefaults } from './use-cases/defaults.js';
export { getIncident, getIncidentVersion, listIncidentAssignees, listIncidents } from './use-cases/read-incidents.js';
export { listThread, markMessageRead, postMessage, sendAttachment, uploadAttachment } from './use-cases/thread.js';
export { addIncidentIndicators, getIncidentIndicators } from './use-cases/incident-indicators.js';
export { checkIncidentShare, listIncidentShares, previewIncidentShare, shareIncident } from './use-cases/share-incident.js';
export { exportIncidentStix } from './use-cases/export-stix.js';
export { recordStageAcknowledgement } from './use-cases/stage-acknowledgement.js';
