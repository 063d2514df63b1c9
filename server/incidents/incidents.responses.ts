/**
 * Response shapes of the incident workspace and sharing routes, for the OpenAPI document (and the
 * client's generated types). They describe what the presenters return; the presenters stay the source.
 */
import { freeForm, z } from '../platform/http/openapi-zod.js';
import { REPORT_STAGES } from './deadlines.js';
import { INCIDENT_TYPES } from './incident-types.js';
import { IncidentDraftSchema, IncidentReportSchema, StageSubmissionBodySchema } from './incidents.schemas.js';
import { INCIDENT_SEVERITIES, TRIAGE_STATES } from './triage.js';
import { IndicatorPackageSchema, IndicatorSchema } from '../indicators/indicators.responses.js';
import { AdvisoryDtoSchema } from '../advisories/advisories.presenter.js';

const Bilingual = z.object({ de: z.string(), en: z.string() });
const Person = z.object({ id: z.uuid(), name: z.string().nullable() }).nullable();

export const ShareFlagSchema = z
  .object({ category: z.string().describe('special-purpose, test-or-empty-hash, benign-service, scanner-or-sinkhole, own-identifier, personal-data or reporter-tlp'), list: z.string().nullable(), listName: z.string().nullable(), matched: z.string().nullable(), reason: Bilingual })
  .openapi('ShareFlag');

export const ShareCandidateSchema = z
  .object({ indicatorId: z.string(), type: z.string(), value: z.string(), tlp: z.string().describe("The item's TLP in this share: its own label when it has one, else the package's"), tlpExplicit: z.boolean(), flags: z.array(ShareFlagSchema), blocked: z.boolean(), selectedByDefault: z.boolean() })
  .openapi('ShareCandidate');

export const ShareCheckSchema = z
  .object({ tlp: z.string(), reporterLabel: Bilingual, defaults: z.object({ name: z.string(), description: z.string() }), candidates: z.array(ShareCandidateSchema) })
  .openapi('ShareCheck');

export const SharePlanSchema = z
  .object({
    reporterLabel: Bilingual,
    candidates: z.array(ShareCandidateSchema),
    package: z
      .object({
        name: z.string(),
        description: z.string(),
        tlp: z.string(),
        audience: z.object({ organizations: z.array(z.uuid()), sharingGroups: z.array(z.uuid()), users: z.array(z.uuid()) }),
        items: z.array(z.object({ indicatorId: z.string(), type: z.string(), value: z.string(), forBlocking: z.boolean(), flags: z.array(ShareFlagSchema), overrideReason: z.string().nullable() })),
      })
      .nullable(),
    advisory: z
      .union([freeForm('The advisory draft as the request sent it (its keys are the caller’s; the share validates it as advisory content), with personal data scrubbed from its texts'), z.null()])
      .describe('null when no advisory is shared'),
    removals: z.record(z.string(), z.number().int()).describe('what was scrubbed from the free text, by kind'),
    reach: z.object({ everyone: z.enum(['public', 'members']).nullable(), organizations: z.array(z.object({ id: z.uuid(), name: z.string() })), users: z.number().int() }).nullable(),
    problems: z.array(z.object({ code: z.enum(['SHARE_ITEMS_FLAGGED', 'SHARE_REACHES_NOBODY']), path: z.string(), indicatorId: z.string().optional(), categories: z.array(z.string()).optional(), message: z.string() })),
    canSend: z.boolean(),
  })
  .openapi('SharePlan');

export const ShareResultSchema = z
  .object({
    reporterLabel: z.string(),
    package: z.union([IndicatorPackageSchema, z.null()]).describe('The indicator package created, null when none was shared'),
    advisory: z.union([AdvisoryDtoSchema, z.null()]).describe('The advisory draft created, null when none was shared'),
    removals: z.record(z.string(), z.number().int()),
    overrides: z.number().int(),
  })
  .openapi('ShareResult');

export const IncidentShareListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['advisory', 'indicator-package']),
        targetId: z.string(),
        reporterLabel: z.string(),
        tlp: z.string().nullable(),
        itemCount: z.number().int(),
        overrides: z.array(z.object({ indicatorId: z.string(), type: z.string(), value: z.string(), categories: z.array(z.string()), reason: z.string(), overriddenBy: z.string(), overriddenAt: z.string() })),
        sharedBy: Person,
        createdAt: z.string(),
      }),
    ),
    next: z.null(),
  })
  .openapi('IncidentShareList');

export const IncidentNoteSchema = z.object({ id: z.uuid(), body: z.string(), author: Person, createdAt: z.string() }).openapi('IncidentNote');
export const IncidentNoteListSchema = z.object({ items: z.array(IncidentNoteSchema), next: z.null() }).openapi('IncidentNoteList');

export const IncidentTaskSchema = z
  .object({ id: z.uuid(), templateKey: z.string().nullable(), label: Bilingual, custom: z.boolean(), done: z.boolean(), doneAt: z.string().nullable(), doneBy: Person })
  .openapi('IncidentTask');
export const IncidentTaskListSchema = z.object({ items: z.array(IncidentTaskSchema), next: z.null() }).openapi('IncidentTaskList');

export const TimelineSchema = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        kind: z.enum(['stage', 'bsi-acknowledgement', 'state-change', 'triage-change', 'message', 'indicators', 'deadline-reminder', 'note', 'share', 'task-done', 'reported']),
        actor: z.string().nullable(),
        internal: z.boolean().describe('CERT-internal entry (never sent to the reporting organization)'),
        detail: freeForm('What the entry records; keys depend on the kind'),
      }),
    ),
    next: z.null(),
  })
  .openapi('IncidentTimeline');

