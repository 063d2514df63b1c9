/** Incidents for the one search box: title and description matched, only what `incidentVisibleTo` lets through. */
import { and, desc, sql } from 'drizzle-orm';
import type { Principal } from '../auth/principal.js';
import { incidentVisibleTo } from '../access/visible-to.js';
import type { Executor } from '../platform/db/client.js';
import { incidents } from './incidents.table.js';

export type IncidentSearchRow = { id: string; title: string | null; description: string | null; triageState: string; severity: string | null; status: string; createdAt: Date };

function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Incidents whose title or description contains `text` (case-insensitive), newest first; one extra row tells there is more. */
export async function searchIncidentsVisibleTo(db: Executor, principal: Principal, text: string, limit: number, offset: number): Promise<IncidentSearchRow[]> {
  // The reported text wins over the draft once there is one (what the queue and the detail show).
  const title = sql<string | null>`coalesce(${incidents.report} ->> 'title', ${incidents.draft} ->> 'title')`;
  const description = sql<string | null>`coalesce(${incidents.report} ->> 'description', ${incidents.draft} ->> 'description')`;
  const pattern = likePattern(text);
  return db
    .select({ id: incidents.id, title, description, triageState: incidents.triageState, severity: incidents.severity, status: incidents.status, createdAt: incidents.createdAt })
    .from(incidents)
    .where(and(incidentVisibleTo(principal, incidents.reportingOrganizationId), sql`(${title} ilike ${pattern} or ${description} ilike ${pattern})`))
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(limit + 1)
    .offset(offset);
}
