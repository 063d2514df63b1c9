import { Marked } from 'marked';
import { purify } from './model';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Markdown → sanitized HTML in the browser, for the editor preview and for texts the server keeps
 * as Markdown only (recommendations). DOMPurify runs on the output; the CSP forbids inline scripts.
 */
export function renderMarkdown(source: string): string {
  return purify(markdown.parse(source, { async: false }));
}
