/**
 * The caller's situation picture (GET /api/v1/situation). Everything is read through the policy:
 * advisories through `visibleTo`, incidents through `incidentVisibleTo` (the CERT and the reporting
 * organization only), exposures through the exposure scope of server/access/situation.ts. Which
 * sections a caller gets follows from the same module: the CERT the whole state, a district's
 * org_admin its municipalities, everyone their own organization.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Settings } from '../../config/settings.schema.js';
import { exposureScope, overseenDistrictIds, scopeCovers, type ExposureScope } from '../access/situation.js';
import { tlpLabel } from '../access/tlp.js';
import type { Principal } from '../auth/principal.js';
import { listQueueIncidents, listStageSubmissions } from '../incidents/incidents.repo.js';
import { incidentDeadlines, presentInstant } from '../incidents/incidents.presenter.js';
import { dashboard } from '../matching/affects-you.service.js';
import { listInApp } from '../notifications/in-app.js';
import { organizations } from '../organizations/organizations.table.js';
import { feedItems, feedRuns, feedSources } from '../feeds/feeds.table.js';
import { queryRows, type Database, type Executor } from '../platform/db/client.js';
import { advisories } from '../advisories/advisories.table.js';
import { visibleTo } from '../access/visible-to.js';
import { ADVISORY_VISIBILITY } from '../advisories/advisories.repo.js';
import { advisoriesPerWeek, incidentsPerMonth, medianAcknowledgeHours } from './charts.js';
import { districtKeyOf, THURINGIAN_DISTRICTS, thuringianDistrict, type LocatedOrganization } from './districts.js';
import { openExposures, type Exposure } from './exposures.js';
import type { SituationDto } from './situation.schemas.js';
import { currentLevel } from './threat-level.js';

export type SituationContext = { db: Database; principal: Principal; settings: Settings; now: Date };

type Org = LocatedOrganization & { name: string; sector: string | null };

async function loadOrganizations(db: Executor): Promise<Map<string, Org>> {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, kind: organizations.kind, parentId: organizations.parentId, ags: organizations.ags, districtKey: organizations.districtKey, sector: organizations.sector })
    .from(organizations)
    .where(eq(organizations.active, true));
  return new Map(rows.map((row) => [row.id, row]));
}

function roleOf(principal: Principal, orgs: ReadonlyMap<string, Org>): SituationDto['role'] {
  if (principal.kind !== 'user' || principal.isCert) return 'cert';
  if (overseenDistrictIds(principal).length > 0) return 'district';
  return principal.organizationIds.some((id) => orgs.get(id)?.kind === 'kritis_operator') ? 'reporter' : 'organization';
}

/** Open incidents the principal may see (the policy's rule), the next legal deadline first, overdue on top. */
async function openIncidents(db: Executor, principal: Principal, orgs: ReadonlyMap<string, Org>, now: Date) {
  const rows = await listQueueIncidents(db, principal);
  const stages = await listStageSubmissions(db, rows.map((row) => row.id));
  const items = rows.map((row) => {
    const deadlines = incidentDeadlines(row, stages.filter((stage) => stage.incidentId === row.id));
    const next = deadlines.filter((d) => d.state === 'pending' && d.dueAt).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())[0];
    const org = orgs.get(row.reportingOrganizationId);
    const district = org ? thuringianDistrict(districtKeyOf(org, orgs)) : undefined;
    return {
      id: row.id,
      title: row.report?.title ?? row.draft.title ?? null,
      organization: { id: row.reportingOrganizationId, name: org?.name ?? '' },
      sector: row.report?.sector ?? org?.sector ?? null,
      district: district?.name ?? null,
      triageState: row.triageState,
      severity: row.severity,
      reported: presentInstant(row.reportedAt),
      next: next ? { stage: next.stage, due: presentInstant(next.dueAt)!, overdue: next.dueAt! < now } : null,
    };
  });
  const rank: Record<string, number> = { kritisch: 0, hoch: 1, mittel: 2, niedrig: 3 };
  return items.sort(
    (a, b) =>
      Number(b.next?.overdue ?? false) - Number(a.next?.overdue ?? false) ||
      (a.next ? Date.parse(a.next.due.utc) : Infinity) - (b.next ? Date.parse(b.next.due.utc) : Infinity) ||
      (rank[a.severity ?? ''] ?? 9) - (rank[b.severity ?? ''] ?? 9),
  );
}

