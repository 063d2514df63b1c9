/** Loading an incident with what its presentation needs, through the visibility rule. */
import { eq, inArray } from 'drizzle-orm';
import { assertCanViewIncident } from '../../access/assert.js';
import type { Principal } from '../../auth/principal.js';
import type { Executor } from '../../platform/db/client.js';
import { organizationNames } from '../../organizations/organizations.repo.js';
import { organizations } from '../../organizations/organizations.table.js';
import { users } from '../../users/users.table.js';
import { presentIncident, type IncidentDto } from '../incidents.presenter.js';
import { findIncidentVisibleTo, listStageAcknowledgements, listStageSubmissions } from '../incidents.repo.js';
import type { IncidentRow } from '../incidents.table.js';

/**
 * The incident if the principal may see it.
 * @throws AppError NOT_FOUND (also for incidents of other organizations)
 */
export async function loadVisibleIncident(db: Executor, principal: Principal, id: string, forUpdate = false): Promise<IncidentRow> {
  const row = await findIncidentVisibleTo(db, principal, id, forUpdate);
  assertCanViewIncident(principal, row);
  return row;
}


/** One organization row (kind and sector for anonymization, identities). */
export async function organizationOf(db: Executor, id: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  if (!row) throw new Error('organization of an incident vanished');
  return row;
}

/** Presents several rows with their stages, BSI acknowledgements and organization names in three queries. */
export async function presentIncidents(db: Executor, principal: Principal, rows: IncidentRow[], now: Date): Promise<IncidentDto[]> {
  const stages = await listStageSubmissions(db, rows.map((row) => row.id));
  const acknowledgements = await listStageAcknowledgements(db, rows.map((row) => row.id));
  const names = await organizationNames(db, rows.map((row) => row.reportingOrganizationId));
  const assigneeIds = [...new Set(rows.map((row) => row.assigneeUserId).filter((id): id is string => id !== null))];
  const assignees = new Map(assigneeIds.length === 0 ? [] : (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, assigneeIds))).map((user) => [user.id, user.name]));
  return rows.map((row) =>
    presentIncident(row, { stages: stages.filter((stage) => stage.incidentId === row.id), acknowledgements, organizationName: names.get(row.reportingOrganizationId) ?? '', assigneeName: row.assigneeUserId ? (assignees.get(row.assigneeUserId) ?? null) : null, now }, principal),
  );
}

/** Presents one row. */
export async function presentOne(db: Executor, principal: Principal, row: IncidentRow, now: Date): Promise<IncidentDto> {
  const [dto] = await presentIncidents(db, principal, [row], now);
  return dto!;
}
