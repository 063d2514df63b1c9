/**
 * Sanitize and share: the CERT turns an incident into an indicator package and/or a community
 * advisory draft (through the advisories slice's create use case; the CERT publishes it there),
 * naming the reporter only as "eine Thüringer Kommune" / "ein Energieversorger". The link from the
 * shared objects back to the incident is kept in `incident_shares`, which only the CERT reads.
 */
import { eq } from 'drizzle-orm';
import { isMoreRestrictive, tlpLabel } from '../../access/tlp.js';
import { hasCapability, requireUser } from '../../auth/principal.js';
import { recordAudit } from '../../audit/record-audit.js';
import { createAdvisory } from '../../advisories/advisories.service.js';
import { AdvisoryContentSchema } from '../../advisories/advisories.schemas.js';
import { anonymizedLabel, createIndicatorPackage, listIncidentIndicatorRows, scrubName } from '../../indicators/index.js';
import { AppError } from '../../platform/errors.js';
import { parseOrThrow } from '../../platform/http/validate.js';
import { assertCertTriager, assertReported, auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import type { ShareBody } from '../incidents.schemas.js';
import { incidentShares } from '../incidents.table.js';
import { loadVisibleIncident, organizationOf } from './load.js';

function scrubDeep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, scrub)]));
  return value;
}

/**
 * Shares an incident's lessons. Indicators whose own TLP is stricter than the package's need
 * `tlp:downgrade` (the reporter's label is a promise the CERT keeps).
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT | TLP_DOWNGRADE_NOT_ALLOWED
 */
export async function shareIncident(ctx: IncidentUseCaseContext, id: string, body: ShareBody) {
  const user = requireUser(ctx.principal);
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  assertCertTriager(ctx.principal);
  assertReported(row);
  const organization = await organizationOf(ctx.db, row.reportingOrganizationId);
  const label = body.reporterLabel ?? anonymizedLabel(organization);
  const scrub = (text: string) => scrubName(text, [organization.name, organization.shortName], label);
  const certOrganizationId = user.memberships.find((membership) => membership.organizationKind === 'cert')?.organizationId ?? null;
  const advisoryContent = body.advisory ? parseOrThrow(AdvisoryContentSchema, scrubDeep(body.advisory, scrub), 'body', 'UNPROCESSABLE_CONTENT') : undefined;
  const advisory = advisoryContent ? await createAdvisory({ db: ctx.db, principal: ctx.principal, ip: ctx.ip }, advisoryContent) : undefined;
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    let indicatorPackage: Awaited<ReturnType<typeof createIndicatorPackage>> | undefined;
    if (body.package) {
      const pkg = body.package;
      const available = new Map((await listIncidentIndicatorRows(tx, id)).map((indicator) => [indicator.stixId, indicator]));
      const chosen = pkg.indicatorIds.map((indicatorId, index) => {
        const indicator = available.get(indicatorId);
        if (!indicator) throw new AppError('UNPROCESSABLE_CONTENT', 'Share indicators of this incident.', [{ path: `package.indicatorIds.${index}`, message: 'not an indicator of this incident' }]);
        if (isMoreRestrictive(indicator.tlp, pkg.tlp) && !hasCapability(ctx.principal, 'tlp:downgrade')) {
          throw new AppError('TLP_DOWNGRADE_NOT_ALLOWED', `Indicator ${indicatorId} is TLP:${tlpLabel(indicator.tlp)}; sharing it as TLP:${tlpLabel(pkg.tlp)} needs tlp:downgrade.`);
        }
        return { observableType: indicator.valueType as 'ipv4', value: indicator.value! };
      });
      indicatorPackage = await createIndicatorPackage(
        tx,
        user,
        {
          indicators: chosen,
          tlp: pkg.tlp,
          audience: pkg.audience,
          name: scrub(pkg.name ?? `Indikatoren eines Vorfalls bei ${label}`),
          description: scrub(pkg.description ?? `Von CERT-Thüringen geteilte Indikatoren aus einem Vorfall bei ${label}.`),
          certOrganizationId,
        },
        now,
      );
      await tx.insert(incidentShares).values({ incidentId: id, kind: 'indicator-package', targetId: indicatorPackage.id, reporterLabel: label, sharedBy: user.userId, createdAt: now });
    }
    if (advisory) await tx.insert(incidentShares).values({ incidentId: id, kind: 'advisory', targetId: advisory.id, reporterLabel: label, sharedBy: user.userId, createdAt: now });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), {
      action: 'incident.shared',
      objectType: 'incident',
      objectId: id,
      tlp: body.package?.tlp ?? advisoryContent?.tlp ?? null,
      details: { packageId: indicatorPackage?.id ?? null, advisoryId: advisory?.id ?? null, reporterLabel: label },
    });
    return { reporterLabel: label, package: indicatorPackage ?? null, advisory: advisory ?? null };
  });
}

/** The shares of an incident (links to the shared objects): the CERT only. @throws AppError NOT_FOUND | FORBIDDEN */
export async function listIncidentShares(ctx: IncidentUseCaseContext, id: string) {
  await loadVisibleIncident(ctx.db, ctx.principal, id);
  assertCertTriager(ctx.principal);
  const rows = await ctx.db.select().from(incidentShares).where(eq(incidentShares.incidentId, id));
  return { items: rows.map((share) => ({ id: share.id, kind: share.kind, targetId: share.targetId, reporterLabel: share.reporterLabel, sharedBy: share.sharedBy, createdAt: share.createdAt.toISOString() })), next: null };
}
