/**
 * Markdown → HTML for advisory bodies. Advisory text comes from analysts and from feeds, so the
 * HTML is sanitized with an allowlist (no scripts, styles, event handlers, iframes or images;
 * links only http(s) and mailto).
 *
 * Raw HTML in the source is shown as text (advisories.markdown-renderer.ts); the sanitizer is the
 * second line of defense.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { markdownRenderer } from './advisories.markdown-renderer.js';

export { escapeHtml } from './advisories.markdown-renderer.js';

const markdown = new Marked({ gfm: true, breaks: false, async: false, renderer: markdownRenderer });

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};

/** Renders Markdown to sanitized HTML safe to insert into the page. */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source, { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

