/**
 * The editor's form state and its two translations: from an advisory (or its prepared revision)
 * into the form, and from the form into the request body the API takes. Local checks reuse the
 * server's isomorphic parsers (CVSS, CPE, version ranges), so the editor flags the same problems,
 * at the same field paths, that a 422 answer would.
 */
import type { FieldError } from '../../../lib/api';
import { type TlpLabel } from '../../../components/TlpBadge';
import { safeParseCvssVector } from '../../../../../server/vulnerabilities/cvss.js';
import { safeParseCpe } from '../../../../../server/products/cpe.js';
import { VersionRangeSchema, type VersionRange } from '../../../../../server/products/version-range.js';
import { asTlpLabel, type AdvisoryContentDto } from '../model';

export const PAP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'RED'] as const;
export type PapLabel = (typeof PAP_LABELS)[number];

export type RangeKind = 'interval' | 'exact' | 'all';

export interface RangeDraft {
  key: string;
  kind: RangeKind;
  from: string;
  /** Kept from a loaded range; the form offers inclusive lower bounds only. */
  fromInclusive: boolean;
  upper: 'below' | 'upTo';
  upperValue: string;
  exact: string;
}

export interface ProductDraft {
  key: string;
  vendor: string;
  product: string;
  cpe: string;
  versions: RangeDraft[];
}

/** A value in a repeatable list (CVSS vectors, references) with a stable React key. */
export interface ItemDraft {
  key: string;
  value: string;
}

export interface Draft {
  titleDe: string;
  titleEn: string;
  summaryDe: string;
  summaryEn: string;
  bodyDe: string;
  bodyEn: string;
  recommendationsDe: string;
  recommendationsEn: string;
  severity: string;
  cves: string;
  cvss: ItemDraft[];
  products: ProductDraft[];
  references: ItemDraft[];
  tlp: TlpLabel;
  pap: PapLabel | '';
  organizations: string[];
  sharingGroups: string[];
  users: string[];
}

let counter = 0;
/** A key for a new list entry (unique within the page's lifetime). */
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function emptyRange(): RangeDraft {
  return { key: newKey(), kind: 'interval', from: '', fromInclusive: true, upper: 'below', upperValue: '', exact: '' };
}

export function emptyProduct(): ProductDraft {
  return { key: newKey(), vendor: '', product: '', cpe: '', versions: [] };
}

