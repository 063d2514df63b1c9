/** Indicators of an incident: listing and adding (structured or bulk paste), after the incident's visibility check. */
import { requireUser } from '../../auth/principal.js';
import type { TlpLevel } from '../../access/tlp.js';
import { attachIndicators, listIncidentIndicators, resolveIndicatorItems, type IndicatorDto, type IndicatorItem } from '../../indicators/index.js';
import { recordAudit } from '../../audit/record-audit.js';
import { enqueueIncidentEvent } from '../incidents.events.js';
import { auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { loadVisibleIncident } from './load.js';

/** @throws AppError NOT_FOUND */
export async function getIncidentIndicators(ctx: IncidentUseCaseContext, id: string): Promise<{ items: IndicatorDto[]; next: null }> {
  await loadVisibleIncident(ctx.db, ctx.principal, id);
  return { items: await listIncidentIndicators(ctx.db, id), next: null };
}

/**
 * Adds indicators (reporting organization or CERT); `incident.indicators.added` to both sides.
 * @throws AppError NOT_FOUND | UNPROCESSABLE_CONTENT
 */
export async function addIncidentIndicators(ctx: IncidentUseCaseContext, id: string, input: { items: IndicatorItem[]; text?: string | undefined; tlp?: TlpLevel | undefined }): Promise<{ items: IndicatorDto[]; next: null }> {
  const user = requireUser(ctx.principal);
  const resolved = resolveIndicatorItems(input.items, input.text, input.tlp);
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleIncident(tx, ctx.principal, id, true);
    const added = await attachIndicators(tx, user, row, resolved, ctx.clock.now());
    await recordAudit(tx, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.indicators_added', objectType: 'incident', objectId: id, tlp: 'amber+strict', details: { count: added.length } });
    if (added.length > 0) await enqueueIncidentEvent(tx, 'incident.indicators.added', row.id, { incidentId: id, indicatorIds: added.map((item) => item.id) });
    return { items: added, next: null };
  });
}
