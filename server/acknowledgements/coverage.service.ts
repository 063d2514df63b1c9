/**
 * The CERT's coverage view: for an advisory, which organizations are affected, who acknowledged
 * what and when, who is overdue; progress over time; grouped by district (Landkreis, found by parent
 * or AGS prefix; kreisfreie Städte are their own district). Also across advisories, and as CSV.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Settings } from '../../config/settings.schema.js';
import { tlpLabel } from '../access/tlp.js';
import { findAdvisoryVisibleTo, ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisories, advisoryColumns, type AdvisoryRow } from '../advisories/advisories.table.js';
import { visibleTo } from '../access/visible-to.js';
import type { Principal } from '../auth/principal.js';
import { advisoryAffected, advisoryMatches } from '../matching/matching.table.js';
import { organizations } from '../organizations/organizations.table.js';
import type { Database, Executor } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { acknowledgements, advisoryReads } from './acknowledgements.table.js';
import { currentAcknowledgements } from './acknowledgements.service.js';

export type CoverageContext = { db: Database; principal: Principal; settings: Settings; now?: Date };

type Org = { id: string; name: string; kind: string; parentId: string | null; ags: string | null };

function assertCert(principal: Principal): void {
  if (principal.kind === 'system') return;
  if (principal.kind !== 'user' || !principal.isCert) throw new AppError('FORBIDDEN', 'The coverage view is for the CERT.');
}

/** The district an organization belongs to: itself (district, city), its ancestor district, or by AGS prefix. */
export function districtOf(org: Org, byId: Map<string, Org>, byAgs: Map<string, Org>): Org | null {
  if (org.kind === 'district' || org.kind === 'city') return org;
  for (let parent = org.parentId ? byId.get(org.parentId) : undefined, depth = 0; parent && depth < 10; parent = parent.parentId ? byId.get(parent.parentId) : undefined, depth += 1) {
    if (parent.kind === 'district' || parent.kind === 'city') return parent;
  }
  if (org.ags) return byAgs.get(`${org.ags.slice(0, 5)}000`) ?? null;
  return null;
}

/** Hours an organization has to acknowledge an advisory of this severity. */
export function deadlineHours(settings: Settings, severity: string): number {
  const table = settings.matching.acknowledgeWithinHours;
  return table[severity as keyof typeof table] ?? table.mittel;
}

async function loadOrgs(db: Executor) {
  const all = await db.select({ id: organizations.id, name: organizations.name, kind: organizations.kind, parentId: organizations.parentId, ags: organizations.ags }).from(organizations);
  return { byId: new Map(all.map((org) => [org.id, org])), byAgs: new Map(all.filter((org) => org.ags).map((org) => [org.ags!, org])) };
}

async function loadVisibleAdvisory(ctx: CoverageContext, id: string): Promise<AdvisoryRow> {
  assertCert(ctx.principal);
  const row = await findAdvisoryVisibleTo(ctx.db, ctx.principal, id);
  if (!row) throw notFound('Advisory');
  return row;
}

/** The coverage of one advisory. @throws FORBIDDEN (not CERT) | NOT_FOUND */
export async function advisoryCoverage(ctx: CoverageContext, id: string) {
  const row = await loadVisibleAdvisory(ctx, id);
  const now = ctx.now ?? new Date();
  const hours = deadlineHours(ctx.settings, row.severity);
  const affected = await ctx.db.select().from(advisoryAffected).where(eq(advisoryAffected.advisoryId, id));
  const current = await ctx.db.select().from(advisoryMatches).where(eq(advisoryMatches.advisoryId, id));
  const acks = await currentAcknowledgements(ctx.db, [id]);
  const reads = await ctx.db
    .select({ organizationId: advisoryReads.organizationId, count: sql<number>`count(*)::int`, first: sql<string>`min(${advisoryReads.firstReadAt})::text` })
    .from(advisoryReads)
    .where(eq(advisoryReads.advisoryId, id))
    .groupBy(advisoryReads.organizationId);
  const readsOf = new Map(reads.map((entry) => [entry.organizationId, entry]));
  const orgs = await loadOrgs(ctx.db);
  const stillAffected = new Set(current.map((match) => match.organizationId));
  const ackedOnly = [...acks.values()].filter((ack) => !affected.some((entry) => entry.organizationId === ack.organizationId));
  const items = [...affected.map((entry) => ({ organizationId: entry.organizationId, firstMatchedAt: entry.firstMatchedAt })), ...ackedOnly.map((ack) => ({ organizationId: ack.organizationId, firstMatchedAt: null }))].map((entry) => {
    const org = orgs.byId.get(entry.organizationId);
    const district = org ? districtOf(org, orgs.byId, orgs.byAgs) : null;
    const ack = acks.get(`${id}|${entry.organizationId}`) ?? null;
    const due = entry.firstMatchedAt ? new Date(entry.firstMatchedAt.getTime() + hours * 3_600_000) : null;
    const read = readsOf.get(entry.organizationId);
    return {
      organizationId: entry.organizationId,
      organizationName: org?.name ?? '',
      district: district ? { id: district.id, name: district.name } : null,
      matched: stillAffected.has(entry.organizationId),
      reasons: current.filter((match) => match.organizationId === entry.organizationId).map((match) => ({ de: match.reasonDe, en: match.reasonEn })),
      firstMatchedAt: entry.firstMatchedAt?.toISOString() ?? null,
      dueAt: due?.toISOString() ?? null,
      acknowledgement: ack,
      readers: read?.count ?? 0,
      firstReadAt: read ? new Date(read.first).toISOString() : null,
      overdue: ack === null && due !== null && due < now,
    };
  });
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.organizationName.localeCompare(b.organizationName, 'de'));
  return {
    advisory: { id: row.id, title: row.content.title, severity: row.severity, tlp: tlpLabel(row.tlp), status: row.status, version: row.version, publishedAt: row.publishedAt?.toISOString() ?? null },
    deadlineHours: hours,
    totals: totals(items),
    organizations: items,
    progress: await progress(ctx.db, id, row.publishedAt),
    districts: byDistrict(items),
  };
}

