/**
 * The TLP policy of `policy.ts` as ONE SQL predicate, so lists, search and counts filter in the
 * database and never load what the principal may not see. Every repo read takes a principal and
 * applies `visibleTo`; test/access/tlp-matrix.test.ts runs the same truth table through both.
 *
 * The predicate is built per principal: facts known in JavaScript (is the principal the CERT, may it
 * write advisories) become constant branches instead of SQL, which keeps the query plan simple.
 */
import { and, eq, inArray, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Principal, UserPrincipal } from '../auth/principal.js';
import { isCertWriter } from './policy.js';

/** The columns (or expressions) of a table that carry an object's TLP, audience, author and status. */
export type VisibilityColumns = {
  tlp: AnyColumn;
  /** uuid[] of audience organizations. */
  audienceOrganizationIds: AnyColumn;
  /** uuid[] of audience sharing groups. */
  audienceSharingGroupIds: AnyColumn;
  /** uuid[] of named recipient users. */
  audienceUserIds: AnyColumn;
  authorOrganizationId: AnyColumn;
  authorUserId: AnyColumn;
  /** text: `draft` follows the draft rule, every other state the label rule. */
  status: AnyColumn;
};

const ALWAYS = sql`true`;
const NEVER = sql`false`;

/** OR of the defined conditions; FALSE when there are none (never TRUE by accident). */
function anyOf(...conditions: (SQL | undefined)[]): SQL {
  const defined = conditions.filter((condition): condition is SQL => condition !== undefined);
  if (defined.length === 0) return NEVER;
  return defined.length === 1 ? defined[0]! : or(...defined)!;
}

function uuidArray(ids: readonly string[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
}

function overlaps(column: AnyColumn, ids: readonly string[]): SQL | undefined {
  return ids.length === 0 ? undefined : sql`${column} && ${uuidArray(ids)}`;
}

function isOneOf(column: AnyColumn, ids: readonly string[]): SQL | undefined {
  return ids.length === 0 ? undefined : inArray(column, [...ids]);
}

function contains(column: AnyColumn, id: string): SQL {
  return sql`${id}::uuid = any(${column})`;
}

function labelRule(principal: UserPrincipal, c: VisibilityColumns): SQL {
  const amber = principal.isCert
    ? inArray(c.tlp, ['amber', 'amber+strict'])
    : anyOf(
        and(
          eq(c.tlp, 'amber'),
          anyOf(
            overlaps(c.audienceOrganizationIds, [...principal.organizationIds, ...principal.ancestorOrganizationIds]),
            overlaps(c.audienceSharingGroupIds, principal.sharingGroupIds),
            isOneOf(c.authorOrganizationId, principal.organizationIds),
          ),
        ),
        and(
          eq(c.tlp, 'amber+strict'),
          anyOf(
            overlaps(c.audienceOrganizationIds, principal.organizationIds),
            overlaps(c.audienceSharingGroupIds, principal.sharingGroupIds),
            isOneOf(c.authorOrganizationId, principal.organizationIds),
          ),
        ),
      );
  const red = and(eq(c.tlp, 'red'), anyOf(eq(c.authorUserId, principal.userId), contains(c.audienceUserIds, principal.userId)));
  return and(ne(c.status, 'draft'), anyOf(inArray(c.tlp, ['clear', 'green']), amber, red))!;
}

function draftRule(principal: UserPrincipal, c: VisibilityColumns): SQL {
  const certWriter = isCertWriter(principal) ? anyOf(ne(c.tlp, 'red'), contains(c.audienceUserIds, principal.userId)) : undefined;
  return and(eq(c.status, 'draft'), anyOf(eq(c.authorUserId, principal.userId), certWriter))!;
}

/**
 * The SQL twin of `canView`: a WHERE condition over `columns` true exactly for the rows the
 * principal may see. The system principal sees everything; anonymous only published CLEAR.
 */
export function visibleTo(principal: Principal, columns: VisibilityColumns): SQL {
  if (principal.kind === 'system') return ALWAYS;
  if (principal.kind === 'anonymous') return and(ne(columns.status, 'draft'), eq(columns.tlp, 'clear'))!;
  return anyOf(labelRule(principal, columns), draftRule(principal, columns));
}

/**
 * The SQL twin of `canViewIncident` over an incident's reporting-organization column: the CERT and
 * the system see every incident, members their own organization's, anonymous none.
 */
export function incidentVisibleTo(principal: Principal, reportingOrganizationId: AnyColumn): SQL {
  if (principal.kind === 'system') return ALWAYS;
  if (principal.kind !== 'user') return NEVER;
  if (principal.isCert) return ALWAYS;
  return isOneOf(reportingOrganizationId, principal.organizationIds) ?? NEVER;
}

/**
 * The SQL twin of `canViewFeedItem`: feed items (and runs, sources) are the CERT's raw intake. The
 * CERT subscribed to each source and is the recipient of everything it delivers, whatever its TLP;
 * no one else sees intake (constituents see what the CERT publishes as advisories).
 */
export function feedItemVisibleTo(principal: Principal): SQL {
  if (principal.kind === 'system') return ALWAYS;
  return principal.kind === 'user' && principal.isCert ? ALWAYS : NEVER;
}
