import { Marked } from 'marked';
import { markdownRenderer } from '../../../../server/advisories/advisories.markdown-renderer.js';
import { purify } from './model';

// The server's renderer (raw HTML shown as text), so the preview shows what will be published.
const markdown = new Marked({ gfm: true, breaks: false, async: false, renderer: markdownRenderer });

/**
 * Markdown → sanitized HTML in the browser, for the editor preview and for texts the server keeps
 * as Markdown only (recommendations). DOMPurify runs on the output; the CSP forbids inline scripts.
 */
export function renderMarkdown(source: string): string {
  return purify(markdown.parse(source, { async: false }));
}
