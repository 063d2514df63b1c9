/**
 * One CSAF 2.0 document → one triage-inbox {@link FeedItemDraft}. Pure and synchronous: the
 * provider consumer (`csaf.feed.ts`) calls it after hash, signature and validator checks, and the
 * CLI import calls it for a local file (after {@link validateCsafDocument} from `csaf.verify.ts`).
 *
 * Mapping (OASIS CSAF 2.0 §3.2): externalId = `document.tracking.id`, revision =
 * `tracking.version` (every revision stays distinguishable: the whole document, including
 * `tracking.revision_history`, is kept in `document`); title / summary (notes of category summary,
 * then description) / remediation (`vulnerabilities[].remediations[].details`) in the document
 * language (`lang: de-DE` → `de`; any other language lands in `en`), title and summary of the other
 * language from notes titled `… (English)` / `… (Deutsch)` (bilingual providers); CVEs; CVSS v3 vectors;
 * severity from `aggregate_severity.text` (BSI's German classes, or English words), else from the
 * highest CVSS base score; TLP from `document.distribution.tlp.label` (TLP 1.0 WHITE → clear; CSAF
 * 2.1 labels too); references from document and vulnerabilities; affected products via
 * `csaf.products.ts`.
 */
import { TLP_LEVELS, type TlpLevel } from '../../server/stix/tlp.js';
import { severityFromCvss, type BsiSeverity } from '../../server/vulnerabilities/bsi-severity.js';
import type { FeedItemDraft } from '../feed.js';
import { affectedProducts } from './csaf.products.js';
import { CsafDocumentSchema, type CsafDocument } from './csaf.schemas.js';

/** The input is not a CSAF document we can map (not JSON, missing required fields). */
export class CsafParseError extends Error {
  override readonly name = 'CsafParseError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export type ParseCsafOptions = {
  /** Where the document came from (the item's url); defaults to the document's own `self` reference. */
  url?: string;
  /** TLP when the document carries none (the source's default TLP). */
  defaultTlp?: TlpLevel;
  /** TLP of the channel the document came through (the ROLIE feed's label): the item is never less restrictive. */
  channelTlp?: TlpLevel;
};

const CSAF_TLP: Readonly<Record<string, TlpLevel>> = {
  WHITE: 'clear',
  CLEAR: 'clear',
  GREEN: 'green',
  AMBER: 'amber',
  'AMBER+STRICT': 'amber+strict',
  RED: 'red',
};

/** TLP level of a CSAF `distribution.tlp.label` (2.0: WHITE…RED, 2.1: CLEAR…RED), if known. */
export function tlpFromCsafLabel(label: string | undefined): TlpLevel | undefined {
  if (label === undefined) return undefined;
  return CSAF_TLP[label.trim().toUpperCase().replace(/^TLP:/, '')];
}

/** The more restrictive of two TLP levels (order clear < green < amber < amber+strict < red). */
export function stricterTlp(a: TlpLevel, b: TlpLevel): TlpLevel {
  return TLP_LEVELS.indexOf(a) >= TLP_LEVELS.indexOf(b) ? a : b;
}

const SEVERITY_WORDS: Readonly<Record<string, BsiSeverity>> = {
  niedrig: 'niedrig',
  gering: 'niedrig',
  low: 'niedrig',
  mittel: 'mittel',
  medium: 'mittel',
  moderate: 'mittel',
  hoch: 'hoch',
  high: 'hoch',
  important: 'hoch',
  kritisch: 'kritisch',
  critical: 'kritisch',
};

function severityOf(document: CsafDocument): BsiSeverity | undefined {
  const text = document.document.aggregate_severity?.text.trim().toLowerCase();
  const named = text === undefined ? undefined : SEVERITY_WORDS[text];
  if (named) return named;
  const scores = (document.vulnerabilities ?? []).flatMap((v) => (v.scores ?? []).map((s) => s.cvss_v3?.baseScore)).filter((s): s is number => s !== undefined);
  return scores.length > 0 ? severityFromCvss(Math.max(...scores)) : undefined;
}

