/**
 * How a reporter is named when the CERT shares what it learned: by kind and sector, never by name
 * ("eine Thüringer Kommune", "ein Energieversorger"). `scrubName` removes the organization's
 * names from free text the CERT wrote, as a safety net under the CERT's own editing.
 */

const KRITIS_BY_SECTOR: Record<string, string> = {
  energy: 'ein Energieversorger',
  water: 'ein Wasserversorger',
  finance: 'ein Finanzinstitut',
  health: 'eine Einrichtung des Gesundheitswesens',
  transport: 'ein Verkehrsunternehmen',
  food: 'ein Unternehmen der Ernährungswirtschaft',
  digital_infrastructure: 'ein Betreiber digitaler Infrastruktur',
  waste: 'ein Entsorgungsunternehmen',
};

/** The anonymous description of an organization by its kind and sector. */
export function anonymizedLabel(organization: { kind: string; sector: string | null }): string {
  switch (organization.kind) {
    case 'municipality':
    case 'city':
    case 'district':
      return 'eine Thüringer Kommune';
    case 'state_agency':
      return 'eine Thüringer Landesbehörde';
    case 'it_provider':
      return 'ein kommunaler IT-Dienstleister';
    case 'kritis_operator':
      return KRITIS_BY_SECTOR[organization.sector ?? ''] ?? 'ein Betreiber kritischer Infrastruktur';
    default:
      return 'eine Thüringer Einrichtung';
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every occurrence of the organization's names (case-insensitive) with the label. */
export function scrubName(text: string, names: readonly (string | null)[], label: string): string {
  let result = text;
  const sorted = names.filter((name): name is string => !!name && name.trim().length >= 3).sort((a, b) => b.length - a.length);
  for (const name of sorted) result = result.replace(new RegExp(escapeRegExp(name.trim()), 'gi'), label);
  return result;
}
