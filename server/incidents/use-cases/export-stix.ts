/**
 * STIX 2.1 export of an incident for its participants (reporting organization and CERT): the
 * incident SDO, the reporting organization's identity, one observed-data with the observables'
 * SCOs, the indicators, a sighting of each indicator where the reporter saw it, relationships
 * (indicator → incident, observed-data → incident), and the TLP marking-definitions used. Every
 * object carries the more restrictive of its own label and the incident's AMBER+STRICT (a child
 * shown inside its container), and the bundle is validated by the strict schemas. Audited.
 */
import { mostRestrictive, tlpMarkingDefinition, tlpMarkingId, type TlpLevel } from '../../access/tlp.js';
import { recordAuditNow } from '../../audit/record-audit.js';
import { listIncidentIndicatorRows, observableSco, organizationIdentity, strictOrThrow, uuidV5, type Observable } from '../../indicators/index.js';
import { BundleSchema } from '../../stix/bundle.js';
import { auditActorOf, type IncidentUseCaseContext } from '../incidents.policy.js';
import { loadVisibleIncident, organizationOf } from './load.js';

const INCIDENT_TLP: TlpLevel = 'amber+strict';

/** @throws AppError NOT_FOUND | UNPROCESSABLE_CONTENT (a built object failed the strict schema) */
export async function exportIncidentStix(ctx: IncidentUseCaseContext, id: string) {
  const row = await loadVisibleIncident(ctx.db, ctx.principal, id);
  const organization = await organizationOf(ctx.db, row.reportingOrganizationId);
  const indicators = await listIncidentIndicatorRows(ctx.db, id);
  const used = new Set<TlpLevel>([INCIDENT_TLP]);
  const marking = (tlp: TlpLevel) => {
    const effective = mostRestrictive(tlp, INCIDENT_TLP);
    used.add(effective);
    return [tlpMarkingId(effective)];
  };
  const identity = organizationIdentity(organization, INCIDENT_TLP);
  const created = row.createdAt.toISOString();
  const modified = (row.updatedAt > row.createdAt ? row.updatedAt : row.createdAt).toISOString();
  const common = { spec_version: '2.1', created, modified, created_by_ref: identity.id, object_marking_refs: marking(INCIDENT_TLP) };
  const content = row.report ?? row.draft;
  const incident = {
    type: 'incident',
    id: `incident--${row.id}`,
    ...common,
    name: content.title ?? 'Sicherheitsvorfall',
    ...(content.description ? { description: content.description } : {}),
    labels: [`triage:${row.triageState}`, ...(row.severity ? [`severity:${row.severity}`] : []), ...(content.ransomware === 'yes' ? ['ransomware'] : [])],
  };
  const objects: Record<string, unknown>[] = [incident, identity];
  const scos = indicators.map((indicator) => ({ ...observableSco({ type: indicator.valueType, value: indicator.value } as Observable), object_marking_refs: marking(indicator.tlp) }));
  if (scos.length > 0) {
    const seen = (content.detectedAt ?? content.startedAt ?? created);
    const observed = { type: 'observed-data', id: `observed-data--${uuidV5(`incident/${row.id}/observed`)}`, ...common, first_observed: seen, last_observed: seen < modified ? modified : seen, number_observed: 1, object_refs: [...new Set(scos.map((sco) => sco.id))] };
    objects.push(observed, ...new Map(scos.map((sco) => [sco.id, sco])).values());
    objects.push({ type: 'relationship', id: `relationship--${uuidV5(`incident/${row.id}/observed/rel`)}`, ...common, relationship_type: 'related-to', source_ref: observed.id, target_ref: incident.id });
  }
  for (const indicator of indicators) {
    const markingRefs = marking(indicator.tlp);
    objects.push({ ...indicator.body, object_marking_refs: markingRefs });
    objects.push({ type: 'relationship', id: `relationship--${uuidV5(`incident/${row.id}/${indicator.stixId}`)}`, ...common, object_marking_refs: markingRefs, relationship_type: 'related-to', source_ref: indicator.stixId, target_ref: incident.id });
    objects.push({ type: 'sighting', id: `sighting--${uuidV5(`incident/${row.id}/${indicator.stixId}/sighting`)}`, ...common, object_marking_refs: markingRefs, sighting_of_ref: indicator.stixId, where_sighted_refs: [identity.id], count: 1 });
  }
  for (const tlp of used) objects.push(tlpMarkingDefinition(tlp));
  const bundle = strictOrThrow(BundleSchema, { type: 'bundle', id: `bundle--${uuidV5(`incident/${row.id}/${modified}`)}`, objects }, 'bundle');
  await recordAuditNow(ctx.db, auditActorOf(ctx.principal, ctx.ip), { action: 'incident.exported', objectType: 'incident', objectId: id, tlp: INCIDENT_TLP, details: { format: 'stix-2.1', objects: objects.length } });
  return bundle;
}