type Item = { organizationId: string; district: { id: string; name: string } | null; acknowledgement: { status: string } | null; overdue: boolean; matched: boolean };

function totals(items: readonly Item[]) {
  const count = (status: string) => items.filter((item) => item.acknowledgement?.status === status).length;
  return {
    affected: items.filter((item) => item.matched).length,
    acknowledged: items.filter((item) => item.acknowledgement).length,
    mitigated: count('mitigated'),
    inProgress: count('in_progress'),
    notAffected: count('not_affected'),
    confirmedAffected: count('affected'),
    open: items.filter((item) => !item.acknowledgement).length,
    overdue: items.filter((item) => item.overdue).length,
  };
}

function byDistrict(items: readonly Item[]) {
  const groups = new Map<string, { id: string | null; name: string; items: Item[] }>();
  for (const item of items) {
    const key = item.district?.id ?? 'none';
    const group = groups.get(key) ?? { id: item.district?.id ?? null, name: item.district?.name ?? '', items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ id: group.id, name: group.name, ...totals(group.items) })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** Cumulative number of organizations that had answered, at each first answer (a step chart). */
async function progress(db: Executor, advisoryId: string, publishedAt: Date | null) {
  const firsts = await db
    .select({ at: sql<string>`min(${acknowledgements.createdAt})::text` })
    .from(acknowledgements)
    .where(eq(acknowledgements.advisoryId, advisoryId))
    .groupBy(acknowledgements.organizationId);
  const times = firsts.map((entry) => new Date(entry.at)).sort((a, b) => a.getTime() - b.getTime());
  const points = times.map((at, index) => ({ at: at.toISOString(), acknowledged: index + 1 }));
  return publishedAt ? [{ at: publishedAt.toISOString(), acknowledged: 0 }, ...points] : points;
}

/** Coverage across published advisories that affect anyone, newest first. @throws FORBIDDEN */
export async function coverageOverview(ctx: CoverageContext, limit: number) {
  assertCert(ctx.principal);
  const rows = await ctx.db
    .select(advisoryColumns)
    .from(advisories)
    .where(and(inArray(advisories.status, ['published', 'revised', 'withdrawn']), visibleTo(ctx.principal, ADVISORY_VISIBILITY), sql`exists (select 1 from ${advisoryAffected} a where a.advisory_id = ${advisories.id})`))
    .orderBy(desc(advisories.publishedAt))
    .limit(limit);
  const items = [];
  for (const row of rows) {
    const coverage = await advisoryCoverage(ctx, row.id);
    items.push({ advisory: coverage.advisory, deadlineHours: coverage.deadlineHours, totals: coverage.totals });
  }
  return { items };
}

/** One advisory's coverage as CSV (one line per organization). */
export async function advisoryCoverageCsv(ctx: CoverageContext, id: string): Promise<string> {
  const coverage = await advisoryCoverage(ctx, id);
  return stringify(
    coverage.organizations.map((item) => [item.organizationName, item.district?.name ?? '', item.matched ? 'ja' : 'nein', item.reasons.map((reason) => reason.de).join(' | '), item.firstMatchedAt ?? '', item.dueAt ?? '', item.acknowledgement?.status ?? '', item.acknowledgement?.at ?? '', item.acknowledgement?.by ?? '', item.acknowledgement?.comment ?? '', item.readers, item.overdue ? 'ja' : 'nein']),
    { header: true, columns: ['organisation', 'kreis', 'betroffen', 'grund', 'betroffen_seit', 'frist', 'status', 'quittiert_am', 'quittiert_von', 'kommentar', 'leser', 'ueberfaellig'] },
  );
}

/** Coverage across advisories as CSV (one line per advisory). */
export async function coverageOverviewCsv(ctx: CoverageContext): Promise<string> {
  const overview = await coverageOverview(ctx, 500);
  return stringify(
    overview.items.map((item) => [item.advisory.id, item.advisory.title.de, item.advisory.severity, item.advisory.tlp, item.advisory.publishedAt ?? '', item.totals.affected, item.totals.acknowledged, item.totals.mitigated, item.totals.open, item.totals.overdue]),
    { header: true, columns: ['id', 'titel', 'schweregrad', 'tlp', 'veroeffentlicht', 'betroffen', 'quittiert', 'behoben', 'offen', 'ueberfaellig'] },
  );
}
