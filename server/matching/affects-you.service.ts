/**
 * "Affects you" as the affected organization sees it: why an advisory affects the caller's
 * organization, the dashboard (open advisories affecting it first) and the one-screen plain-language
 * brief (Was ist passiert – Wer ist betroffen – Was ist zu tun – bis wann).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { assertCanView } from '../access/assert.js';
import { tlpLabel } from '../access/tlp.js';
import { currentAcknowledgements } from '../acknowledgements/acknowledgements.service.js';
import { organizationNames } from '../organizations/organizations.repo.js';
import { deadlineHours } from '../acknowledgements/coverage.service.js';
import { accessObjectOf } from '../advisories/advisories.policy.js';
import { presentAdvisorySummary } from '../advisories/advisories.presenter.js';
import { findAdvisoryVisibleTo, listAdvisoriesVisibleTo } from '../advisories/advisories.repo.js';
import { advisories, type AdvisoryRow } from '../advisories/advisories.table.js';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../platform/db/client.js';
import { notFound } from '../platform/errors.js';
import { describeRange } from '../products/version-range.js';
import { advisoryAffected, advisoryMatches } from './matching.table.js';

export type AffectsYouContext = { db: Database; principal: Principal; settings: Settings; now?: Date };

function ownOrganizations(principal: Principal): string[] {
  return principal.kind === 'user' ? principal.organizationIds : [];
}

async function visibleAdvisory(ctx: AffectsYouContext, id: string): Promise<AdvisoryRow> {
  const row = await findAdvisoryVisibleTo(ctx.db, ctx.principal, id);
  if (!row) throw notFound('Advisory');
  assertCanView(ctx.principal, accessObjectOf(row), 'Advisory');
  return row;
}

/** Why the advisory affects the caller's organizations (empty when it does not). @throws NOT_FOUND */
export async function affectedForCaller(ctx: AffectsYouContext, id: string) {
  const row = await visibleAdvisory(ctx, id);
  const own = ownOrganizations(ctx.principal);
  if (own.length === 0) return { advisoryId: id, organizations: [] };
  const matches = await ctx.db.select().from(advisoryMatches).where(and(eq(advisoryMatches.advisoryId, id), inArray(advisoryMatches.organizationId, own)));
  const firsts = await ctx.db.select().from(advisoryAffected).where(and(eq(advisoryAffected.advisoryId, id), inArray(advisoryAffected.organizationId, own)));
  const acks = await currentAcknowledgements(ctx.db, [id]);
  const names = await organizationNames(ctx.db, own);
  const hours = deadlineHours(ctx.settings, row.severity);
  const organizations = own
    .filter((orgId) => matches.some((match) => match.organizationId === orgId))
    .map((orgId) => {
      const first = firsts.find((entry) => entry.organizationId === orgId)?.firstMatchedAt ?? null;
      return {
        organizationId: orgId,
        organizationName: names.get(orgId) ?? '',
        // "möglicherweise betroffen" unless some asset's version is confirmed in a stated range.
        certainty: matches.some((match) => match.organizationId === orgId && match.certainty === 'confirmed') ? ('confirmed' as const) : ('possible' as const),
        reasons: matches.filter((match) => match.organizationId === orgId).map((match) => ({ assetId: match.assetId, certainty: match.certainty, de: match.reasonDe, en: match.reasonEn })),
        dueAt: first ? new Date(first.getTime() + hours * 3_600_000).toISOString() : null,
        acknowledgement: acks.get(`${id}|${orgId}`) ?? null,
      };
    });
  return { advisoryId: id, organizations };
}

const DONE = new Set(['mitigated', 'not_affected']);
const SEVERITY_ORDER: Record<string, number> = { kritisch: 0, hoch: 1, mittel: 2, niedrig: 3 };

