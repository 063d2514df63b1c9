import type { OrganizationDto } from './organizations.schemas.js';
import type { OrganizationRow } from './organizations.table.js';

export function presentOrganization(row: OrganizationRow): OrganizationDto {
  return { id: row.id, name: row.name, shortName: row.shortName, kind: row.kind, sector: row.sector, parentId: row.parentId, ags: row.ags };
}
