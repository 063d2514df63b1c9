/**
 * A small structural diff between two revisions' content: objects are compared field by field
 * (so a changed German title is `title.de`), arrays and scalars as whole values; the audience's
 * lists as sets. The client shows texts word by word and lists item by item.
 */

/** One changed field between two revisions. */
export type FieldChange = { path: string; kind: 'added' | 'removed' | 'changed'; before?: unknown; after?: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Key order must not make equal values differ.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The changes from `before` to `after`, in field order; empty when they are equal. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffFields(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, kind: 'added', after }];
  if (after === undefined) return [{ path, kind: 'removed', before }];
  // Recipients are sets: the same ids in another order are no change.
  if (path.startsWith('audience.') && Array.isArray(before) && Array.isArray(after)) {
    const asSet = (list: unknown[]) => list.map(canonical).sort().join(',');
    return asSet(before as unknown[]) === asSet(after as unknown[]) ? [] : [{ path, kind: 'changed', before, after }];
  }
  return canonical(before) === canonical(after) ? [] : [{ path, kind: 'changed', before, after }];
}
