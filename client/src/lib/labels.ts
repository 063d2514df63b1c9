/**
 * Translated labels for the enumerated values the API sends (severity, sector, entity type, role,
 * organization kind, indicator type, feed errors, version ranges). Pages show these, never the raw
 * value; a value a newer server adds is shown as sent rather than hidden.
 */
import type { MessageKey, Translate } from '../i18n';
import { isOrganizationKind, isRole } from './roles';

/** Translated label for a membership role; unknown roles (newer server) are shown as sent. */
export function roleLabel(t: Translate, role: string): string {
  return isRole(role) ? t(`role.${role}`) : role;
}

export function organizationKindLabel(t: Translate, kind: string): string {
  return isOrganizationKind(kind) ? t(`orgKind.${kind}`) : t('orgKind.unknown');
}

export const SEVERITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** "Hoch" / "High" for the API's German severity values. */
export function severityLabel(t: Translate, severity: string): string {
  return isSeverity(severity) ? t(`severity.${severity}`) : severity;
}

export const SECTORS = ['energy', 'water', 'finance', 'health', 'transport', 'food', 'digital_infrastructure', 'waste', 'public_administration', 'other'] as const;

export function sectorLabel(t: Translate, sector: string | null | undefined): string {
  if (!sector) return t('sector.none');
  return (SECTORS as readonly string[]).includes(sector) ? t(`sector.${sector}` as MessageKey) : sector;
}

const ENTITY_TYPES = ['essential', 'important', 'none'] as const;

export function entityTypeLabel(t: Translate, entityType: string): string {
  return (ENTITY_TYPES as readonly string[]).includes(entityType) ? t(`entity.${entityType}` as MessageKey) : entityType;
}

const INDICATOR_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;

export function indicatorTypeLabel(t: Translate, type: string): string {
  return (INDICATOR_TYPES as readonly string[]).includes(type) ? t(`ind.type.${type}` as MessageKey) : type;
}

const FEED_ERROR_CODES = ['unreachable', 'blocked', 'too_large', 'bad_content_type', 'bad_document', 'bad_signature', 'http_error', 'timeout', 'abandoned', 'database'] as const;

/**
 * A feed run's stored error (`<code>: <technical detail>`, server/feeds/runner.ts) as a translated
 * summary plus the detail, which stays as the source or driver said it (it is what one searches for).
 */
export function feedErrorLabel(t: Translate, error: string): { summary: string; detail: string } {
  const match = /^([a-z_]+):\s*(.*)$/s.exec(error);
  const code = match?.[1];
  if (code && (FEED_ERROR_CODES as readonly string[]).includes(code)) return { summary: t(`feedError.${code}` as MessageKey), detail: match[2] ?? '' };
  return { summary: t('feedError.other'), detail: error };
}

/**
 * An affected-version range (`{ from, below }`, `{ exact }`, `{ all: true }`,
 * server/products/version-range.ts) as words: "ab 13.1, unter 13.1-49.15" / "from 13.1, below 13.1-49.15".
 * Takes the loose record the advisory DTOs carry; fields of the wrong type are ignored.
 */
export function versionRangeLabel(t: Translate, range: Readonly<Record<string, unknown>>): string {
  const text = (key: string): string | undefined => (typeof range[key] === 'string' ? range[key] : undefined);
  const exact = text('exact');
  if (range.all === true) return t('range.all');
  if (exact !== undefined) return t('range.exact', { version: exact });
  const parts: string[] = [];
  const from = text('from');
  const below = text('below');
  const upTo = text('upTo');
  if (from !== undefined) parts.push(t(range.fromInclusive === false ? 'range.above' : 'range.from', { version: from }));
  if (below !== undefined) parts.push(t('range.below', { version: below }));
  if (upTo !== undefined) parts.push(t('range.upTo', { version: upTo }));
  return parts.length > 0 ? parts.join(t('range.join')) : t('range.all');
}
