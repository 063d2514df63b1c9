import type { ReadableItem } from '../lib/readable-value';

/**
 * Labelled values as a compact description list ("Grund: falsches Passwort"), one pair a line; small
 * enough for a table cell. Renders nothing for no items.
 */
export function KeyValueList({ items, className }: { items: readonly ReadableItem[]; className?: string }) {
  if (items.length === 0) return null;
  return (
    <dl className={className ? `key-values ${className}` : 'key-values'}>
      {items.map((item) => (
        <div key={item.key}>
          {/* The separator is text, not CSS `::after`: copied text and the DOM read "Grund: …", not "Grund…". */}
          <dt>{`${item.label}: `}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
