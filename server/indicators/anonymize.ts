/**
 * How a reporter is named when the CERT shares what it learned: by kind and sector, never by name,
 * declined so generated German is grammatical ("ein Energieversorger", "bei einem
 * Energieversorger", "für einen Energieversorger"). `scrubName` replaces the organization's names in
 * free text the CERT wrote with the form the preceding preposition asks for.
 */

/** A German noun phrase in the cases we generate, and its English rendering. */
export type ReporterLabel = { nominative: string; dative: string; accusative: string; en: string };

const label = (nominative: string, dative: string, accusative: string, en: string): ReporterLabel => ({ nominative, dative, accusative, en });

const KRITIS_BY_SECTOR: Record<string, ReporterLabel> = {
  energy: label('ein Energieversorger', 'einem Energieversorger', 'einen Energieversorger', 'an energy utility'),
  water: label('ein Wasserversorger', 'einem Wasserversorger', 'einen Wasserversorger', 'a water utility'),
  finance: label('ein Finanzinstitut', 'einem Finanzinstitut', 'ein Finanzinstitut', 'a financial institution'),
  health: label('eine Einrichtung des Gesundheitswesens', 'einer Einrichtung des Gesundheitswesens', 'eine Einrichtung des Gesundheitswesens', 'a healthcare provider'),
  transport: label('ein Verkehrsunternehmen', 'einem Verkehrsunternehmen', 'ein Verkehrsunternehmen', 'a transport operator'),
  food: label('ein Unternehmen der Ernährungswirtschaft', 'einem Unternehmen der Ernährungswirtschaft', 'ein Unternehmen der Ernährungswirtschaft', 'a food sector company'),
  digital_infrastructure: label('ein Betreiber digitaler Infrastruktur', 'einem Betreiber digitaler Infrastruktur', 'einen Betreiber digitaler Infrastruktur', 'a digital infrastructure operator'),
  waste: label('ein Entsorgungsunternehmen', 'einem Entsorgungsunternehmen', 'ein Entsorgungsunternehmen', 'a waste management company'),
};

const BY_KIND: Record<string, ReporterLabel> = {
  municipality: label('eine Thüringer Kommune', 'einer Thüringer Kommune', 'eine Thüringer Kommune', 'a Thuringian municipality'),
  state_agency: label('eine Thüringer Landesbehörde', 'einer Thüringer Landesbehörde', 'eine Thüringer Landesbehörde', 'a Thuringian state agency'),
  it_provider: label('ein kommunaler IT-Dienstleister', 'einem kommunalen IT-Dienstleister', 'einen kommunalen IT-Dienstleister', 'a municipal IT service provider'),
  kritis_operator: label('ein Betreiber kritischer Infrastruktur', 'einem Betreiber kritischer Infrastruktur', 'einen Betreiber kritischer Infrastruktur', 'a critical infrastructure operator'),
  other: label('eine Thüringer Einrichtung', 'einer Thüringer Einrichtung', 'eine Thüringer Einrichtung', 'a Thuringian organization'),
};

/** The anonymous description of an organization by its kind and sector. */
export function anonymizedLabel(organization: { kind: string; sector: string | null }): ReporterLabel {
  if (organization.kind === 'municipality' || organization.kind === 'city' || organization.kind === 'district') return BY_KIND.municipality!;
  if (organization.kind === 'kritis_operator') return KRITIS_BY_SECTOR[organization.sector ?? ''] ?? BY_KIND.kritis_operator!;
  return BY_KIND[organization.kind] ?? BY_KIND.other!;
}

/** A label the CERT typed itself: one form for every case (the CERT writes what reads well). */
export function customLabel(text: string): ReporterLabel {
  return label(text, text, text, text);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const DATIVE = new Set(['bei', 'von', 'mit', 'aus', 'nach', 'zu', 'seit', 'gegenüber']);
const ACCUSATIVE = new Set(['für', 'durch', 'gegen', 'ohne', 'um', 'auf']);
/** Contractions that carry the article: "beim" = "bei dem". */
const CONTRACTIONS: Record<string, string> = { beim: 'bei', vom: 'von', zum: 'zu', zur: 'zu' };
const ARTICLES = new Set(['der', 'die', 'den', 'dem', 'des']);

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/**
 * Replaces every occurrence of the organization's names (case-insensitive, an article in front
 * swallowed) with the label in the case the preceding preposition asks for: "bei der SWNT" → "bei
 * einem Energieversorger", "Die SWNT meldet" → "Ein Energieversorger meldet".
 */
export function scrubName(text: string, names: readonly (string | null)[], reporter: ReporterLabel): string {
  let result = text;
  const sorted = names.filter((name): name is string => !!name && name.trim().length >= 3).sort((a, b) => b.length - a.length);
  for (const name of sorted) {
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(?:(\\p{L}+)(\\s+))?(?:(der|die|den|dem|des)\\s+)?${escapeRegExp(name.trim())}(?![\\p{L}\\p{N}])`, 'giu');
    result = result.replace(pattern, (_match, before: string, word: string | undefined, space: string | undefined, article: string | undefined) => {
      let lead = word ?? '';
      let separator = space ?? '';
      // A lone article in front ("Die SWNT meldet") is the article, not a preposition.
      if (lead && article === undefined && ARTICLES.has(lead.toLowerCase())) {
        const upper = lead.charAt(0) === lead.charAt(0).toUpperCase();
        return `${before}${upper ? capitalize(reporter.nominative) : reporter.nominative}`;
      }
      const contracted = CONTRACTIONS[lead.toLowerCase()];
      if (contracted) lead = lead.charAt(0) === lead.charAt(0).toUpperCase() ? capitalize(contracted) : contracted;
      const key = lead.toLowerCase();
      const form = DATIVE.has(key) ? reporter.dative : ACCUSATIVE.has(key) ? reporter.accusative : reporter.nominative;
      if (!lead) separator = '';
      const atStart = !lead && (before === '' || /[.!?]\s*$/.test(text.slice(0, text.indexOf(_match) + before.length)));
      return `${before}${lead}${separator}${atStart ? capitalize(form) : form}`;
    });
  }
  return result;
}
