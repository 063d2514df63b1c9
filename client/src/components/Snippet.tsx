import { Fragment, type ReactNode } from 'react';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_whole, name: string) => ENTITIES[name] ?? '');
}

/**
 * Renders a search snippet (escaped text with `<mark>` around matches) as React nodes, without
 * inserting HTML: the string is split on the markers and every part becomes plain text.
 */
export function Snippet({ html }: { html: string }): ReactNode {
  const parts = html.split(/<mark>([\s\S]*?)<\/mark>/g);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? <mark key={index}>{unescapeHtml(part)}</mark> : <Fragment key={index}>{unescapeHtml(part.replace(/<\/?mark>/g, ''))}</Fragment>,
      )}
    </>
  );
}
