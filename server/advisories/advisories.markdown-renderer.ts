/**
 * How Lagebild renders advisory Markdown, shared by the server (published HTML) and the web client
 * (editor preview), so both show the same. Isomorphic: marked only, no Node imports.
 *
 * Raw HTML in the source is shown as text, never interpreted: a sanitizer that drops a tag may drop
 * what follows it too (an unclosed `<style>`, `<math><mtext><table><mglyph><style>` mutations,
 * `<textarea>`, `<xmp>`), and an advisory must never lose words. Images become links with their
 * alt text and over-long table rows show the table as written, for the same reason.
 */
import type { RendererObject } from 'marked';

export const markdownRenderer: RendererObject = {
  html({ text, block }) {
    return block ? `<p>${escapeHtml(text)}</p>\n` : escapeHtml(text);
  },
  text(token) {
    // marked passes text after an inline <script>/<pre> through unescaped (`escaped`, "raw block");
    // raw HTML is never interpreted here, so that text is escaped like any other.
    if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
    return escapeTextKeepingEntities(token.text);
  },
  image({ href, text }) {
    return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  },
  table({ raw, header }) {
    // GFM ignores cells beyond the header's count; such a table is shown as written instead.
    return hasExcessCells(raw, header.length) ? `<pre><code>${escapeHtml(raw)}</code></pre>\n` : false;
  },
};

/** Escapes Markdown text for HTML, leaving character references (`&amp;`, `&#x3c;`) as written. */
function escapeTextKeepingEntities(text: string): string {
  return text.replace(/&(?!#?\w+;)|[<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Whether a row of the raw GFM table has more cells than the header (the delimiter row excepted). */
function hasExcessCells(raw: string, columns: number): boolean {
  const rows = raw.split('\n').filter((line) => line.trim() !== '');
  return rows.some((row, index) => {
    if (index === 1) return false;
    const cells = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);
    return cells.length > columns;
  });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

