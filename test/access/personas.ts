import type { Persona } from './tlp-truth-table.js';

export type UserPersona = Exclude<Persona, 'anonymous'>;

/**
 * The truth table's world on the demo community, shared by every TLP channel test: `district` =
 * Landkreis Gotha, its sub-organization Stadt Waltershausen, the sharing group "Energiesektor
 * Thüringen" (SWNT), `city` = Erfurt, the RED recipient in Jena, the author and the analyst at the CERT.
 */
export const PERSONA_ACCOUNTS: Readonly<Record<UserPersona, { email: string; org: string }>> = {
  certAnalyst: { email: 'analyst@lagebild.test', org: 'CERT-Thüringen' },
  audienceMember: { email: 'isb@lk-gotha.lagebild.test', org: 'Landkreis Gotha' },
  subOrgMember: { email: 'it@waltershausen.lagebild.test', org: 'Stadt Waltershausen' },
  groupMember: { email: 'soc@swnt.lagebild.test', org: 'Stadtwerke Nordthüringen GmbH' },
  otherMember: { email: 'it@erfurt.lagebild.test', org: 'Stadt Erfurt' },
  redRecipient: { email: 'it@jena.lagebild.test', org: 'Stadt Jena' },
  author: { email: 'cert-admin@lagebild.test', org: 'CERT-Thüringen' },
};

/** Each persona's login e-mail. */
export const PERSONA_EMAILS = Object.fromEntries(Object.entries(PERSONA_ACCOUNTS).map(([persona, account]) => [persona, account.email])) as Readonly<Record<UserPersona, string>>;

/** Who administers each persona's organization (sets up its webhook); Waltershausen has no admin of its own in the demo. */
export const ORGANIZATION_ADMINS: Readonly<Record<string, string>> = {
  'CERT-Thüringen': 'cert-admin@lagebild.test',
  'Landkreis Gotha': 'isb@lk-gotha.lagebild.test',
  'Stadt Waltershausen': 'cert-admin@lagebild.test',
  'Stadtwerke Nordthüringen GmbH': 'soc@swnt.lagebild.test',
  'Stadt Erfurt': 'it@erfurt.lagebild.test',
  'Stadt Jena': 'it@jena.lagebild.test',
};
