/**
 * The safety check of a share: every indicator of the incident against the warninglists (bundled
 * MISP lists, the reporting organization's own identifiers, the incident's people) and against the
 * reporter's own TLP label. A flag either only deselects the indicator by default, or blocks it
 * until the CERT overrides that one item with a reason:
 *
 * | flag                                   | blocks at                         |
 * |----------------------------------------|-----------------------------------|
 * | personal data, own identifier          | every TLP (a leak of the reporter) |
 * | reporter's TLP stricter than the share | every TLP (the reporter's promise; only an explicit label) |
 * | special-purpose, test/empty hash, benign service, scanner/sinkhole | CLEAR and GREEN (the community would block or chase it) |
 */
import { isMoreRestrictive, tlpLabel, type TlpLevel } from '../../access/tlp.js';
import type { IndicatorObjectRow } from '../../indicators/index.js';
import { defaultWarninglistEngine, organizationWarninglists, personalDataWarninglists, type WarningCategory, type WarninglistEngine, type WarningFlag } from '../../warninglists/index.js';
import type { OrganizationRow } from '../../organizations/organizations.table.js';
import type { IncidentRow } from '../incidents.table.js';

/** A flag on a share item: a warninglist hit, or the reporter's own stricter label. */
export type ShareFlag = {
  category: WarningCategory | 'reporter-tlp';
  list: string | null;
  listName: string | null;
  matched: string | null;
  reason: { de: string; en: string };
};

/** An override the CERT gave for one item, kept with the share and in the audit trail. */
export type ShareOverride = { indicatorId: string; type: string; value: string; categories: string[]; reason: string; overriddenBy: string; overriddenAt: string };

/** One indicator as the share dialog lists it. */
export type ShareCandidate = {
  indicatorId: string;
  type: string;
  value: string;
  /** Its TLP in this share: its own label when someone chose one, else the share's. */
  tlp: string;
  /** Whether the indicator carries a label someone chose (else it follows the package's TLP). */
  tlpExplicit: boolean;
  flags: ShareFlag[];
  /** Whether sending it at the chosen TLP needs an override with a reason. */
  blocked: boolean;
  /** Unflagged indicators start selected; every flagged one starts deselected. */
  selectedByDefault: boolean;
};

const ALWAYS_BLOCKING: ReadonlySet<ShareFlag['category']> = new Set(['personal-data', 'own-identifier', 'reporter-tlp']);

/** Whether a flag blocks an item at the share's TLP. */
export function isBlocking(flag: ShareFlag, shareTlp: TlpLevel): boolean {
  return ALWAYS_BLOCKING.has(flag.category) || shareTlp === 'clear' || shareTlp === 'green';
}

/** The people of an incident: the report's contact, the reporting user, and the organization's contacts. */
export function incidentPeople(row: IncidentRow, organization: OrganizationRow, reporter: { name: string | null; email: string } | undefined) {
  const content = row.report ?? row.draft;
  const contacts = organization.contacts;
  return {
    names: [content.contact?.name, reporter?.name, ...contacts.map((contact) => contact.name)].filter((name): name is string => !!name),
    emails: [content.contact?.email, reporter?.email, ...contacts.map((contact) => contact.email)].filter((email): email is string => !!email),
    phones: [content.contact?.phone, ...contacts.map((contact) => contact.phone)].filter((phone): phone is string => !!phone),
  };
}

/** The engine for one incident: bundled lists plus the organization's identifiers and the incident's people. */
export function incidentEngine(organization: OrganizationRow, people: { names: string[]; emails: string[]; phones: string[] }): WarninglistEngine {
  return defaultWarninglistEngine().extend([
    ...organizationWarninglists({ name: organization.name, shortName: organization.shortName, registeredDomains: organization.registeredDomains, emailDomains: organization.emailDomains, ipRanges: organization.ipRanges }),
    ...personalDataWarninglists(people),
  ]);
}

function fromWarning(flag: WarningFlag): ShareFlag {
  return { category: flag.category, list: flag.list, listName: flag.listName, matched: flag.matched, reason: flag.reason };
}

/**
 * The flags of one indicator for a share at `shareTlp`. An indicator pasted without a label takes the
 * share's TLP; only a label someone chose is a promise the share must not break silently.
 */
export function flagsOf(engine: WarninglistEngine, indicator: IndicatorObjectRow, shareTlp: TlpLevel): ShareFlag[] {
  const flags = engine.check(indicator.valueType as 'ipv4', indicator.value ?? '').map(fromWarning);
  if (indicator.tlpExplicit && isMoreRestrictive(indicator.tlp, shareTlp)) {
    const own = tlpLabel(indicator.tlp);
    flags.push({
      category: 'reporter-tlp',
      list: null,
      listName: null,
      matched: `TLP:${own}`,
      reason: { de: `Vom Melder als TLP:${own} eingestuft – strenger als TLP:${tlpLabel(shareTlp)}`, en: `Labelled TLP:${own} by the reporter – stricter than TLP:${tlpLabel(shareTlp)}` },
    });
  }
  return flags;
}

/** Every indicator of the incident with its flags at `shareTlp`. */
export function shareCandidates(engine: WarninglistEngine, indicators: readonly IndicatorObjectRow[], shareTlp: TlpLevel): ShareCandidate[] {
  return indicators.map((indicator) => {
    const flags = flagsOf(engine, indicator, shareTlp);
    return {
      indicatorId: indicator.stixId,
      type: indicator.valueType ?? 'unknown',
      value: indicator.value ?? '',
      tlp: tlpLabel(indicator.tlpExplicit ? indicator.tlp : shareTlp),
      tlpExplicit: indicator.tlpExplicit,
      flags,
      blocked: flags.some((flag) => isBlocking(flag, shareTlp)),
      selectedByDefault: flags.length === 0,
    };
  });
}
