/**
 * An audit entry in words: its action, its object type, and its details as labelled key/value lines
 * (audit.messages.ts). What a newer server records and this client does not know yet is shown as
 * sent (the action key, the detail key), never hidden and never as raw JSON.
 */
import { readableItems, type ReadableItem } from '../../lib/readable-value.js';
import type { Words } from '../../lib/words.js';

function labelOr(words: Words, key: string, fallback: string): string {
  return words.has(key) ? words.t(key) : fallback;
}

/** "Anmeldung fehlgeschlagen" for `session.login.failed`; an unknown action as its key. */
export function auditActionLabel(words: Words, action: string): string {
  return labelOr(words, `audit.action.${action}`, action);
}

/** "Warnmeldung" for `advisory`; an unknown object type as sent. */
export function auditObjectLabel(words: Words, objectType: string): string {
  return labelOr(words, `audit.object.${objectType}`, objectType);
}

/** Where, besides the audit trail's own `audit.value.<key>.<value>`, the words for a detail's value are. */
const VALUE_MESSAGES: Record<string, readonly string[]> = {
  role: ['role.'],
  from: ['role.', 'state.'],
  to: ['role.', 'state.'],
  kind: ['orgKind.'],
  stage: ['stage.'],
  status: ['ack.'],
  level: ['situation.level.'],
};

/** The words for a known value of a detail; undefined for everything else (then shown as sent). */
function detailValue(words: Words, key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  if (key === 'tlp' && typeof value === 'string') return `TLP:${value.toUpperCase()}`;
  if (key === 'reason' && text.startsWith('logout_')) {
    const reason = text.slice('logout_'.length);
    return words.t('audit.value.reason.logout', { reason: detailValue(words, key, reason) ?? reason });
  }
  const candidates = [`audit.value.${key}.${text}`, ...(VALUE_MESSAGES[key] ?? []).map((prefix) => `${prefix}${text}`)];
  const found = candidates.find((candidate) => words.has(candidate));
  return found ? words.t(found) : undefined;
}

/**
 * Details stored as jsonb come back with their keys sorted shortest first, so a change read "Nach: …,
 * Von: …"; these keys lead, in reading order (what changed, from what, to what).
 */
const DETAIL_ORDER = ['field', 'from', 'to'] as const;

/** An audit entry's details as labelled lines: field/from/to first, the others as stored. */
export function auditDetailItems(words: Words, details: Record<string, unknown>, names: Readonly<Record<string, string>> = {}): ReadableItem[] {
  return readableItems(words, details, {
    order: DETAIL_ORDER,
    labelOf: (key) => labelOr(words, `audit.detail.${key}`, key),
    // An organization's or account's id reads as its name today (the server names them).
    valueText: (key, value) => (typeof value === 'string' && names[value] !== undefined ? names[value] : detailValue(words, key, value)),
  });
}