/** Critical and high advisories of the last 30 days with their coverage (CERT). */
async function criticalAdvisories(db: Executor, principal: Principal, exposures: readonly Exposure[], answeredRows: ReadonlyMap<string, { affected: number; acknowledged: number }>, now: Date) {
  const rows = await db
    .select({ id: advisories.id, content: advisories.content, severity: advisories.severity, tlp: advisories.tlp, publishedAt: advisories.publishedAt })
    .from(advisories)
    .where(and(inArray(advisories.status, ['published', 'revised']), inArray(advisories.severity, ['kritisch', 'hoch']), gte(advisories.publishedAt, new Date(now.getTime() - 30 * 86_400_000)), visibleTo(principal, ADVISORY_VISIBILITY)))
    .orderBy(desc(advisories.publishedAt))
    .limit(50);
  return rows.map((row) => {
    const open = exposures.filter((e) => e.advisory.id === row.id);
    const counts = answeredRows.get(row.id) ?? { affected: 0, acknowledged: 0 };
    return {
      advisory: { id: row.id, title: row.content.title, severity: row.severity, tlp: tlpLabel(row.tlp), publishedAt: row.publishedAt?.toISOString() ?? null },
      affected: counts.affected,
      acknowledged: counts.acknowledged,
      open: open.filter((e) => !e.answered).length,
      overdue: open.filter((e) => e.overdue).length,
    };
  });
}

/** Affected and answering organizations per advisory (CERT: counts over the whole constituency). */
export async function coverageCounts(db: Executor): Promise<Map<string, { affected: number; acknowledged: number }>> {
  const rows = await queryRows<{ advisory_id: string; affected: number; acknowledged: number }>(
    db,
    sql`select aa.advisory_id, count(*)::int as affected,
               count(*) filter (where exists (select 1 from acknowledgements a where a.advisory_id = aa.advisory_id and a.organization_id = aa.organization_id))::int as acknowledged
          from advisory_affected aa group by 1`,
  );
  return new Map(rows.map((row) => [row.advisory_id, { affected: Number(row.affected), acknowledged: Number(row.acknowledged) }]));
}

/** Today's intake (Europe/Berlin day): new feed items, new KEV entries, items naming a CVE with EPSS ≥ 0.5. */
async function intake(db: Executor, now: Date) {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const [row] = await queryRows<{ items: number; kev: number; epss: number }>(
    db,
    sql`select count(*)::int as items,
               count(*) filter (where s.type = 'cisa-kev')::int as kev,
               count(*) filter (where exists (select 1 from cve_enrichments e where e.cve = any(i.cves) and e.epss_score >= 0.5))::int as epss
          from ${feedItems} i join ${feedSources} s on s.id = i.source_id
         where (i.first_seen_at at time zone 'Europe/Berlin')::date = ${date}::date`,
  );
  return { date, newItems: Number(row?.items ?? 0), newKev: Number(row?.kev ?? 0), highEpss: Number(row?.epss ?? 0) };
}

/** Each feed source's latest run and last success; failing = the latest finished run failed. */
async function feedHealth(db: Executor) {
  const sources = await db.select({ id: feedSources.id, name: feedSources.name, type: feedSources.type, enabled: feedSources.enabled }).from(feedSources).orderBy(feedSources.name);
  const runs = await queryRows<{ source_id: string; status: string; started_at: string; last_success: string | null }>(
    db,
    sql`select distinct on (r.source_id) r.source_id, r.status, r.started_at::text as started_at,
               (select max(s.finished_at)::text from ${feedRuns} s where s.source_id = r.source_id and s.status in ('succeeded', 'partial')) as last_success
          from ${feedRuns} r order by r.source_id, r.started_at desc`,
  );
  const bySource = new Map(runs.map((run) => [run.source_id, run]));
  return sources.map((source) => {
    const run = bySource.get(source.id);
    return {
      ...source,
      lastStatus: run?.status ?? null,
      lastRunAt: run ? new Date(run.started_at).toISOString() : null,
      lastSuccessAt: run?.last_success ? new Date(run.last_success).toISOString() : null,
      failing: run?.status === 'failed',
    };
  });
}

