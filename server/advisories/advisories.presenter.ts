/**
 * Row → DTO. The same output is the REST response and the outbox payload (one serialization path).
 * STIX output lives in `advisories.stix.ts`.
 */
import { z } from '../platform/http/openapi-zod.js';
import { canEdit, canExport, canPublish, canViewPendingRevision } from '../access/policy.js';
import { tlpLabel } from '../access/tlp.js';
import type { Principal } from '../auth/principal.js';
import { parseCvssVector } from '../vulnerabilities/cvss.js';
import { escapeHtml, renderMarkdown } from './advisories.markdown.js';
import { accessObjectOf, pendingAccessObjectOf } from './advisories.policy.js';
import { HEADLINE_END, HEADLINE_START, type AdvisorySearchHit } from './advisories.repo.js';
import type { AdvisoryContent } from './advisories.schemas.js';
import type { AdvisoryRevisionRow, AdvisoryRow } from './advisories.table.js';

const LocalizedDto = z.object({ de: z.string(), en: z.string().optional() });

/** An affected-version range (VersionRange in products/version-range.ts): exactly one shape is set. */
export const VersionRangeDto = z
  .object({ from: z.string().optional(), fromInclusive: z.boolean().optional(), below: z.string().optional(), upTo: z.string().optional(), exact: z.string().optional(), all: z.literal(true).optional() })
  .openapi('VersionRange', { description: '`{ all: true }`, `{ exact }`, or an interval: `from` (inclusive unless `fromInclusive: false`) and/or `below` (exclusive) or `upTo` (inclusive)' });

/** The content fields every advisory representation shares. */
const ContentDtoShape = {
  title: LocalizedDto,
  summary: LocalizedDto,
  severity: z.string(),
  cvss: z.array(z.object({ vector: z.string(), version: z.string(), baseScore: z.number(), severity: z.string() })),
  cves: z.array(z.string()),
  products: z.array(z.object({ vendor: z.string(), product: z.string(), versions: z.array(VersionRangeDto), cpe: z.string().optional() })),
  references: z.array(z.string()),
  tlp: z.string(),
  pap: z.string().nullable(),
  audience: z.object({ organizations: z.array(z.string()), sharingGroups: z.array(z.string()), users: z.array(z.string()) }),
  source: z.string(),
};

export const AdvisorySummaryDtoSchema = z
  .object({ id: z.uuid(), status: z.string(), version: z.number().int(), ...ContentDtoShape, createdAt: z.string(), updatedAt: z.string(), publishedAt: z.string().nullable(), withdrawnAt: z.string().nullable() })
  .openapi('AdvisorySummary');

const BodyDtoShape = { body: LocalizedDto, bodyHtml: LocalizedDto, recommendations: LocalizedDto.optional(), recommendationsHtml: LocalizedDto.optional() };

export const AdvisoryDtoSchema = AdvisorySummaryDtoSchema.extend({
  ...BodyDtoShape,
  authorOrganizationId: z.string().nullable(),
  authorUserId: z.string().nullable(),
  pendingRevision: z.object({ ...ContentDtoShape, ...BodyDtoShape }).nullable().describe('The unpublished edit of a published advisory, for those who may edit it'),
  abilities: z.object({ edit: z.boolean(), publish: z.boolean(), export: z.boolean() }),
}).openapi('Advisory');

export const AdvisoryRevisionDtoSchema = z
  .object({ advisoryId: z.uuid(), version: z.number().int(), publishedAt: z.string(), ...ContentDtoShape, ...BodyDtoShape })
  .openapi('AdvisoryRevision');

export const SearchHitDtoSchema = z
  .object({ type: z.literal('advisory'), id: z.uuid(), title: LocalizedDto, severity: z.string(), tlp: z.string(), status: z.string(), rank: z.number(), snippet: z.string() })
  .openapi('SearchHit');

export type AdvisoryDto = z.infer<typeof AdvisoryDtoSchema>;

function presentContent(content: AdvisoryContent) {
  return {
    title: content.title,
    summary: content.summary,
    severity: content.severity,
    cvss: content.cvss.map((vector) => {
      const parsed = parseCvssVector(vector);
      return { vector: parsed.vector, version: parsed.version, baseScore: parsed.baseScore, severity: parsed.severity };
    }),
    cves: content.cves,
    products: content.products.map((product) => ({ ...product, versions: product.versions.map((range) => ({ ...range })) })),
    references: content.references,
    tlp: tlpLabel(content.tlp),
    pap: content.pap ? `PAP:${content.pap.toUpperCase()}` : null,
    audience: content.audience,
    source: content.source,
  };
}

function presentBody(content: AdvisoryContent) {
  return {
    body: content.body,
    bodyHtml: { de: renderMarkdown(content.body.de), ...(content.body.en ? { en: renderMarkdown(content.body.en) } : {}) },
    ...(content.recommendations
      ? {
          recommendations: content.recommendations,
          // Rendered and sanitized here like the body, so the browser never parses raw author HTML.
          recommendationsHtml: { de: renderMarkdown(content.recommendations.de), ...(content.recommendations.en ? { en: renderMarkdown(content.recommendations.en) } : {}) },
        }
      : {}),
  };
}

/** A list item: content without the body. */
export function presentAdvisorySummary(row: AdvisoryRow) {
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    ...presentContent(row.content),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}

/**
 * The full advisory for a principal who may see it, with the sanitized HTML body and the policy's
 * abilities. A prepared revision is shown only to those who may edit the advisory and see the
 * revision as what it would become (access/ `canViewPendingRevision`); whoever may not see it may
 * neither edit nor publish.
 */
export function presentAdvisory(row: AdvisoryRow, principal: Principal): AdvisoryDto {
  const object = accessObjectOf(row);
  const revision = pendingAccessObjectOf(row);
  const seesRevision = revision === null || canViewPendingRevision(principal, object, revision);
  const edit = canEdit(principal, object) && seesRevision;
  return {
    ...presentAdvisorySummary(row),
    ...presentBody(row.content),
    authorOrganizationId: row.authorOrganizationId,
    authorUserId: row.authorUserId,
    pendingRevision: edit && row.pending ? { ...presentContent(row.pending), ...presentBody(row.pending) } : null,
    abilities: { edit, publish: canPublish(principal, object) && seesRevision, export: canExport(principal, object) },
  };
}

/** One published revision. */
export function presentRevision(row: AdvisoryRevisionRow) {
  return { advisoryId: row.advisoryId, version: row.version, publishedAt: row.publishedAt.toISOString(), ...presentContent(row.content), ...presentBody(row.content) };
}

/** A search hit with an HTML-safe snippet: the text is escaped, then the match markers become <mark>. */
export function presentSearchHit(hit: AdvisorySearchHit) {
  const snippet = escapeHtml(hit.headline).replaceAll(HEADLINE_START, '<mark>').replaceAll(HEADLINE_END, '</mark>');
  const { advisory } = hit;
  return { type: 'advisory' as const, id: advisory.id, title: advisory.title, severity: advisory.severity, tlp: tlpLabel(advisory.tlp), status: advisory.status, rank: hit.rank, snippet };
}

/** The outbox payload: the advisory as everyone entitled to it sees it (no per-principal abilities). */
export function presentAdvisoryForEvent(row: AdvisoryRow): Record<string, unknown> {
  return { ...presentAdvisorySummary(row), ...presentBody(row.content), authorOrganizationId: row.authorOrganizationId, authorUserId: row.authorUserId };
}
