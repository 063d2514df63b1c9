/**
 * Drafts the content of a Lagebericht from the data of its period, anonymized to the report's label
 * before anything is stored: advisories only at or below the label (an AMBER report counts the
 * period's AMBER advisories without naming them, because their audiences are narrower than the
 * report's), incidents never with the organization's name — CLEAR counts them per sector, GREEN
 * lists them as "ein Energieversorger", AMBER adds the district and the severity.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { ReportTlp } from '../access/situation.js';
import { advisories } from '../advisories/advisories.table.js';
import type { Principal } from '../auth/principal.js';
import { feedItems, feedSources } from '../feeds/feeds.table.js';
import { listIncidentsVisibleTo } from '../incidents/incidents.repo.js';
import { anonymizedLabel } from '../indicators/index.js';
import { organizations } from '../organizations/organizations.table.js';
import { queryRows, type Executor } from '../platform/db/client.js';
import { districtKeyOf, thuringianDistrict } from './districts.js';
import { coverageCounts } from './picture.js';
import type { ReportContent } from './reports.schemas.js';
import { situationLevels } from './situation.table.js';
import { LEVEL_TEXT, presentLevel } from './threat-level.js';
import type { ThreatLevel } from './situation.schemas.js';

export type Period = { from: Date; to: Date };

const LISTED_TLPS: Record<ReportTlp, ('clear' | 'green')[]> = { clear: ['clear'], green: ['clear', 'green'], amber: ['clear', 'green'] };

async function levels(db: Executor, period: Period): Promise<ReportContent['levels']> {
  const [before] = await db.select().from(situationLevels).where(lte(situationLevels.setAt, period.from)).orderBy(desc(situationLevels.setAt)).limit(1);
  const changes = await db.select().from(situationLevels).where(and(gt(situationLevels.setAt, period.from), lte(situationLevels.setAt, period.to))).orderBy(asc(situationLevels.setAt));
  const start = before ? presentLevel(before) : { level: 1, label: LEVEL_TEXT[1 as ThreatLevel].label };
  return {
    atStart: { level: start.level, label: start.label },
    changes: changes.map(presentLevel).map((level) => ({ level: level.level, label: level.label, reason: level.reason, setAt: level.setAt! })),
  };
}

async function advisoryList(db: Executor, period: Period, tlp: ReportTlp): Promise<Pick<ReportContent, 'advisories' | 'restrictedAdvisories'>> {
  const inPeriod = and(inArray(advisories.status, ['published', 'revised']), gte(advisories.publishedAt, period.from), lt(advisories.publishedAt, period.to));
  const rows = await db
    .select({ id: advisories.id, content: advisories.content, severity: advisories.severity, tlp: advisories.tlp, publishedAt: advisories.publishedAt })
    .from(advisories)
    .where(and(inPeriod, inArray(advisories.tlp, LISTED_TLPS[tlp])))
    .orderBy(asc(advisories.publishedAt));
  const counts = await coverageCounts(db);
  const rank: Record<string, number> = { kritisch: 0, hoch: 1, mittel: 2, niedrig: 3 };
  const listed = rows
    .map((row) => {
      const coverage = counts.get(row.id) ?? { affected: 0, acknowledged: 0 };
      return { id: row.id, title: row.content.title, severity: row.severity, tlp: row.tlp, publishedAt: row.publishedAt!.toISOString(), cves: row.content.cves ?? [], affected: coverage.affected, acknowledged: coverage.acknowledged };
    })
    .sort((a, b) => (rank[a.severity] ?? 9) - (rank[b.severity] ?? 9) || a.publishedAt.localeCompare(b.publishedAt));
  let restricted = 0;
  if (tlp === 'amber') {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(advisories).where(and(inPeriod, inArray(advisories.tlp, ['amber', 'amber+strict'])));
    restricted = Number(row?.n ?? 0);
  }
  return { advisories: listed, restrictedAdvisories: restricted };
}

async function incidentSummary(db: Executor, principal: Principal, period: Period, tlp: ReportTlp): Promise<ReportContent['incidents']> {
  const orgRows = await db.select({ id: organizations.id, kind: organizations.kind, sector: organizations.sector, parentId: organizations.parentId, ags: organizations.ags, districtKey: organizations.districtKey }).from(organizations);
  const orgs = new Map(orgRows.map((row) => [row.id, row]));
  const rows = (await listIncidentsVisibleTo(db, principal, 2_000)).filter((row) => row.status === 'reported' && row.reportedAt && row.reportedAt >= period.from && row.reportedAt < period.to);
  const items = rows
    .sort((a, b) => a.reportedAt!.getTime() - b.reportedAt!.getTime())
    .map((row) => {
      const org = orgs.get(row.reportingOrganizationId);
      const label = anonymizedLabel({ kind: org?.kind ?? 'other', sector: row.report?.sector ?? org?.sector ?? null });
      const district = org ? thuringianDistrict(districtKeyOf(org, orgs)) : undefined;
      return {
        reporter: { de: label.nominative, en: label.en },
        district: tlp === 'amber' ? (district?.name ?? null) : null,
        severity: tlp === 'amber' ? row.severity : null,
        reportedAt: row.reportedAt!.toISOString(),
      };
    });
  const byReporter = new Map<string, { reporter: { de: string; en: string }; count: number }>();
  for (const item of items) {
    const entry = byReporter.get(item.reporter.de) ?? { reporter: { de: item.reporter.de, en: item.reporter.en }, count: 0 };
    entry.count += 1;
    byReporter.set(item.reporter.de, entry);
  }
  return {
    total: items.length,
    byReporter: [...byReporter.values()].sort((a, b) => b.count - a.count || a.reporter.de.localeCompare(b.reporter.de, 'de')),
    items: tlp === 'clear' ? [] : items,
  };
}

async function kevAdditions(db: Executor, period: Period): Promise<ReportContent['kev']> {
  const rows = await db
    .select({ cves: feedItems.cves, titleDe: feedItems.titleDe, titleEn: feedItems.titleEn, published: feedItems.published })
    .from(feedItems)
    .innerJoin(feedSources, eq(feedSources.id, feedItems.sourceId))
    .where(and(eq(feedSources.type, 'cisa-kev'), gte(feedItems.firstSeenAt, period.from), lt(feedItems.firstSeenAt, period.to)))
    .orderBy(asc(feedItems.firstSeenAt))
    .limit(50);
  return rows.map((row) => ({ cves: row.cves, title: row.titleDe ?? row.titleEn ?? row.cves.join(', '), published: row.published?.toISOString() ?? null }));
}

async function intakeStatistics(db: Executor, period: Period): Promise<ReportContent['intake']> {
  const rows = await queryRows<{ name: string; type: string; items: number; epss: number }>(
    db,
    sql`select s.name, s.type, count(*)::int as items,
               count(*) filter (where exists (select 1 from cve_enrichments e where e.cve = any(i.cves) and e.epss_score >= 0.5))::int as epss
          from ${feedItems} i join ${feedSources} s on s.id = i.source_id
         where i.first_seen_at >= ${period.from.toISOString()}::timestamptz and i.first_seen_at < ${period.to.toISOString()}::timestamptz
         group by s.name, s.type order by 3 desc, 1`,
  );
  return {
    items: rows.reduce((sum, row) => sum + Number(row.items), 0),
    kev: rows.filter((row) => row.type === 'cisa-kev').reduce((sum, row) => sum + Number(row.items), 0),
    highEpss: rows.reduce((sum, row) => sum + Number(row.epss), 0),
    bySource: rows.map((row) => ({ name: row.name, count: Number(row.items) })),
  };
}

/** The drafted content of a report of `period` at `tlp`, read as `principal` (the drafting CERT member or the job). */
export async function draftContent(db: Executor, principal: Principal, period: Period, tlp: ReportTlp): Promise<ReportContent> {
  const [levelPart, advisoryPart, incidents, kev, intake] = await Promise.all([levels(db, period), advisoryList(db, period, tlp), incidentSummary(db, principal, period, tlp), kevAdditions(db, period), intakeStatistics(db, period)]);
  return { levels: levelPart, ...advisoryPart, incidents, kev, intake };
}