/** One tile per district: its organizations, open exposures and incidents, rolled up from the municipalities. */
function districtTiles(orgs: ReadonlyMap<string, Org>, exposures: readonly Exposure[], incidents: readonly { organization: { id: string } }[], scope: ExposureScope) {
  const keyOf = (id: string) => {
    const org = orgs.get(id);
    return org ? districtKeyOf(org, orgs) : null;
  };
  return THURINGIAN_DISTRICTS.map((district) => {
    const inDistrict = (id: string) => keyOf(id) === district.key;
    const ownExposures = exposures.filter((e) => inDistrict(e.organization.id));
    return {
      ...district,
      organizations: [...orgs.values()].filter((org) => scopeCovers(scope, org.id) && inDistrict(org.id) && org.kind !== 'cert').length,
      openExposures: ownExposures.length,
      unanswered: ownExposures.filter((e) => !e.answered).length,
      overdue: ownExposures.filter((e) => e.overdue).length,
      openIncidents: incidents.filter((incident) => inDistrict(incident.organization.id)).length,
    };
  });
}

/** The municipalities of the districts a principal oversees, with what affects them. */
function municipalities(principal: Principal, orgs: ReadonlyMap<string, Org>, exposures: readonly Exposure[]) {
  const districts = overseenDistrictIds(principal);
  return [...orgs.values()]
    .filter((org) => org.parentId && districts.includes(org.parentId))
    .map((org) => {
      const own = exposures.filter((e) => e.organization.id === org.id);
      return {
        id: org.id,
        name: org.name,
        districtName: orgs.get(org.parentId!)?.name ?? '',
        openExposures: own.length,
        unanswered: own.filter((e) => !e.answered).length,
        overdue: own.filter((e) => e.overdue).length,
        exposures: own,
      };
    })
    .sort((a, b) => b.overdue - a.overdue || b.unanswered - a.unanswered || a.name.localeCompare(b.name, 'de'));
}

/** Builds the caller's picture. */
export async function buildSituation(ctx: SituationContext): Promise<SituationDto> {
  const { db, principal, settings, now } = ctx;
  const orgs = await loadOrganizations(db);
  const role = roleOf(principal, orgs);
  const scope = exposureScope(principal, [...orgs.values()]);
  const names = new Map([...orgs.values()].map((org) => [org.id, org.name]));
  const [level, own, inbox, perWeek, exposures, incidents] = await Promise.all([
    currentLevel(db),
    dashboard({ db, principal, settings, now }),
    principal.kind === 'user' ? listInApp(db, principal, 10) : Promise.resolve({ items: [], unread: 0 }),
    advisoriesPerWeek(db, principal, now),
    openExposures(db, principal, scope, settings, names, now),
    openIncidents(db, principal, orgs, now),
  ]);
  const base: SituationDto = {
    generatedAt: now.toISOString(),
    role,
    level,
    latestAdvisories: own.latest,
    affectingUs: own.affectingUs.map((entry) => ({ ...entry, organizations: entry.organizations.map((org) => ({ ...org })) })),
    notifications: { unread: inbox.unread, items: inbox.items },
    charts: { advisoriesPerWeek: perWeek },
    incidents,
  };
  if (role === 'cert') {
    const counts = await coverageCounts(db);
    return {
      ...base,
      charts: { ...base.charts, incidentsPerMonth: await incidentsPerMonth(db, now), medianAcknowledgeHours: await medianAcknowledgeHours(db, now) },
      criticalAdvisories: await criticalAdvisories(db, principal, exposures, counts, now),
      unanswered: exposures.filter((e) => !e.answered),
      intake: await intake(db, now),
      feedHealth: await feedHealth(db),
      districts: districtTiles(orgs, exposures, incidents, scope),
    };
  }
  if (role === 'district') return { ...base, unanswered: exposures.filter((e) => !e.answered), municipalities: municipalities(principal, orgs, exposures) };
  return base;
}
