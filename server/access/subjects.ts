/**
 * What an event is about, and that subject's CURRENT state as the audience decision needs it. Loaded
 * at delivery (socket, replay, planning, sending), never taken from the event row: a revision,
 * withdrawal or deletion since the event was written counts (DESIGN.md D9).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../platform/db/client.js';
import type { AccessObject, AccessStatus } from './policy.js';
import { type ReportAccessFields, type ReportTlp } from './situation.js';

/**
 * Subject kinds: an advisory, an incident, a feed source (the CERT's intake), a Lagebericht, a user
 * (what concerns that one person, e.g. the bell), the platform itself (the threat level, internal events).
 */
export const SUBJECT_KINDS = ['advisory', 'incident', 'feed_source', 'situation_report', 'user', 'platform'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export type Subject = { kind: SubjectKind; id: string };

/** The state of a subject of each kind, as access/ reads it. */
export type SubjectState<K extends SubjectKind> = K extends 'advisory'
  ? AccessObject
  : K extends 'incident'
    ? { reportingOrganizationId: string }
    : K extends 'situation_report'
      ? ReportAccessFields
      : K extends 'user'
        ? { userId: string }
        : Record<string, never>;

/** Current states by kind and id; a subject absent from its map no longer exists (a deactivated user counts as gone). */
export type SubjectStates = {
  advisory: Map<string, AccessObject>;
  incident: Map<string, { reportingOrganizationId: string }>;
  situation_report: Map<string, ReportAccessFields>;
  user: Map<string, { userId: string }>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idsOf(subjects: readonly Subject[], kind: SubjectKind): string[] {
  return [...new Set(subjects.filter((subject) => subject.kind === kind && UUID.test(subject.id)).map((subject) => subject.id))];
}

/** Loads the current state of the given subjects (one query per kind at most). */
export async function loadSubjectStates(db: Executor, subjects: readonly Subject[]): Promise<SubjectStates> {
  const states: SubjectStates = { advisory: new Map(), incident: new Map(), situation_report: new Map(), user: new Map() };
  const advisoryIds = idsOf(subjects, 'advisory');
  if (advisoryIds.length > 0) {
    const rows = await queryRows<{ id: string; tlp: AccessObject['tlp']; orgs: string[]; groups: string[]; users: string[]; authorOrg: string | null; authorUser: string | null; status: AccessStatus }>(
      db,
      sql`select id, tlp, audience_organization_ids as orgs, audience_sharing_group_ids as groups, audience_user_ids as users,
            author_organization_id as "authorOrg", author_user_id as "authorUser", status
          from advisories where id in ${advisoryIds}`,
    );
    for (const row of rows) {
      states.advisory.set(row.id, {
        tlp: row.tlp,
        audience: { organizations: row.orgs ?? [], sharingGroups: row.groups ?? [], users: row.users ?? [] },
        authorOrganizationId: row.authorOrg,
        authorUserId: row.authorUser,
        status: row.status,
      });
    }
  }
  const incidentIds = idsOf(subjects, 'incident');
  if (incidentIds.length > 0) {
    const rows = await queryRows<{ id: string; org: string }>(db, sql`select id, reporting_organization_id as org from incidents where id in ${incidentIds}`);
    for (const row of rows) states.incident.set(row.id, { reportingOrganizationId: row.org });
  }
  const reportIds = idsOf(subjects, 'situation_report');
  if (reportIds.length > 0) {
    const rows = await queryRows<{ id: string; tlp: ReportTlp; status: 'draft' | 'published'; audience: ReportAccessFields['audience'] | null; authorOrg: string | null; createdBy: string | null }>(
      db,
      sql`select id, tlp, status, audience, author_organization_id as "authorOrg", created_by_user_id as "createdBy" from situation_reports where id in ${reportIds}`,
    );
    for (const row of rows) {
      const audience = { organizations: row.audience?.organizations ?? [], sharingGroups: row.audience?.sharingGroups ?? [], users: row.audience?.users ?? [] };
      states.situation_report.set(row.id, { tlp: row.tlp, status: row.status, audience, authorOrganizationId: row.authorOrg, createdByUserId: row.createdBy });
    }
  }
  const userIds = idsOf(subjects, 'user');
  if (userIds.length > 0) {
    const rows = await queryRows<{ id: string }>(db, sql`select id from users where id in ${userIds} and active`);
    for (const row of rows) states.user.set(row.id, { userId: row.id });
  }
  return states;
}

/** The state of one subject, or undefined when it no longer exists (feed sources and the platform always do). */
export function subjectState<K extends SubjectKind>(states: SubjectStates, subject: { kind: K; id: string }): SubjectState<K> | undefined {
  switch (subject.kind) {
    case 'advisory':
      return states.advisory.get(subject.id) as SubjectState<K> | undefined;
    case 'incident':
      return states.incident.get(subject.id) as SubjectState<K> | undefined;
    case 'situation_report':
      return states.situation_report.get(subject.id) as SubjectState<K> | undefined;
    case 'user':
      return states.user.get(subject.id) as SubjectState<K> | undefined;
    default:
      return {} as SubjectState<K>;
  }
}
