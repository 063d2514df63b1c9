/**
 * The advisory as the API takes and gives it (DESIGN.md "An advisory as the API takes it").
 * Input schemas normalize (canonical CVE ids, CVSS vectors in specification order, CPE 2.3
 * formatted strings), and their output is again valid input, so a stored advisory re-validates
 * unchanged when a PATCH is merged into it.
 */
import { z } from '../platform/http/openapi-zod.js';
import { AudienceSchema, audienceProblems } from '../access/audience.js';
import { TlpInputSchema } from '../access/tlp.js';
import { BsiSeveritySchema } from '../vulnerabilities/bsi-severity.js';
import { CveIdSchema } from '../vulnerabilities/cve-id.js';
import { CvssVectorSchema } from '../vulnerabilities/cvss.js';
import { CpeSchema, formatCpe23 } from '../products/cpe.js';
import { VersionRangeSchema } from '../products/version-range.js';

/** Lifecycle: draft → published → revised (each new revision) → withdrawn. */
export const ADVISORY_STATUSES = ['draft', 'published', 'revised', 'withdrawn'] as const;
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/** PAP 2.0 (Permissible Actions Protocol) labels: what recipients may do with the information. */
export const PAP_LEVELS = ['clear', 'green', 'amber', 'red'] as const;
export type PapLevel = (typeof PAP_LEVELS)[number];

function localized(maxLength: number) {
  const text = z.string().trim().min(1).max(maxLength);
  return z.strictObject({ de: text, en: text.optional() });
}

const PapInputSchema = z.string().transform((value, ctx): PapLevel => {
  const normalized = value.trim().toLowerCase().replace(/^pap:/, '').replace('white', 'clear');
  const level = PAP_LEVELS.find((candidate) => candidate === normalized);
  if (level) return level;
  ctx.addIssue({ code: 'custom', message: 'Expected one of PAP:CLEAR, PAP:GREEN, PAP:AMBER, PAP:RED' });
  return z.NEVER;
});

const HttpsUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'Expected an https:// URL');

const ProductSchema = z.strictObject({
  vendor: z.string().trim().min(1).max(200),
  product: z.string().trim().min(1).max(200),
  versions: z.array(VersionRangeSchema).max(50).default([]),
  cpe: CpeSchema.transform(formatCpe23).optional(),
});

/** Every field of an advisory's content; `superRefine` checks the audience against the label. */
const AdvisoryContentShape = {
  title: localized(300),
  summary: localized(5_000),
  body: localized(200_000),
  severity: BsiSeveritySchema,
  cvss: z
    .array(CvssVectorSchema.transform((parsed) => parsed.vector))
    .max(10)
    .default([]),
  cves: z
    .array(CveIdSchema)
    .max(500)
    .default([])
    .transform((ids) => [...new Set(ids)]),
  products: z.array(ProductSchema).max(500).default([]),
  recommendations: localized(50_000).optional(),
  references: z.array(HttpsUrlSchema).max(200).default([]),
  tlp: TlpInputSchema,
  pap: PapInputSchema.optional(),
  audience: AudienceSchema.default({ organizations: [], sharingGroups: [], users: [] }),
  /** `own` for the CERT's own advisories, otherwise the feed or source it was promoted from. */
  source: z.string().trim().min(1).max(200).default('own'),
};

/** A complete advisory (create body; also what is stored per revision). */
export const AdvisoryContentSchema = z.strictObject(AdvisoryContentShape).superRefine((content, ctx) => {
  for (const problem of audienceProblems(content.tlp, content.audience)) {
    ctx.addIssue({ code: 'custom', path: ['audience', ...problem.path], message: problem.message });
  }
});
export type AdvisoryContent = z.output<typeof AdvisoryContentSchema>;

/** A PATCH: any subset of the fields; merged into the current content and validated as a whole. */
export const AdvisoryPatchSchema = z
  .strictObject(AdvisoryContentShape)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'The patch changes nothing');
export type AdvisoryPatch = z.input<typeof AdvisoryPatchSchema>;

export const AdvisoryIdParamsSchema = z.object({ id: z.uuid() });
export const AdvisoryVersionParamsSchema = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });

export const WithdrawBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2_000).optional() });

/** `GET /api/v1/advisories` filters. */
export const AdvisoryListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
  severity: BsiSeveritySchema.optional(),
  cve: CveIdSchema.optional(),
  vendor: z.string().trim().min(1).max(200).optional(),
  product: z.string().trim().min(1).max(200).optional(),
  tlp: TlpInputSchema.optional(),
  source: z.string().trim().min(1).max(200).optional(),
  status: z.enum(ADVISORY_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export type AdvisoryListQuery = z.output<typeof AdvisoryListQuerySchema>;

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(500),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

export const DiffQuerySchema = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
