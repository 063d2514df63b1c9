/** Request and response shapes of the weekly Lagebericht (isomorphic: zod only). */
import { REPORT_TLPS } from '../access/situation.js';
import { z } from '../platform/http/openapi-zod.js';

const Localized = z.object({ de: z.string(), en: z.string().optional() });
const MAX_PERIOD_DAYS = 92;

/** `POST /api/v1/situation-reports`: the period and the label the report will carry. */
export const CreateReportBodySchema = z
  .strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), tlp: z.enum(REPORT_TLPS) })
  .refine((body) => Date.parse(body.from) < Date.parse(body.to), { path: ['to'], message: 'Das Ende des Zeitraums muss nach seinem Beginn liegen.' })
  .refine((body) => Date.parse(body.to) - Date.parse(body.from) <= MAX_PERIOD_DAYS * 86_400_000, { path: ['to'], message: `Ein Lagebericht umfasst höchstens ${MAX_PERIOD_DAYS} Tage.` });
export type CreateReportBody = z.infer<typeof CreateReportBodySchema>;

const SectionText = z.strictObject({ de: z.string().trim().max(20_000), en: z.string().trim().max(20_000).optional() });

/** The CERT's own sections, edited until publication. */
export const ReportSectionsSchema = z.strictObject({ assessment: SectionText, recommendations: SectionText });
export type ReportSections = z.infer<typeof ReportSectionsSchema>;

/** `PATCH /api/v1/situation-reports/:id`. */
export const UpdateReportBodySchema = z.strictObject({ sections: ReportSectionsSchema });

export const ReportIdParamsSchema = z.object({ id: z.uuid() });
export const ReportPdfQuerySchema = z.object({ lang: z.enum(['de', 'en']).default('de') });

const ReporterText = z.object({ de: z.string(), en: z.string() });

/** What the report says, drafted from the data of its period and anonymized to its label. */
export const ReportContentSchema = z
  .object({
    levels: z.object({
      atStart: z.object({ level: z.number().int(), label: Localized }),
      changes: z.array(z.object({ level: z.number().int(), label: Localized, reason: Localized.nullable(), setAt: z.string() })),
    }),
    advisories: z.array(
      z.object({ id: z.uuid(), title: Localized, severity: z.string(), tlp: z.string(), publishedAt: z.string(), cves: z.array(z.string()), affected: z.number().int(), acknowledged: z.number().int() }),
    ),
    /** AMBER reports only: how many advisories of the period went to single recipients (never their content). */
    restrictedAdvisories: z.number().int(),
    incidents: z.object({
      total: z.number().int(),
      /** Per sector or kind: "1 × ein Energieversorger". */
      byReporter: z.array(z.object({ reporter: ReporterText, count: z.number().int() })),
      /** GREEN and AMBER: one line per incident, never the organization's name; AMBER adds the district and severity. */
      items: z.array(z.object({ reporter: ReporterText, district: z.string().nullable(), severity: z.string().nullable(), reportedAt: z.string() })),
    }),
    kev: z.array(z.object({ cves: z.array(z.string()), title: z.string(), published: z.string().nullable() })),
    intake: z.object({ items: z.number().int(), kev: z.number().int(), highEpss: z.number().int(), bySource: z.array(z.object({ name: z.string(), count: z.number().int() })) }),
  })
  .openapi('SituationReportContent');
export type ReportContent = z.infer<typeof ReportContentSchema>;

export const SituationReportSchema = z
  .object({
    id: z.uuid(),
    title: Localized,
    period: z.object({ from: z.string(), to: z.string() }),
    tlp: z.enum(REPORT_TLPS),
    status: z.enum(['draft', 'published']),
    content: ReportContentSchema,
    sections: ReportSectionsSchema,
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
  })
  .openapi('SituationReport');
export type SituationReportDto = z.infer<typeof SituationReportSchema>;

export const SituationReportListSchema = z
  .object({ items: z.array(SituationReportSchema.omit({ content: true, sections: true })), next: z.string().nullable() })
  .openapi('SituationReportList');
export const ReportListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25) });