export const IncidentDefaultsSchema = z
  .object({
    organization: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
    sector: z.string().nullable(),
    entityType: z.enum(['essential', 'important', 'none']),
    kritis: z.boolean(),
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
    profileComplete: z.boolean(),
  })
  .openapi('IncidentDefaults');

/** `GET /api/v1/incidents/assignees`: one CERT member an incident can be assigned to. */
export const IncidentAssigneeSchema = z.object({ id: z.uuid(), name: z.string() }).openapi('IncidentAssignee');
export const IncidentAssigneeListSchema = z.object({ items: z.array(IncidentAssigneeSchema) }).openapi('IncidentAssigneeList');

/** An instant as UTC ISO, Europe/Berlin ISO and a Berlin label (presentInstant). */
const InstantSchema = z.object({ utc: z.string(), berlin: z.string(), label: z.string() }).openapi('IncidentInstant');

export const StageSchema = z
  .object({
    id: z.uuid(),
    stage: z.enum(REPORT_STAGES),
    revision: z.number().int(),
    correctsId: z.uuid().nullable(),
    submitted: InstantSchema.nullable(),
    submittedBy: z.uuid().nullable(),
    content: StageSubmissionBodySchema,
    bsiAcknowledgement: z
      .object({ bsiReference: z.string(), acknowledged: InstantSchema, note: z.string().nullable(), recordedBy: z.uuid().nullable(), recorded: InstantSchema })
      .nullable()
      .describe("The BSI's acknowledgement of receipt, null while none is recorded"),
  })
  .openapi('IncidentStage');

const SlaNextSchema = z.object({ kind: z.enum(['acknowledge', 'feedback']), due: InstantSchema, breached: z.boolean() });

export const IncidentSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['draft', 'reported']),
    title: z.string().nullable(),
    reportingOrganization: z.object({ id: z.uuid(), name: z.string() }),
    reporterUserId: z.uuid().nullable(),
    tlp: z.string(),
    draft: IncidentDraftSchema,
    report: IncidentReportSchema.nullable(),
    awareness: InstantSchema.nullable(),
    handlingEnded: InstantSchema.nullable(),
    deadlines: z.array(z.object({ stage: z.enum(REPORT_STAGES), basis: z.string(), state: z.enum(['pending', 'submitted', 'waiting']), due: InstantSchema.nullable(), submitted: InstantSchema.nullable(), overdue: z.boolean() })),
    nextDue: InstantSchema.nullable(),
    stages: z.array(StageSchema),
    triage: z.object({
      state: z.enum(TRIAGE_STATES),
      severity: z.enum(INCIDENT_SEVERITIES).nullable(),
      assigneeUserId: z.uuid().nullable(),
      assignee: Person,
      incidentType: z.enum(INCIDENT_TYPES).nullable(),
      allowedTransitions: z.array(z.enum(TRIAGE_STATES)).readonly(),
      closedAt: z.string().nullable(),
      sla: z
        .object({
          acknowledgeDue: InstantSchema.nullable(),
          acknowledged: InstantSchema.nullable(),
          acknowledgeBreached: z.boolean(),
          feedbackDue: InstantSchema.nullable(),
          feedback: InstantSchema.nullable(),
          feedbackBreached: z.boolean(),
          next: SlaNextSchema.nullable(),
        })
        .nullable(),
    }),
    reported: InstantSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    abilities: z.object({ triage: z.boolean(), edit: z.boolean(), submitStages: z.boolean(), share: z.boolean() }),
  })
  .openapi('Incident');

export const IncidentListSchema = z.object({ items: z.array(IncidentSchema), next: z.string().nullable() }).openapi('IncidentList');

export const StageExportSchema = StageSchema.extend({
  incidentId: z.uuid(),
  reportingOrganization: z.object({ id: z.uuid(), name: z.string(), sector: z.string().nullable() }),
  awareness: z.object({ utc: z.string(), berlin: z.string() }),
  report: IncidentReportSchema,
  deadlines: z.array(z.object({ stage: z.string(), dueUtc: z.string().nullable(), dueBerlin: z.string().nullable(), submittedUtc: z.string().nullable() })),
  tlp: z.literal('TLP:AMBER+STRICT'),
  exportedAt: z.string(),
}).openapi('IncidentStageExport');

export const IncidentIndicatorListSchema = z.object({ items: z.array(IndicatorSchema), next: z.null() }).openapi('IncidentIndicatorList');

export const AttachmentSchema = z
  .object({ id: z.uuid(), fileName: z.string(), kind: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string(), createdAt: z.string() })
  .openapi('IncidentAttachment');

export const MessageSchema = z
  .object({
    id: z.uuid(),
    incidentId: z.uuid(),
    tlp: z.string(),
    body: z.string(),
    fromCert: z.boolean(),
    author: z.object({ userId: z.uuid().nullable(), name: z.string().nullable(), organizationId: z.uuid().nullable(), organizationName: z.string().nullable() }),
    createdAt: z.string(),
    attachments: z.array(AttachmentSchema),
    readBy: z.array(z.object({ userId: z.uuid(), name: z.string(), readAt: z.string() })),
    readByMe: z.boolean(),
  })
  .openapi('IncidentMessage');

export const MessageListSchema = z.object({ items: z.array(MessageSchema), next: z.null() }).openapi('IncidentMessageList');