export function emptyDraft(): Draft {
  return {
    titleDe: '',
    titleEn: '',
    summaryDe: '',
    summaryEn: '',
    bodyDe: '',
    bodyEn: '',
    recommendationsDe: '',
    recommendationsEn: '',
    severity: 'mittel',
    cves: '',
    cvss: [],
    products: [],
    references: [],
    tlp: 'GREEN',
    pap: '',
    organizations: [],
    sharingGroups: [],
    users: [],
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function rangeDraft(range: Record<string, unknown>): RangeDraft {
  const base = emptyRange();
  if (range.all === true) return { ...base, kind: 'all' };
  if (typeof range.exact === 'string') return { ...base, kind: 'exact', exact: range.exact };
  const upTo = typeof range.upTo === 'string';
  return { ...base, from: text(range.from), fromInclusive: range.fromInclusive !== false, upper: upTo ? 'upTo' : 'below', upperValue: upTo ? text(range.upTo) : text(range.below) };
}

/** The form state for an existing advisory's content. */
export function draftFromContent(content: AdvisoryContentDto): Draft {
  const pap = content.pap?.replace(/^PAP:/, '') ?? '';
  return {
    titleDe: content.title.de,
    titleEn: content.title.en ?? '',
    summaryDe: content.summary.de,
    summaryEn: content.summary.en ?? '',
    bodyDe: content.body.de,
    bodyEn: content.body.en ?? '',
    recommendationsDe: content.recommendations?.de ?? '',
    recommendationsEn: content.recommendations?.en ?? '',
    severity: content.severity,
    cves: content.cves.join(', '),
    cvss: content.cvss.map((entry) => ({ key: newKey(), value: entry.vector })),
    products: content.products.map((product) => ({ key: newKey(), vendor: product.vendor, product: product.product, cpe: product.cpe ?? '', versions: product.versions.map(rangeDraft) })),
    references: content.references.map((url) => ({ key: newKey(), value: url })),
    tlp: asTlpLabel(content.tlp) ?? 'GREEN',
    pap: (PAP_LABELS as readonly string[]).includes(pap) ? (pap as PapLabel) : '',
    organizations: content.audience.organizations,
    sharingGroups: content.audience.sharingGroups,
    users: content.audience.users,
  };
}

/** A text in both languages; `de` stays empty (`""`) in a draft whose German version is still to be written. */
function localizedInput(de: string, en: string): { de: string; en?: string } {
  return en.trim() ? { de: de.trim(), en: en.trim() } : { de: de.trim() };
}

/** The texts an advisory has in German and English, by their German field in the form. */
const TEXT_PAIRS = [
  ['titleDe', 'titleEn', 'title'],
  ['summaryDe', 'summaryEn', 'summary'],
  ['bodyDe', 'bodyEn', 'body'],
  ['recommendationsDe', 'recommendationsEn', 'recommendations'],
] as const;

export type GermanField = (typeof TEXT_PAIRS)[number][0];

/**
 * The German fields publishing still needs: title, summary and text when empty, recommendations
 * when only their English version is written. A draft can be saved without them (the server
 * answers GERMAN_TEXT_REQUIRED on publishing); a revision of a published advisory cannot.
 */
export function missingGerman(draft: Draft): GermanField[] {
  return TEXT_PAIRS.filter(([de, en, field]) => !draft[de].trim() && (field !== 'recommendations' || draft[en].trim() !== '')).map(([de]) => de);
}

/** The version range a range row stands for (not yet validated). */
export function rangeOf(range: RangeDraft): VersionRange {
  if (range.kind === 'all') return { all: true };
  if (range.kind === 'exact') return { exact: range.exact.trim() };
  const from = range.from.trim();
  const upper = range.upperValue.trim();
  return {
    ...(from ? { from } : {}),
    ...(from && !range.fromInclusive ? { fromInclusive: false } : {}),
    ...(upper ? { [range.upper]: upper } : {}),
  };
}

export function isAmber(tlp: TlpLabel): boolean {
  return tlp === 'AMBER' || tlp === 'AMBER+STRICT';
}

/** The advisory as the API takes it (POST body, or a PATCH replacing every field). */
export function requestBody(draft: Draft): Record<string, unknown> {
  const amber = isAmber(draft.tlp);
  const recommendations = draft.recommendationsDe.trim() || draft.recommendationsEn.trim() ? { recommendations: localizedInput(draft.recommendationsDe, draft.recommendationsEn) } : {};
  return {
    title: localizedInput(draft.titleDe, draft.titleEn),
    summary: localizedInput(draft.summaryDe, draft.summaryEn),
    body: localizedInput(draft.bodyDe, draft.bodyEn),
    ...recommendations,
    severity: draft.severity,
    cves: draft.cves
      .split(/[\s,;]+/)
      .map((cve) => cve.trim().toUpperCase())
      .filter(Boolean),
    cvss: draft.cvss.map((item) => item.value.trim()).filter(Boolean),
    products: draft.products.map((product) => ({
      vendor: product.vendor.trim(),
      product: product.product.trim(),
      versions: product.versions.map(rangeOf),
      ...(product.cpe.trim() ? { cpe: product.cpe.trim() } : {}),
    })),
    references: draft.references.map((item) => item.value.trim()).filter(Boolean),
    tlp: draft.tlp,
    ...(draft.pap ? { pap: draft.pap } : {}),
    audience: { organizations: amber ? draft.organizations : [], sharingGroups: amber ? draft.sharingGroups : [], users: draft.tlp === 'RED' ? draft.users : [] },
  };
}

/**
 * The body of a PATCH: like `requestBody`, but an emptied English text is removed (`en: null`), and
 * emptied recommendations are removed (`recommendations: null`), since the server merges localized
 * fields per language and keeps a field the PATCH leaves out.
 */
export function patchBody(draft: Draft): Record<string, unknown> {
  const body = requestBody(draft);
  if (body.recommendations === undefined) body.recommendations = null;
  const pairs = [['title', draft.titleEn], ['summary', draft.summaryEn], ['body', draft.bodyEn], ['recommendations', draft.recommendationsEn]] as const;
  for (const [field, english] of pairs) {
    const value = body[field] as Record<string, unknown> | undefined;
    if (value && !english.trim()) body[field] = { ...value, en: null };
  }
  return body;
}

/**
 * Reload-and-merge after a 412: the current version (`theirs`) with every field the user changed
 * since `base` (the version the editor loaded) taken from `mine`.
 */
export function mergeDrafts(base: Draft, mine: Draft, theirs: Draft): Draft {
  const merged = { ...theirs };
  for (const key of Object.keys(mine) as (keyof Draft)[]) {
    if (JSON.stringify(mine[key]) !== JSON.stringify(base[key])) Object.assign(merged, { [key]: mine[key] });
  }
  return merged;
}

/** Messages for the problems the editor finds itself (the server's messages are English too). */
export interface LocalMessages {
  required: string;
  /** A text given in neither language (a draft needs at least the English one). */
  textRequired: string;
  https: string;
  recommendationsDe: string;
}

/**
 * A problem the editor finds itself, as the API would report it: the English `message`, and the
 * `code` and `params` that lib/field-problems.ts words in the reader's language.
 */
export type LocalProblem = Omit<FieldError, 'path'>;

/** A CVSS vector's problem, or null when it parses (then its live score is shown). */
export function cvssProblem(vector: string): LocalProblem | null {
  if (!vector.trim()) return null;
  const result = safeParseCvssVector(vector.trim());
  return result.success ? null : { message: result.error.message, code: 'custom', params: result.error.problem };
}

export function cpeProblem(cpe: string): LocalProblem | null {
  if (!cpe.trim()) return null;
  const result = safeParseCpe(cpe.trim());
  return result.success ? null : { message: result.error.message, code: 'custom', params: { ...result.error.problem, key: 'cpe' } };
}

/** What of a zod issue the wording needs (as server/platform/http/validate.ts passes it on). */
const ISSUE_PARAMS = ['minimum', 'maximum', 'origin', 'format', 'key', 'from', 'upper'] as const;

/** A version range's problems (each bound's, and the range's own), or an empty list. */
export function rangeProblems(range: RangeDraft): LocalProblem[] {
  const result = VersionRangeSchema.safeParse(rangeOf(range));
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const own: Record<string, unknown> = issue.code === 'custom' ? (issue.params ?? {}) : {};
    const fields: Record<string, unknown> = { ...(issue as unknown as Record<string, unknown>), ...own };
    const params: Record<string, string | number | boolean> = {};
    for (const name of ISSUE_PARAMS) {
      const value = fields[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[name] = value;
    }
    return { message: issue.message, code: issue.code, params };
  });
}

function httpsProblem(url: string, message: string): string | null {
  const value = url.trim();
  if (!value) return null;
  return URL.canParse(value) && new URL(value).protocol === 'https:' ? null : message;
}

/**
 * Every problem the editor can see before asking the server, at the API's field paths. A draft
 * needs each text in at least one language (German still missing is no save error, see
 * `missingGerman`); a revision of a published advisory (`revision`) needs German.
 */
export function localProblems(draft: Draft, messages: LocalMessages, revision = false): FieldError[] {
  const problems: FieldError[] = [];
  const add = (path: string, problem: string | LocalProblem | null) => {
    if (problem) problems.push(typeof problem === 'string' ? { path, message: problem } : { path, ...problem });
  };
  for (const [de, en, field] of TEXT_PAIRS) {
    if (draft[de].trim()) continue;
    const english = draft[en].trim() !== '';
    if (field === 'recommendations') add('recommendations.de', revision && english ? messages.recommendationsDe : null);
    else add(`${field}.de`, revision ? messages.required : english ? null : messages.textRequired);
  }
  draft.cvss.forEach((item, index) => add(`cvss.${index}`, cvssProblem(item.value)));
  draft.references.forEach((item, index) => add(`references.${index}`, httpsProblem(item.value, messages.https)));
  draft.products.forEach((product, index) => {
    add(`products.${index}.vendor`, product.vendor.trim() ? null : messages.required);
    add(`products.${index}.product`, product.product.trim() ? null : messages.required);
    add(`products.${index}.cpe`, cpeProblem(product.cpe));
    product.versions.forEach((range, rangeIndex) => rangeProblems(range).forEach((problem) => add(`products.${index}.versions.${rangeIndex}`, problem)));
  });
  return problems;
}

/** Problems at `path` or below it (`products.0` also matches `products.0.cpe`). */
export function problemsAt(errors: readonly FieldError[], path: string, exact = false): FieldError[] {
  return errors.filter((error) => error.path === path || (!exact && error.path.startsWith(`${path}.`)));
}
