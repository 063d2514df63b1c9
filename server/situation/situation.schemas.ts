/** Request and response shapes of the situation picture and the threat level (isomorphic: zod only). */
import { z } from '../platform/http/openapi-zod.js';

export const THREAT_LEVELS = [1, 2, 3, 4] as const;
export type ThreatLevel = (typeof THREAT_LEVELS)[number];

const Localized = z.object({ de: z.string(), en: z.string().optional() });

/** `PUT /api/v1/situation/level`. */
export const SetLevelBodySchema = z.strictObject({
  level: z.number().int().min(1).max(4),
  reason: z.strictObject({
    de: z.string().trim().min(3, 'Bitte begründen Sie die Lagestufe (mindestens 3 Zeichen).').max(2_000),
    en: z.string().trim().min(1).max(2_000).optional(),
  }),
});
export type SetLevelBody = z.infer<typeof SetLevelBodySchema>;

/** The threat level as the API, the header and the live event carry it. */
export const ThreatLevelSchema = z
  .object({
    id: z.uuid().nullable(),
    level: z.number().int().min(1).max(4),
    label: Localized,
    description: Localized,
    reason: Localized.nullable(),
    setAt: z.string().nullable(),
    setBy: z.object({ id: z.uuid().nullable(), name: z.string() }).nullable(),
  })
  .openapi('ThreatLevel');
export type ThreatLevelDto = z.infer<typeof ThreatLevelSchema>;

export const ThreatLevelHistorySchema = z.object({ items: z.array(ThreatLevelSchema), next: z.null() }).openapi('ThreatLevelHistory');
export const LevelHistoryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const Instant = z.object({ utc: z.string(), berlin: z.string(), label: z.string() });
const AdvisoryBrief = z.looseObject({ id: z.uuid(), title: Localized, severity: z.string(), tlp: z.string(), publishedAt: z.string().nullable() });

const Exposure = z.object({
  advisory: z.object({ id: z.uuid(), title: Localized, severity: z.string() }),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  answered: z.boolean(),
  status: z.string().nullable(),
});

const OpenIncident = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  sector: z.string().nullable(),
  district: z.string().nullable(),
  triageState: z.string(),
  severity: z.string().nullable(),
  reported: Instant.nullable(),
  next: z.object({ stage: z.string(), due: Instant, overdue: z.boolean() }).nullable(),
});

const DistrictTile = z.object({
  key: z.string(),
  name: z.string(),
  short: z.string(),
  kind: z.enum(['landkreis', 'kreisfreie_stadt']),
  col: z.number().int(),
  row: z.number().int(),
  organizations: z.number().int(),
  openExposures: z.number().int(),
  unanswered: z.number().int(),
  overdue: z.number().int(),
  openIncidents: z.number().int(),
});

const Notification = z.object({ id: z.uuid(), eventType: z.string(), advisoryId: z.string().nullable(), kind: z.string().nullable(), title: Localized.nullable(), at: z.string(), read: z.boolean() });

/** `GET /api/v1/situation`: the sections present depend on the caller's role (absent = not for you). */
export const SituationSchema = z
  .object({
    generatedAt: z.string(),
    role: z.enum(['cert', 'district', 'reporter', 'organization']),
    level: ThreatLevelSchema,
    latestAdvisories: z.array(AdvisoryBrief),
    affectingUs: z.array(z.object({ advisory: AdvisoryBrief, organizations: z.array(z.object({ organizationId: z.uuid(), organizationName: z.string() }).loose()), dueAt: z.string().nullable(), overdue: z.boolean() })),
    notifications: z.object({ unread: z.number().int(), items: z.array(Notification) }),
    charts: z.object({
      advisoriesPerWeek: z.array(z.object({ week: z.string(), kritisch: z.number().int(), hoch: z.number().int(), mittel: z.number().int(), niedrig: z.number().int() })),
      incidentsPerMonth: z.array(z.object({ month: z.string(), bySector: z.record(z.string(), z.number().int()), total: z.number().int() })).optional(),
      medianAcknowledgeHours: z.array(z.object({ month: z.string(), hours: z.number().nullable(), answers: z.number().int() })).optional(),
    }),
    incidents: z.array(OpenIncident).optional(),
    criticalAdvisories: z
      .array(z.object({ advisory: AdvisoryBrief, affected: z.number().int(), acknowledged: z.number().int(), open: z.number().int(), overdue: z.number().int() }))
      .optional(),
    unanswered: z.array(Exposure).optional(),
    intake: z.object({ date: z.string(), newItems: z.number().int(), newKev: z.number().int(), highEpss: z.number().int() }).optional(),
    feedHealth: z
      .array(z.object({ id: z.uuid(), name: z.string(), type: z.string(), enabled: z.boolean(), lastStatus: z.string().nullable(), lastRunAt: z.string().nullable(), lastSuccessAt: z.string().nullable(), failing: z.boolean() }))
      .optional(),
    districts: z.array(DistrictTile).optional(),
    municipalities: z
      .array(z.object({ id: z.uuid(), name: z.string(), districtName: z.string(), openExposures: z.number().int(), unanswered: z.number().int(), overdue: z.number().int(), exposures: z.array(Exposure) }))
      .optional(),
  })
  .openapi('Situation');
export type SituationDto = z.infer<typeof SituationSchema>;
