/**
 * Advisory shapes as the client reads them (mirrors server/advisories/advisories.presenter.ts;
 * the server module pulls in server-only code, so the client keeps its own minimal copy),
 * plus small helpers shared by the advisory pages.
 */
import DOMPurify from 'dompurify';
import { TLP_LABELS, type TlpLabel } from '../../components/TlpBadge';
import type { Language } from '../../i18n';

export interface Localized {
  de: string;
  en?: string;
}

export { SEVERITIES, isSeverity, severityLabel, type Severity } from '../../lib/labels';

export interface CvssDto {
  vector: string;
  version: string;
  baseScore: number;
  severity: string;
}

export interface ProductDto {
  vendor: string;
  product: string;
  versions: Record<string, unknown>[];
  cpe?: string;
}

export interface AdvisorySummary {
  id: string;
  status: string;
  version: number;
  title: Localized;
  summary: Localized;
  severity: string;
  cvss: CvssDto[];
  cves: string[];
  products: ProductDto[];
  references: string[];
  tlp: string;
  pap: string | null;
  audience: { organizations: string[]; sharingGroups: string[]; users: string[] };
  source: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

export interface Advisory extends AdvisorySummary {
  body: Localized;
  bodyHtml: Localized;
  recommendations?: Localized;
  /** The recommendations as sanitized HTML (rendered by the server, like bodyHtml). */
  recommendationsHtml?: Localized;
  authorOrganizationId: string | null;
  authorUserId: string | null;
  /** The prepared next revision of a published advisory; only sent to those who may edit. */
  pendingRevision: AdvisoryContentDto | null;
  abilities: { edit: boolean; publish: boolean; export: boolean };
}

/** The editable content of an advisory (the current one or a prepared revision). */
export type AdvisoryContentDto = Pick<
  Advisory,
  'title' | 'summary' | 'body' | 'severity' | 'cvss' | 'cves' | 'products' | 'recommendations' | 'references' | 'tlp' | 'pap' | 'audience' | 'source'
>;

/** One changed field between two revisions (server/advisories/advisories.diff.ts). */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface AdvisoryDiff {
  from: number;
  to: number;
  changes: FieldChange[];
}

export interface SharingGroup {
  id: string;
  name: string;
  description: string;
  organizationIds: string[];
}

/** A person in the recipient directory (`GET /api/v1/users`). */
export interface DirectoryUser {
  id: string;
  name: string;
  organization: { id: string; name: string } | null;
}

export interface SearchHit {
  type: 'advisory';
  id: string;
  title: Localized;
  severity: string;
  tlp: string;
  status: string;
  rank: number;
  snippet: string;
}

export interface VersionItem {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  title: Localized;
  tlp: string;
  severity: string;
  /** What changed and why (null for version 1). */
  changeNote: Localized | null;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Organization {
  id: string;
  name: string;
  kind: string;
}

export function asTlpLabel(value: string): TlpLabel | null {
  const upper = value.toUpperCase().replace(/^TLP:/, '');
  return (TLP_LABELS as readonly string[]).includes(upper) ? (upper as TlpLabel) : null;
}

/**
 * The text in the UI language, falling back to German (the source language), or to English in a
 * draft whose German version is still to be written (`de` empty).
 */
export function localized(text: Localized | undefined, lang: Language): string {
  if (!text) return '';
  if (lang === 'en') return text.en || text.de;
  return text.de || text.en || '';
}

/** `lang` attribute for a localized text: set when the other language's fallback is shown. */
export function localizedLang(text: Localized | undefined, lang: Language): Language | undefined {
  if (lang === 'en') return !text?.en && text?.de ? 'de' : undefined;
  return !text?.de && text?.en ? 'en' : undefined;
}

export function formatDate(iso: string | null, lang: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Sanitizes HTML (already sanitized by the server) once more in the browser before insertion. */
export function purify(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'img', 'iframe', 'form'], FORBID_ATTR: ['style'] });
}

export { Snippet } from '../../components/Snippet';
