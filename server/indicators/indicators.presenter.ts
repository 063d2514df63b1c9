/** Indicator rows → API DTOs (the STIX object rides along; the incident link never does). */
import { tlpLabel } from '../access/tlp.js';
import type { IndicatorObjectRow } from './indicators.table.js';

/** An indicator as the API returns it. */
export function presentIndicator(row: IndicatorObjectRow) {
  const body = row.body as { pattern?: string; description?: string; created?: string };
  return {
    id: row.stixId,
    observableType: row.valueType,
    value: row.value,
    tlp: tlpLabel(row.tlp),
    tlpExplicit: row.tlpExplicit,
    forBlocking: row.forBlocking,
    pattern: body.pattern ?? null,
    description: body.description ?? null,
    createdAt: row.createdAt.toISOString(),
    stix: row.body,
  };
}
export type IndicatorDto = ReturnType<typeof presentIndicator>;

/** A package (STIX grouping) as the API returns it. */
export function presentPackage(row: IndicatorObjectRow, indicators: IndicatorObjectRow[]) {
  const body = row.body as { name?: string; description?: string };
  return {
    id: row.stixId,
    name: body.name ?? null,
    description: body.description ?? null,
    tlp: tlpLabel(row.tlp),
    audience: { organizations: row.audienceOrganizationIds, sharingGroups: row.audienceSharingGroupIds, users: row.audienceUserIds },
    createdAt: row.createdAt.toISOString(),
    indicators: indicators.map(presentIndicator),
  };
}
