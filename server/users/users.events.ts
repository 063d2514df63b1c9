/**
 * Outbox events of the identity slice. `principal.changed` is internal (never sent to a client): it
 * makes every instance re-load the principals of these users' open sockets at once, so a membership
 * or role change moves them between rooms and a deactivation disconnects them.
 *
 * Why the outbox and not an in-process hook: the admin's request and the user's socket may sit on
 * different instances, and the event commits (or not) with the change itself, in seq order with the
 * advisories it affects (docs/adr/0005-outbox-delivery.md).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineEvent, emitEvent } from '../access/event-declaration.js';
import { queryRows, type Executor } from '../platform/db/client.js';

/** Internal (no audience): never emitted to a client or a person, only read by the instances. */
export const PRINCIPAL_CHANGED = defineEvent({ type: 'principal.changed', subject: 'platform', payload: z.object({ userIds: z.array(z.uuid()) }), live: false, audience: null });

/** Announces, inside the caller's transaction, that these users' access may have changed. */
export async function enqueuePrincipalChanged(tx: Executor, userIds: string[]): Promise<number> {
  return emitEvent(tx, PRINCIPAL_CHANGED, '', { userIds });
}

/**
 * Announces that the members of these organizations and of their sub-organizations may see different
 * things now (sharing-group membership, parent or active flag changed).
 */
export async function enqueueOrganizationMembersChanged(tx: Executor, organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return;
  const rows = await queryRows<{ user_id: string }>(tx, sql`
    with recursive tree(id, depth) as (
      select id, 0 from organizations where id in ${organizationIds}
      union all
      select o.id, t.depth + 1 from organizations o join tree t on o.parent_id = t.id where t.depth < 10
    )
    select distinct m.user_id from memberships m join tree t on t.id = m.organization_id`);
  if (rows.length > 0) await enqueuePrincipalChanged(tx, rows.map((row) => row.user_id));
}
