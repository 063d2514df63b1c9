/**
 * Response shapes of the "affects you" routes, for the OpenAPI document (and the client's generated
 * types). They describe what affects-you.service.ts returns; the service stays the source.
 */
import { AcknowledgementSchema } from '../acknowledgements/acknowledgements.responses.js';
import { AdvisorySummaryDtoSchema } from '../advisories/advisories.presenter.js';
import { z } from '../platform/http/openapi-zod.js';

const Certainty = z.enum(['confirmed', 'possible']);

export const AffectedOrganizationSchema = z
  .object({
    organizationId: z.uuid(),
    organizationName: z.string(),
    certainty: Certainty.describe('confirmed when some asset’s version lies in a stated range, else possible'),
    reasons: z.array(z.object({ assetId: z.uuid(), certainty: Certainty, de: z.string(), en: z.string() })),
    dueAt: z.string().nullable(),
    acknowledgement: AcknowledgementSchema.nullable(),
  })
  .openapi('AffectedOrganization');

export const AffectedForCallerSchema = z.object({ advisoryId: z.uuid(), organizations: z.array(AffectedOrganizationSchema) }).openapi('AffectedForCaller');

export const AdvisoryBriefSchema = z
  .object({
    id: z.uuid(),
    tlp: z.string(),
    severity: z.string(),
    urgency: z.string(),
    title: z.string(),
    whatHappened: z.string(),
    whoIsAffected: z.array(z.string()),
    youAreAffected: z.boolean(),
    yourReasons: z.array(z.string()),
    whatToDo: z.string().describe('The brief\'s section "Was ist zu tun?": the recommended actions as Markdown'),
    dueBy: z.string(),
    deadlineHours: z.number(),
    cves: z.array(z.string()),
    references: z.array(z.string()),
  })
  .openapi('AdvisoryBrief');

export const DashboardSchema = z
  .object({
    affectingUs: z.array(z.object({ advisory: AdvisorySummaryDtoSchema, organizations: z.array(AffectedOrganizationSchema), dueAt: z.string().nullable(), overdue: z.boolean() })),
    latest: z.array(AdvisorySummaryDtoSchema),
  })
  .openapi('Dashboard');
