/**
 * Any JSON value (an audit entry's details, a job's result) as one line of text a person reads:
 * numbers and dates in the reader's language, yes/no for booleans, lists shortened, nested objects
 * as "label: value" pairs. Never raw JSON; a value of a shape not foreseen still reads as text.
 */
import { formatDateTime } from './format-date.js';
import { formatNumber, type Words } from './words.js';

/** How the caller names keys and, for keys it knows, words their values (undefined: the generic wording). */
export type ReadableOptions = {
  labelOf?: (key: string) => string;
  valueText?: (key: string, value: unknown) => string | undefined;
  /**
   * Keys shown first, in this order (at any depth); the rest follow in the record's order. A record
   * read back from jsonb has its keys sorted shortest first ("to" before "from"), not as written.
   */
  order?: readonly string[];
};

/** `record`'s entries with `order`'s keys first (in that order), the others after them as they come. */
function orderedEntries(record: Record<string, unknown>, order: readonly string[] = []): [string, unknown][] {
  const rank = (key: string) => {
    const index = order.indexOf(key);
    return index === -1 ? order.length : index;
  };
  // Array.prototype.sort is stable: keys of equal rank keep the record's order.
  return Object.entries(record).sort(([a], [b]) => rank(a) - rank(b));
}

/** Primitive list entries shown before "and n more"; objects in a list are longer, fewer are shown. */
const MAX_LIST_ITEMS = 5;
const MAX_OBJECT_ITEMS = 3;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function shortened(words: Words, parts: string[], max: number, separator: string): string {
  if (parts.length <= max) return parts.join(separator);
  return words.t('readable.more', { shown: parts.slice(0, max).join(separator), n: formatNumber(words.lang, parts.length - max) });
}

/** `value` as text; `key` is the key it stands under (for `options.valueText`). */
export function readableValue(words: Words, value: unknown, options: ReadableOptions = {}, key = ''): string {
  const { t, lang } = words;
  const special = key ? options.valueText?.(key, value) : undefined;
  if (special !== undefined) return special;
  if (value === null || value === undefined) return t('readable.none');
  if (typeof value === 'boolean') return t(value ? 'readable.yes' : 'readable.no');
  if (typeof value === 'number') return formatNumber(lang, value);
  if (typeof value === 'string') return ISO_TIMESTAMP.test(value) ? formatDateTime(lang, value) : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return t('readable.empty');
    const objects = value.some((entry) => typeof entry === 'object' && entry !== null);
    const parts = value.map((entry) => readableValue(words, entry, options, key));
    return shortened(words, parts, objects ? MAX_OBJECT_ITEMS : MAX_LIST_ITEMS, objects ? '; ' : ', ');
  }
  if (typeof value === 'object') {
    const pairs = orderedEntries(value as Record<string, unknown>, options.order).map(([name, entry]) =>
      t('readable.pair', { label: options.labelOf?.(name) ?? name, value: readableValue(words, entry, options, name) }),
    );
    return pairs.length > 0 ? pairs.join(', ') : t('readable.empty');
  }
  // JSON has no other kinds of value (a bigint, symbol or function never comes from the API).
  return t('readable.none');
}

/** One labelled line of a key/value list. */
export type ReadableItem = { key: string; label: string; value: string };

/** Each top-level entry of `record` as a labelled line, in the record's order (`options.order`'s keys first). */
export function readableItems(words: Words, record: Record<string, unknown>, options: ReadableOptions = {}): ReadableItem[] {
  return orderedEntries(record, options.order).map(([key, value]) => ({ key, label: options.labelOf?.(key) ?? key, value: readableValue(words, value, options, key) }));
}
