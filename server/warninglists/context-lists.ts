/**
 * Lists built at check time, in the MISP format, from what only Lagebild knows: the reporting
 * organization's own identifiers (profile fields `registeredDomains`, `emailDomains`, `ipRanges`,
 * and its names) and the personal data of an incident (reporter and contacts: names, e-mail
 * addresses, phone numbers). They flag with the categories `own-identifier` and `personal-data`.
 */
import { MISP_TYPES_OF, normalizePhone } from './value-types.js';
import type { CategorizedWarninglist, Warninglist, WarningCategory } from './warninglist.schema.js';

/** What an organization's profile says about its own infrastructure. */
export type OrganizationIdentifiers = {
  name: string;
  shortName?: string | null | undefined;
  registeredDomains: readonly string[];
  emailDomains: readonly string[];
  ipRanges: readonly string[];
};

/** People named in an incident (reporter, contacts). */
export type PersonalData = { names: readonly string[]; emails: readonly string[]; phones: readonly string[] };

const DOMAIN_TYPES = [...MISP_TYPES_OF.domain, ...MISP_TYPES_OF.url, ...MISP_TYPES_OF.email];
const ADDRESS_TYPES = [...MISP_TYPES_OF.ipv4, ...MISP_TYPES_OF.url];

/** A list built at check time; `title` names it in both languages, `list.name` is the English one (MISP's single name). */
function list(id: string, category: WarningCategory, source: 'organization' | 'incident', title: { de: string; en: string }, body: Omit<Warninglist, 'version' | 'name'>): CategorizedWarninglist {
  return { id, category, source, title, list: { version: 1, name: title.en, ...body } };
}

const unique = (values: Iterable<string>) => [...new Set([...values].map((value) => value.trim().toLowerCase()).filter((value) => value.length > 0))];

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Spellings of a name as it turns up in indicators: "anna.schmidt", "a.schmidt", "aschmidt", "anna-schmidt", with umlauts spelled out. */
export function nameVariants(name: string): string[] {
  const parts = name.trim().toLowerCase().split(/\s+/).filter((part) => part.length > 0);
  if (parts.length === 0 || (parts.length === 1 && parts[0]!.length < 4)) return [];
  const variants = new Set<string>([parts.join(' ')]);
  if (parts.length > 1) {
    for (const separator of ['.', '_', '-', '']) variants.add(parts.join(separator));
    const surname = parts.at(-1)!;
    if (surname.length >= 3) for (const separator of ['.', '']) variants.add(`${parts[0]![0]}${separator}${surname}`);
  }
  for (const variant of [...variants]) variants.add(variant.replace(/[äöüß]/g, (letter) => UMLAUTS[letter] ?? letter));
  return [...variants];
}

/** The organization's own domains, e-mail domains, address ranges and names as warninglists. */
export function organizationWarninglists(organization: OrganizationIdentifiers): CategorizedWarninglist[] {
  const lists: CategorizedWarninglist[] = [];
  const domains = unique([...organization.registeredDomains, ...organization.emailDomains]);
  if (domains.length > 0) {
    lists.push(list('organization-domains', 'own-identifier', 'organization', { de: `Domains von ${organization.name}`, en: `Domains of ${organization.name}` }, { description: 'Registered and e-mail domains from the organization profile', type: 'hostname', matching_attributes: DOMAIN_TYPES, list: domains }));
  }
  const ranges = unique(organization.ipRanges);
  if (ranges.length > 0) {
    lists.push(list('organization-ranges', 'own-identifier', 'organization', { de: `Adressbereiche von ${organization.name}`, en: `Address ranges of ${organization.name}` }, { description: 'IP ranges from the organization profile', type: 'cidr', matching_attributes: ADDRESS_TYPES, list: ranges }));
  }
  const names = unique([organization.name, organization.shortName ?? ''].filter((name) => name.trim().length >= 4).flatMap((name) => [name, ...nameVariants(name)]));
  if (names.length > 0) {
    lists.push(list('organization-names', 'own-identifier', 'organization', { de: `Namen von ${organization.name}`, en: `Names of ${organization.name}` }, { description: 'Names of the organization', type: 'substring', list: names }));
  }
  return lists;
}

/** The incident's people as warninglists: e-mail addresses and names anywhere in a value, phone numbers as numbers. */
export function personalDataWarninglists(data: PersonalData): CategorizedWarninglist[] {
  const lists: CategorizedWarninglist[] = [];
  const emails = unique(data.emails);
  if (emails.length > 0) lists.push(list('incident-emails', 'personal-data', 'incident', { de: 'E-Mail-Adressen von Personen des Vorfalls', en: 'E-mail addresses of people in the incident' }, { description: 'E-mail addresses of the reporter and contacts', type: 'substring', list: emails }));
  const phones = unique(data.phones.map(normalizePhone).filter((phone) => phone.length >= 6));
  if (phones.length > 0) lists.push(list('incident-phones', 'personal-data', 'incident', { de: 'Telefonnummern von Personen des Vorfalls', en: 'Phone numbers of people in the incident' }, { description: 'Phone numbers of the reporter and contacts', type: 'string', matching_attributes: [...MISP_TYPES_OF.phone], list: phones }));
  const names = unique(data.names.flatMap(nameVariants));
  if (names.length > 0) lists.push(list('incident-names', 'personal-data', 'incident', { de: 'Namen von Personen des Vorfalls', en: 'Names of people in the incident' }, { description: 'Names of the reporter and contacts', type: 'substring', list: names }));
  return lists;
}
