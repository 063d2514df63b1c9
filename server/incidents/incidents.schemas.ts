/**
 * The incident report as the API takes it (NIS2 Art. 23 / BSIG § 32 / KRITIS-DachG § 18 contents),
 * stage submissions, triage and thread requests. Isomorphic: zod and access/ only.
 */
import { z } from '../platform/http/openapi-zod.js';
import { AudienceSchema, audienceProblems } from '../access/audience.js';
import { TlpInputSchema } from '../access/tlp.js';
import { SectorSchema } from '../organizations/organizations.schemas.js';
import { REPORT_STAGES } from './deadlines.js';
import { INCIDENT_SEVERITIES, TRIAGE_STATES } from './triage.js';
import { INCIDENT_TYPES } from './incident-types.js';

/** Flags the law wants answered even when the answer is not yet known ("Verdachtsprinzip"). */
export const TriStateSchema = z.enum(['yes', 'no', 'unknown']);

/** The reporter's view of handling: still ongoing, contained, or resolved. */
export const HANDLING_STATUSES = ['ongoing', 'contained', 'resolved'] as const;

/** NIS2 entity type (BSIG § 28): besonders wichtig (essential) or wichtig (important); `none` for voluntary reports. */
export const ENTITY_TYPES = ['essential', 'important', 'none'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** KRITIS-DachG § 18: physical incidents at critical installations. */
export const PhysicalImpactSchema = z.strictObject({
  affectedPersons: z.number().int().min(0).max(100_000_000),
  /** Share of the persons supplied by the installation, in percent. */
  affectedShare: z.number().min(0).max(100),
  durationSoFarHours: z.number().min(0).max(100_000),
  expectedDurationHours: z.number().min(0).max(100_000).optional(),
  area: text(2_000),
  areaIsolated: z.boolean(),
});

/** Every field of a report. A draft may lack any of them; reporting needs the required ones. */
const ReportShape = {
  title: text(300),
  description: text(20_000),
  startedAt: instant.optional(),
  detectedAt: instant.optional(),
  affectedServices: z.array(text(300)).max(100).default([]),
  affectedSystems: z.array(text(300)).max(200).default([]),
  impact: z.strictObject({ confidentiality: z.boolean(), integrity: z.boolean(), availability: z.boolean() }),
  peopleAffected: z.number().int().min(0).max(100_000_000).optional(),
  customersAffected: z.number().int().min(0).max(100_000_000).optional(),
  crossBorder: TriStateSchema,
  suspectedMalicious: TriStateSchema,
  ransomware: TriStateSchema,
  handlingStatus: z.enum(HANDLING_STATUSES),
  contact: z.strictObject({ name: text(200), email: z.email().max(320), phone: z.string().trim().max(50).optional() }),
  sector: SectorSchema.optional(),
  entityType: z.enum(ENTITY_TYPES).default('none'),
  /** What kind of incident the reporter believes it is (the CERT may reclassify). */
  incidentType: z.enum(INCIDENT_TYPES).optional(),
  /** The reporter operates a critical installation (KRITIS-DachG § 18 contents apply). */
  kritis: z.boolean().optional(),
  physical: PhysicalImpactSchema.optional(),
};

/** A complete report (what `POST /:id/report` requires). */
export const IncidentReportSchema = z.strictObject(ReportShape);
export type IncidentReport = z.output<typeof IncidentReportSchema>;

/** A draft: any subset of the report. */
export const IncidentDraftSchema = z.strictObject(ReportShape).partial();
export type IncidentDraft = z.output<typeof IncidentDraftSchema>;

/** `POST /api/v1/incidents`: a draft plus the awareness time (Kenntniserlangung), if already known. */
export const CreateIncidentBodySchema = z.strictObject({ draft: IncidentDraftSchema.default({}), awarenessAt: instant.optional() });

/** `PATCH /api/v1/incidents/:id`: draft fields (drafts only), awareness time, end of handling. */
export const UpdateIncidentBodySchema = z
  .strictObject({ draft: IncidentDraftSchema.optional(), awarenessAt: instant.optional(), handlingEndedAt: instant.nullable().optional() })
  .refine((body) => Object.keys(body).length > 0, 'The patch changes nothing');

/** Stage-specific contents; the report itself is snapshotted with every submission. */
export const StageSubmissionBodySchema = z.strictObject({
  stage: z.enum(REPORT_STAGES),
  /** The submission id this one corrects (same stage); submissions are never edited. */
  corrects: z.uuid().optional(),
  summary: text(20_000),
  severityAssessment: z.enum(INCIDENT_SEVERITIES).optional(),
  impactAssessment: z.string().trim().max(20_000).optional(),
  threatType: z.string().trim().max(5_000).optional(),
  rootCause: z.string().trim().max(20_000).optional(),
  mitigationsApplied: z.string().trim().max(20_000).optional(),
  mitigationsOngoing: z.string().trim().max(20_000).optional(),
  crossBorderImpact: z.string().trim().max(5_000).optional(),
  indicatorsSummary: z.string().trim().max(20_000).optional(),
  /** The report brought up to date with this stage (confirmations, first assessment); else the last one stands. */
  report: IncidentReportSchema.optional(),
});
export type StageSubmissionBody = z.output<typeof StageSubmissionBodySchema>;

/**
 * `POST /:id/triage`: severity, assignee (null unassigns) and incident type. The state is NOT here:
 * it changes only through the explicit `POST /:id/transition`, so editing the severity can never
 * move the incident.
 */
export const TriageBodySchema = z
  .strictObject({ severity: z.enum(INCIDENT_SEVERITIES).optional(), assigneeUserId: z.uuid().nullable().optional(), incidentType: z.enum(INCIDENT_TYPES).optional() })
  .refine((body) => Object.keys(body).length > 0, 'The triage request changes nothing');

/** `POST /:id/intermediate-request`: the CERT asks for a Zwischenmeldung by a due time. */
export const IntermediateRequestBodySchema = z.strictObject({ dueAt: instant, note: z.string().trim().max(2_000).optional() });

/** Thread messages: TLP up to AMBER+STRICT (the thread's own audience); RED needs named people, which a thread between two organizations has not. */
export const MessageBodySchema = z
  .strictObject({ body: text(20_000), tlp: TlpInputSchema.default('amber+strict'), attachmentIds: z.array(z.uuid()).max(10).default([]) })
  .superRefine((message, ctx) => {
    if (message.tlp === 'red') ctx.addIssue({ code: 'custom', path: ['tlp'], message: 'A thread message is at most TLP:AMBER+STRICT (the incident audience)' });
  });

/**
 * Columns the incident list sorts by. `urgency` (the CERT queue's default: severity, then the
 * earliest open SLA timer or legal deadline) and `nextDue` are computed from the deadlines, so
 * those two sort a bounded set in memory; the others sort in SQL.
 */
export const INCIDENT_SORTS = ['urgency', 'created', 'reported', 'title', 'organization', 'severity', 'state', 'assignee', 'nextDue'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** `GET /api/v1/incidents` filters and sort. */
export const IncidentListQuerySchema = z.object({
  /** `cert`: the CERT queue (reported incidents, open ones unless `state` says otherwise). */
  queue: z.enum(['cert']).optional(),
  state: z.enum(TRIAGE_STATES).optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  /** `me`: assigned to the caller; `none`: unassigned; else a user id. */
  assignee: z
    .string()
    .refine((value) => value === 'me' || value === 'none' || z.uuid().safeParse(value).success, 'me, none or a user id')
    .optional(),
  /** Words in the title (case-insensitive). */
  q: z.string().trim().min(1).max(200).optional(),
  /** Default: `urgency` for the CERT queue, `created` otherwise. */
  sort: z.enum(INCIDENT_SORTS).optional(),
  /** Default: `desc` (`asc` for `urgency` and `nextDue`: the most urgent first). */
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});
export type IncidentListQuery = z.output<typeof IncidentListQuerySchema>;

export const IncidentIdParamsSchema = z.object({ id: z.uuid() });
export const StageParamsSchema = z.object({ id: z.uuid(), submissionId: z.uuid() });
export const MessageParamsSchema = z.object({ id: z.uuid(), messageId: z.uuid() });
export const AttachmentParamsSchema = z.object({ id: z.uuid(), attachmentId: z.uuid() });
export const AttachmentUploadQuerySchema = z.object({ filename: z.string().min(1).max(255) });
/** `lang` chooses the PDF's language; without it, the caller's own (profile) language. */
export const StageExportQuerySchema = z.object({ format: z.enum(['json', 'pdf']).default('json'), lang: z.enum(['de', 'en']).optional() });

/** `PUT /:id/stages/:submissionId/bsi-acknowledgement`: the BSI's Eingangsbestätigung of a submitted stage. */
export const StageAcknowledgementBodySchema = z.strictObject({
  /** The BSI's reference number as printed on the acknowledgement (letters, digits, `-/._ :#`). */
  bsiReference: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N} ./_:#-]*$/u, 'letters, digits and - / . _ : # only'),
  /** When the BSI acknowledged receipt (ISO 8601 with offset). */
  acknowledgedAt: z.iso.datetime({ offset: true }),
  note: z.string().trim().max(2_000).optional(),
});
export type StageAcknowledgementBody = z.infer<typeof StageAcknowledgementBodySchema>;

/** One chosen indicator of a package: whether it is meant for blocking, and the reason of an override when it is flagged. */
export const ShareItemSchema = z.strictObject({
  indicatorId: z.string().min(1).max(200),
  forBlocking: z.boolean().optional(),
  /** Required for an item flagged at the chosen TLP (audited); at least a sentence. */
  overrideReason: z.string().trim().min(10).max(1_000).optional(),
});

/** `POST /:id/share` and `/:id/share/preview`: a sanitized indicator package and/or an advisory draft. */
export const ShareBodySchema = z
  .strictObject({
    /** Overrides the automatic anonymized description of the reporter ("ein Energieversorger"). */
    reporterLabel: z.string().trim().min(1).max(200).optional(),
    package: z
      .strictObject({
        items: z
          .array(ShareItemSchema)
          .min(1)
          .max(1000)
          .refine((items) => new Set(items.map((item) => item.indicatorId)).size === items.length, 'each indicator once'),
        tlp: TlpInputSchema,
        audience: AudienceSchema.default({ organizations: [], sharingGroups: [], users: [] }),
        name: z.string().trim().min(1).max(300).optional(),
        description: z.string().trim().max(20_000).optional(),
      })
      .superRefine((pkg, ctx) => {
        for (const problem of audienceProblems(pkg.tlp, pkg.audience)) ctx.addIssue({ code: 'custom', path: ['audience', ...problem.path], message: problem.message });
      })
      .optional(),
    advisory: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((body) => body.package !== undefined || body.advisory !== undefined, 'Share an indicator package, an advisory, or both');
export type ShareBody = z.output<typeof ShareBodySchema>;

/** `GET /:id/share/check?tlp=`: the TLP the dialog checks for (GREEN, the community, by default). */
export const ShareCheckQuerySchema = z.object({ tlp: TlpInputSchema.default('green') });

/** `POST /:id/transition`: an explicit state change; closing needs a closing note (CERT-internal). */
export const TransitionBodySchema = z
  .strictObject({ to: z.enum(TRIAGE_STATES), note: z.string().trim().min(1).max(5_000).optional() })
  .superRefine((body, ctx) => {
    if (body.to === 'closed' && (body.note === undefined || body.note.length < 10)) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Closing needs a closing note of at least 10 characters' });
  });

/** `POST /:id/notes`: a CERT-internal note. */
export const NoteBodySchema = z.strictObject({ body: text(20_000) });

/** `POST /:id/tasks`: an analyst's own task. `PATCH /:id/tasks/:taskId`: done or not. */
export const TaskBodySchema = z.strictObject({ title: text(300) });
export const TaskPatchBodySchema = z.strictObject({ done: z.boolean() });
export const TaskParamsSchema = z.object({ id: z.uuid(), taskId: z.uuid() });
