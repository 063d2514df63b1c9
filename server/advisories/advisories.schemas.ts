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
import { safeParsePurl } from '../products/purl.js';
import { VERSION_SCHEMES } from '../products/scheme-names.js';
import { CpeSchema, formatCpe23 } from '../products/cpe.js';
import { VersionRangeSchema } from '../products/version-range.js';

/** Lifecycle: draft → published → revised (each new revision) → withdrawn. */
export const ADVISORY_STATUSES = ['draft', 'published', 'revised', 'withdrawn'] as const;
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/** PAP 2.0 (Permissible Actions Protocol) labels: what recipients may do with the information. */
export const PAP_LEVELS = ['clear', 'green', 'amber', 'red'] as const;
export type PapLevel = (typeof PAP_LEVELS)[number];

/**
 * A text in German and English. German is the advisory's first language and needed to publish
 * (`germanTextProblems`); a draft may hold only the English text (`de` empty), as a draft promoted
 * from an English source does until the analyst writes the German version.
 */
function localized(maxLength: number) {
  const text = z.string().trim().min(1).max(maxLength);
  return z
    .strictObject({ de: z.string().trim().max(maxLength).default(''), en: text.optional() })
    .refine((value) => value.de !== '' || value.en !== undefined, { path: ['de'], message: 'Give the text in German (or, in a draft, at least in English)' });
}

/** The German texts an advisory still lacks: publishing needs each of them. */
export function germanTextProblems(content: { title: { de: string }; summary: { de: string }; body: { de: string }; recommendations?: { de: string } | undefined }): { path: string; message: string }[] {
  const fields = ['title', 'summary', 'body', 'recommendations'] as const;
  return fields.filter((field) => content[field] !== undefined && content[field].de === '').map((field) => ({ path: `${field}.de`, message: 'The German text is still to be written: publishing needs it' }));
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
  /** Package URL without or with version (pkg:rpm/redhat/openssl); its type decides how versions compare. */
  purl: z.string().trim().max(2000).refine((text) => safeParsePurl(text) !== undefined, 'Expected a package URL such as pkg:rpm/redhat/openssl').optional(),
  /** Version scheme of the ranges (rpm, deb, semver, maven, pypi …); from the purl when absent. */
  scheme: z.enum(VERSION_SCHEMES).optional(),
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

/**
 * A localized field in a PATCH: any subset of the languages; `en: null` removes the English text.
 * `de` may be emptied (`""`) in a draft that keeps its English text; the merged advisory is validated
 * as a whole (a text needs one language), and a published advisory's revision keeps its German.
 */
function localizedPatch(maxLength: number) {
  const text = z.string().trim().min(1).max(maxLength);
  return z.strictObject({ de: z.string().trim().max(maxLength).optional(), en: text.nullable().optional() });
}

/**
 * A PATCH: any subset of the fields, merged into the current content and validated as a whole.
 * Localized fields merge per language (`{"body":{"de":…}}` keeps `body.en`); the optional
 * recommendations are removed with `"recommendations": null`.
 */
export const AdvisoryPatchSchema = z
  .strictObject({
    ...AdvisoryContentShape,
    title: localizedPatch(300),
    summary: localizedPatch(5_000),
    body: localizedPatch(200_000),
    recommendations: localizedPatch(50_000).nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'The patch changes nothing');
export type AdvisoryPatch = Partial<z.output<typeof AdvisoryPatchSchema>>;

export const AdvisoryIdParamsSchema = z.object({ id: z.uuid() });
export const AdvisoryVersionParamsSchema = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });

/** What changed in a revision and why: German required, English optional (blank English is dropped). */
export const ChangeNoteSchema = z
  .strictObject({
    de: z.string().trim().min(1).max(2_000),
    en: z.string().trim().max(2_000).optional().transform((en) => (en ? en : undefined)),
  })
  .openapi('ChangeNote');
export type ChangeNote = z.output<typeof ChangeNoteSchema>;

/** `POST /:id/publish`: a revision (version 2 on) needs a change note; a first publication takes none. */
export const PublishBodySchema = z.strictObject({ changeNote: ChangeNoteSchema.optional() });

export const WithdrawBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2_000).optional() });

/** The columns the advisory list sorts by. */
export const ADVISORY_SORTS = ['created', 'date', 'severity'] as const;
export type AdvisorySort = (typeof ADVISORY_SORTS)[number];

/** `GET /api/v1/advisories` filters. */
export const AdvisoryListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
  /** Words in title, summary or text (German or English, the full-text index of the search). */
  q: z.string().trim().min(1).max(500).optional(),
  severity: BsiSeveritySchema.optional(),
  cve: CveIdSchema.optional(),
  vendor: z.string().trim().min(1).max(200).optional(),
  product: z.string().trim().min(1).max(200).optional(),
  tlp: TlpInputSchema.optional(),
  source: z.string().trim().min(1).max(200).optional(),
  status: z.enum(ADVISORY_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Sort column (server-side, keyset-paged on the column and the id): created (default), date (published, else created) or severity. */
  sort: z.enum(ADVISORY_SORTS).default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type AdvisoryListQuery = z.output<typeof AdvisoryListQuerySchema>;

export const SearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(500),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

export const DiffQuerySchema = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