/** The caller's dashboard: open advisories affecting their organizations first, then the latest. */
export async function dashboard(ctx: AffectsYouContext) {
  const own = ownOrganizations(ctx.principal);
  const now = ctx.now ?? new Date();
  const affecting = [];
  if (own.length > 0) {
    const matched = await ctx.db
      .selectDistinct({ advisoryId: advisoryMatches.advisoryId })
      .from(advisoryMatches)
      .innerJoin(advisories, eq(advisories.id, advisoryMatches.advisoryId))
      .where(and(inArray(advisoryMatches.organizationId, own), inArray(advisories.status, ['published', 'revised'])));
    const acks = await currentAcknowledgements(ctx.db, matched.map((entry) => entry.advisoryId));
    for (const { advisoryId } of matched) {
      const row = await findAdvisoryVisibleTo(ctx.db, ctx.principal, advisoryId);
      if (!row) continue;
      const detail = await affectedForCaller(ctx, advisoryId);
      const open = detail.organizations.some((org) => !DONE.has(acks.get(`${advisoryId}|${org.organizationId}`)?.status ?? ''));
      if (!open) continue;
      const dueAt = detail.organizations.map((org) => org.dueAt).filter((due): due is string => due !== null).sort()[0] ?? null;
      const acknowledged = detail.organizations.every((org) => org.acknowledgement !== null);
      affecting.push({ advisory: presentAdvisorySummary(row), organizations: detail.organizations, dueAt, overdue: !acknowledged && dueAt !== null && new Date(dueAt) < now });
    }
    affecting.sort((a, b) => (SEVERITY_ORDER[a.advisory.severity] ?? 9) - (SEVERITY_ORDER[b.advisory.severity] ?? 9) || (b.advisory.publishedAt ?? '').localeCompare(a.advisory.publishedAt ?? ''));
  }
  const latest = await listAdvisoriesVisibleTo(ctx.db, ctx.principal, { limit: 10, sort: 'created', order: 'desc' });
  const shown = new Set(affecting.map((entry) => entry.advisory.id));
  return {
    affectingUs: affecting,
    latest: latest.filter((row) => row.status !== 'draft' && !shown.has(row.id)).slice(0, 10).map(presentAdvisorySummary),
  };
}

const SEVERITY_WORDS = {
  de: { kritisch: 'Kritisch – bitte sofort handeln.', hoch: 'Hoch – bitte zeitnah handeln.', mittel: 'Mittel – bitte in den nächsten Tagen handeln.', niedrig: 'Niedrig – bei der nächsten Wartung berücksichtigen.' },
  en: { kritisch: 'Critical – act immediately.', hoch: 'High – act soon.', mittel: 'Medium – act within the next days.', niedrig: 'Low – include in the next maintenance.' },
} as const;

/** The one-screen recipient view in plain language (German, or English where written). @throws NOT_FOUND */
export async function brief(ctx: AffectsYouContext, id: string, language: 'de' | 'en') {
  const row = await visibleAdvisory(ctx, id);
  const content = row.content;
  const pick = (text: { de: string; en?: string | undefined } | undefined) => (text ? (language === 'en' ? (text.en ?? text.de) : text.de) : undefined);
  const affected = await affectedForCaller(ctx, id);
  const hours = deadlineHours(ctx.settings, row.severity);
  const start = affected.organizations[0]?.dueAt ? new Date(affected.organizations[0].dueAt) : new Date((row.publishedAt ?? row.createdAt).getTime() + hours * 3_600_000);
  const words = SEVERITY_WORDS[language];
  return {
    id: row.id,
    tlp: tlpLabel(row.tlp),
    severity: row.severity,
    urgency: words[row.severity as keyof typeof words] ?? row.severity,
    title: pick(content.title)!,
    whatHappened: pick(content.summary)!,
    whoIsAffected: content.products.map((product) => {
      const ranges = product.versions.map((range) => describeRange(range, language));
      return `${product.vendor} ${product.product}${ranges.length > 0 ? ` (${ranges.join('; ')})` : ''}`;
    }),
    youAreAffected: affected.organizations.length > 0,
    yourReasons: affected.organizations.flatMap((org) => org.reasons.map((reason) => (language === 'en' ? reason.en : reason.de))),
    whatToDo:
      pick(content.recommendations) ??
      (language === 'en' ? 'Update the affected products to the version the vendor names as fixed, or follow the vendor’s workaround.' : 'Aktualisieren Sie die betroffenen Produkte auf die vom Hersteller genannte bereinigte Version oder setzen Sie dessen Übergangslösung um.'),
    dueBy: start.toISOString(),
    deadlineHours: hours,
    cves: content.cves,
    references: content.references,
  };
}
