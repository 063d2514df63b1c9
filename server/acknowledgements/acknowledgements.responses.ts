/** Response shapes of the acknowledgement routes, for the OpenAPI document (and the client's generated types). */
import { z } from '../platform/http/openapi-zod.js';
import { ADVISORY_STATUSES } from '../advisories/advisories.schemas.js';
import { ACK_STATUSES } from './acknowledgements.table.js';

/** presentAck: one answer of an organization to an advisory. */
export const AcknowledgementSchema = z
  .object({ id: z.number().int(), organizationId: z.uuid(), status: z.enum(ACK_STATUSES), comment: z.string().nullable(), at: z.string(), by: z.string().nullable() })
  .openapi('Acknowledgement');

const CoverageTotalsShape = {
  affected: z.number().int().describe('Organizations the advisory still matches'),
  acknowledged: z.number().int(),
  mitigated: z.number().int(),
  inProgress: z.number().int(),
  notAffected: z.number().int(),
  confirmedAffected: z.number().int(),
  open: z.number().int().describe('Without an answer'),
  overdue: z.number().int().describe('Without an answer past the deadline'),
};
const CoverageTotalsSchema = z.object(CoverageTotalsShape).openapi('CoverageTotals');

const CoverageAdvisorySchema = z.object({
  id: z.uuid(),
  title: z.object({ de: z.string(), en: z.string().optional() }),
  severity: z.string(),
  tlp: z.string(),
  status: z.enum(ADVISORY_STATUSES),
  version: z.number().int(),
  publishedAt: z.string().nullable(),
});

/** coverage.service.ts advisoryCoverage: who is affected, who answered, who is overdue, by district. */
export const AdvisoryCoverageSchema = z
  .object({
    advisory: CoverageAdvisorySchema,
    deadlineHours: z.number().describe('Hours after the first match an answer is due (by severity)'),
    totals: CoverageTotalsSchema,
    organizations: z.array(
      z.object({
        organizationId: z.uuid(),
        organizationName: z.string(),
        district: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        matched: z.boolean().describe('Whether the advisory still matches the organization (false: it answered without a current match)'),
        reasons: z.array(z.object({ de: z.string(), en: z.string() })),
        firstMatchedAt: z.string().nullable(),
        dueAt: z.string().nullable(),
        acknowledgement: z.union([AcknowledgementSchema, z.null()]),
        readers: z.number().int(),
        firstReadAt: z.string().nullable(),
        overdue: z.boolean(),
      }),
    ),
    progress: z.array(z.object({ at: z.string(), acknowledged: z.number().int() })).describe('Acknowledged organizations over time, from publication'),
    districts: z.array(z.object({ id: z.uuid().nullable(), name: z.string(), ...CoverageTotalsShape })),
  })
  .openapi('AdvisoryCoverage');

/** coverage.service.ts coverageOverview: the totals per advisory, newest published first. */
export const CoverageOverviewSchema = z
  .object({ items: z.array(z.object({ advisory: CoverageAdvisorySchema, deadlineHours: z.number(), totals: CoverageTotalsSchema })) })
  .openapi('CoverageOverview');