function languageOf(lang: string | undefined): 'de' | 'en' {
  return lang?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

function dateOf(value: string): Date | undefined {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function selfUrl(document: CsafDocument): string | undefined {
  const self = (document.document.references ?? []).filter((r) => r.category === 'self').map((r) => r.url);
  return self.find((url) => url.toLowerCase().endsWith('.json')) ?? self[0];
}

/**
 * The language a note declares in its title, `… (English)` / `… (Deutsch)`: a CSAF document has one
 * `lang`, so bilingual providers (Lagebild's own, for one) carry the other language's title and
 * texts as notes titled that way. Such notes fill the other language instead of being mixed in.
 */
function noteLanguage(title: string | undefined): 'de' | 'en' | undefined {
  const match = /\((english|deutsch)\)\s*$/i.exec(title ?? '');
  if (!match) return undefined;
  return match[1]!.toLowerCase() === 'english' ? 'en' : 'de';
}

type CsafNote = NonNullable<CsafDocument['document']['notes']>[number];

function summaryOf(notes: readonly CsafNote[]): string | undefined {
  const pick = (category: string): string[] => notes.filter((n) => n.category === category).map((n) => n.text.trim()).filter((t) => t !== '');
  const text = [...pick('summary'), ...pick('description')].join('\n\n');
  return text === '' ? undefined : text.slice(0, 200_000);
}

/** Title and summary of the document language, plus those of the other language from its notes. */
function textsOf(document: CsafDocument, lang: 'de' | 'en'): { title: { de?: string; en?: string }; summary: { de?: string; en?: string } } {
  const notes = document.document.notes ?? [];
  const other = lang === 'de' ? 'en' : 'de';
  const own = notes.filter((n) => (noteLanguage(n.title) ?? lang) === lang);
  const translated = notes.filter((n) => noteLanguage(n.title) === other);
  const otherTitle = translated.find((n) => n.category === 'general' && /^(title|titel)\b/i.test(n.title ?? ''))?.text.trim().slice(0, 200_000);
  const ownSummary = summaryOf(own);
  const otherSummary = summaryOf(translated);
  return {
    title: { [lang]: document.document.title, ...(otherTitle ? { [other]: otherTitle } : {}) },
    summary: { ...(ownSummary !== undefined ? { [lang]: ownSummary } : {}), ...(otherSummary !== undefined ? { [other]: otherSummary } : {}) },
  };
}

function remediationOf(document: CsafDocument): string | undefined {
  const details = (document.vulnerabilities ?? []).flatMap((v) => (v.remediations ?? []).map((r) => r.details.trim())).filter((t) => t !== '');
  const text = unique(details).join('\n\n');
  return text === '' ? undefined : text.slice(0, 200_000);
}

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** Maps an already-validated CSAF object; see {@link parseCsafDocument} for untrusted input. */
export function mapCsafDocument(document: CsafDocument, raw: Record<string, unknown>, options: ParseCsafOptions = {}): FeedItemDraft {
  const { tracking } = document.document;
  const lang = languageOf(document.document.lang);
  const text = (value: string | undefined): { de?: string; en?: string } => (value === undefined ? {} : { [lang]: value });
  const docTlp = tlpFromCsafLabel(document.document.distribution?.tlp?.label);
  const labelled = docTlp ?? options.defaultTlp ?? 'amber';
  const tlp = options.channelTlp ? stricterTlp(labelled, options.channelTlp) : labelled;
  const vulnerabilities = document.vulnerabilities ?? [];
  const cvss = unique(vulnerabilities.flatMap((v) => (v.scores ?? []).flatMap((s) => (s.cvss_v3 ? [s.cvss_v3.vectorString] : []))));
  const references = unique([
    ...(document.document.references ?? []).map((r) => r.url),
    ...vulnerabilities.flatMap((v) => (v.references ?? []).map((r) => r.url)),
  ]).filter((url) => url.length <= 2048);
  const url = options.url ?? selfUrl(document);
  const published = dateOf(tracking.initial_release_date);
  const updated = dateOf(tracking.current_release_date);
  const severity = severityOf(document);
  return {
    externalId: tracking.id,
    kind: 'advisory',
    ...textsOf(document, lang),
    remediation: text(remediationOf(document)),
    ...(url !== undefined && url.length <= 2048 ? { url } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    revision: tracking.version,
    cves: unique(vulnerabilities.map((v) => v.cve?.trim().toUpperCase()).filter((c): c is string => c !== undefined && CVE.test(c))).slice(0, 2_000),
    ...(severity ? { severity } : {}),
    cvss: cvss.slice(0, 50),
    products: affectedProducts(document),
    references: references.slice(0, 500),
    tlp,
    document: raw,
  };
}

/**
 * Parses a CSAF document (a JSON string, Buffer or parsed value) into a feed item draft.
 * Does not run the CSAF schema/mandatory tests (async; see `validateCsafDocument`).
 * @throws CsafParseError for anything that is not a mappable CSAF document.
 */
export function parseCsafDocument(input: unknown, options: ParseCsafOptions = {}): FeedItemDraft {
  let value = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      value = JSON.parse(input.toString()) as unknown;
    } catch (error) {
      throw new CsafParseError(`Not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CsafParseError('A CSAF document is a JSON object');
  const result = CsafDocumentSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: `/${issue.path.map(String).join('/')}`, message: issue.message }));
    throw new CsafParseError(`Not a CSAF document: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  return mapCsafDocument(result.data, value as Record<string, unknown>, options);
}
