/**
 * Sanitize and share: the CERT turns an incident into an indicator package and/or a community
 * advisory draft. Nothing leaves unless the plan (sharing/share-plan.ts) has no problem: every
 * flagged item is left out or overridden with a reason (audited), the free text is scrubbed, and
 * the package reaches someone. The link back to the incident (`incident_shares`) is CERT-only.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { tlpLabel, type TlpLevel } from '../../access/tlp.js';
import { requireUser } from '../../auth/principal.js';
import { recordAudit } from '../../audit/record-audit.js';
import { createAdvisory } from '../../advisories/advisories.service.js';
import { AdvisoryContentSchema } from '../../advisories/advisories.schemas.js';
import { createIndicatorPackage } from '../../indicators/index.js';
import { AppError } from '../../platform/errors.js';
import { parseOrThrow } from '../../platform/http/validate.js';
import { users } from '../../users/users.table.js';
import { assertCertTriager, assertReported, auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import type { ShareBody } from '../incidents.schemas.js';
import { incidentShares } from '../incidents.table.js';
import { enqueueCertEvent } from '../incidents.events.js';
import { defaultPackageTexts, incidentShareContext, planShare, presentPlan, type SharePlan } from '../sharing/share-plan.js';
import { shareCandidates, type ShareOverride } from '../sharing/share-check.js';
import { listIncidentIndicatorRows } from '../../indicators/index.js';
import { loadVisibleIncident } from './load.js';

/** The share dialog's start: every indicator with its flags at `tlp`, and the default texts. @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE */
export async function checkIncidentShare(ctx: IncidentUseCaseContext, id: string, tlp: TlpLevel) {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  assertCertTriager(ctx.principal);
  assertReported(row);
  const context = await incidentShareContext(ctx.db, row);
  const candidates = shareCandidates(context.engine, await listIncidentIndicatorRows(ctx.db, id), tlp);
  return { tlp: tlpLabel(tlp), reporterLabel: { de: context.label.nominative, en: context.label.en }, defaults: defaultPackageTexts(context.label, false), candidates };
}

/** Exactly what a share would send, and what stops it. @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT */
export async function previewIncidentShare(ctx: IncidentUseCaseContext, id: string, body: ShareBody) {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  assertCertTriager(ctx.principal);
  assertReported(row);
  return presentPlan(await planShare(ctx.db, row, body));
}

function assertSendable(plan: SharePlan): void {
  const flagged = plan.problems.filter((problem) => problem.code === 'SHARE_ITEMS_FLAGGED');
  if (flagged.length > 0) {
    throw new AppError('SHARE_ITEMS_FLAGGED', `${flagged.length} of the chosen indicators are flagged for this TLP; leave them out or override each with a reason.`, flagged.map((problem) => ({ path: problem.path, message: problem.message })));
  }
  const nobody = plan.problems.find((problem) => problem.code === 'SHARE_REACHES_NOBODY');
  if (nobody) throw new AppError('SHARE_REACHES_NOBODY', 'This share would reach nobody: choose recipients.', [{ path: nobody.path, message: nobody.message }]);
}

/**
 * Shares an incident's lessons after the plan is clean.
 * @throws AppError NOT_FOUND | FORBIDDEN | INVALID_STATE | UNPROCESSABLE_CONTENT | SHARE_ITEMS_FLAGGED | SHARE_REACHES_NOBODY
 */
export async function shareIncident(ctx: IncidentUseCaseContext, id: string, body: ShareBody) {
  const user = requireUser(ctx.principal);
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  assertCertTriager(ctx.principal);
  assertReported(row);
  const plan = await planShare(ctx.db, row, body);
  assertSendable(plan);
  const certOrganizationId = user.memberships.find((membership) => membership.organizationKind === 'cert')?.organizationId ?? null;
  const advisoryContent = plan.advisory ? parseOrThrow(AdvisoryContentSchema, plan.advisory, 'body', 'UNPROCESSABLE_CONTENT') : undefined;
  const advisory = advisoryContent ? await createAdvisory({ db: ctx.db, principal: ctx.principal, ip: ctx.ip }, advisoryContent) : undefined;
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const label = plan.label.nominative;
    let indicatorPackage: Awaited<ReturnType<typeof createIndicatorPackage>> | undefined;
    let overrides: ShareOverride[] = [];
    if (plan.package) {
      const pkg = plan.package;
      overrides = pkg.items
        .filter((item) => item.overrideReason !== null && item.flags.length > 0)
        .map((item) => ({ indicatorId: item.indicatorId, type: item.type, value: item.value, categories: item.flags.map((flag) => flag.category), reason: item.overrideReason!, overriddenBy: user.userId, overriddenAt: now.toISOString() }));
      indicatorPackage = await createIndicatorPackage(
        tx,
        user,
        { indicators: pkg.items.map((item) => ({ observableType: item.type as 'ipv4', value: item.value, forBlocking: item.forBlocking })), tlp: pkg.tlp, audience: pkg.audience, name: pkg.name, description: pkg.description, certOrganizationId },
        now,
      );
      await tx.insert(incidentShares).values({ incidentId: id, kind: 'indicator-package', targetId: indicatorPackage.id, reporterLabel: label, sharedBy: user.userId, tlp: pkg.tlp, itemCount: pkg.items.length, overrides, createdAt: now });
    }
    if (advisory) await tx.insert(incidentShares).values({ incidentId: id, kind: 'advisory', targetId: advisory.id, reporterLabel: label, sharedBy: user.userId, tlp: advisoryContent?.tlp ?? null, createdAt: now });
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), {
      action: 'incident.shared',
      objectType: 'incident',
      objectId: id,
      tlp: plan.package?.tlp ?? advisoryContent?.tlp ?? null,
      // Reasons and categories, never the values: the audit trail must not become a copy of personal data.
      details: { packageId: indicatorPackage?.id ?? null, advisoryId: advisory?.id ?? null, reporterLabel: label, items: plan.package?.items.length ?? 0, overrides: overrides.map((override) => ({ indicatorId: override.indicatorId, categories: override.categories, reason: override.reason })) },
    });
    await enqueueCertEvent(tx, 'incident.shared', { incidentId: id, packageId: indicatorPackage?.id ?? null, advisoryId: advisory?.id ?? null });
    return { reporterLabel: label, package: indicatorPackage ?? null, advisory: advisory ?? null, removals: plan.removals, overrides: overrides.length };
  });
}

/** The shares of an incident (links to the shared objects, overrides with reasons): the CERT only. @throws AppError NOT_FOUND | FORBIDDEN */
export async function listIncidentShares(ctx: IncidentUseCaseContext, id: string) {
  await loadVisibleIncident(ctx.db, ctx.principal, id);
  assertCertTriager(ctx.principal);
  const rows = await ctx.db.select().from(incidentShares).where(eq(incidentShares.incidentId, id)).orderBy(desc(incidentShares.createdAt));
  const sharers = rows.map((share) => share.sharedBy).filter((value): value is string => value !== null);
  const names = new Map(sharers.length === 0 ? [] : (await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, sharers))).map((user) => [user.id, user.name]));
  return {
    items: rows.map((share) => ({
      id: share.id,
      kind: share.kind,
      targetId: share.targetId,
      reporterLabel: share.reporterLabel,
      tlp: share.tlp ? tlpLabel(share.tlp) : null,
      itemCount: share.itemCount,
      overrides: share.overrides,
      sharedBy: share.sharedBy ? { id: share.sharedBy, name: names.get(share.sharedBy) ?? null } : null,
      createdAt: share.createdAt.toISOString(),
    })),
    next: null,
  };
}
