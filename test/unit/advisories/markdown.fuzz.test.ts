// The advisory Markdown pipeline keeps every word and stays safe: raw HTML (mXSS constructs, unclosed
// <style>, <textarea>, comments, CDATA) is shown as text instead of being handed to a sanitizer that
// may drop what follows it. Properties join `npm run fuzz` through fuzzRuns.
import { expect } from 'chai';
import fc from 'fast-check';
import { renderMarkdown } from '../../../server/advisories/advisories.markdown.js';
import { fuzzRuns } from '../../support/fuzz.js';

const ALLOWED_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

/** Markup that once made text vanish or that a sanitizer treats specially, plus ordinary Markdown. */
const PIECES = [
  '<math><mtext><table><mglyph><style>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<style>', '</style>', '<script>', '</script>',
  '<textarea>', '<xmp>', '<noscript>', '<noembed>', '<noframes>', '<iframe>', '<title>', '<plaintext>', '<template>', '<select><option>', '<svg><style>',
  '<svg onload=alert(1)>', '<img src=x onerror=alert(1)>', '<details open ontoggle=alert(1)>', '<a href="javascript:alert(1)">', '<p style="x">', '<form action=x>', '</p>', '<div>', '</div>',
  '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '<!DOCTYPE html>', '<', '>', '&', '&lt;', '&#x3c;', '"', "'",
  '# ', '## ', '> ', '* ', '- ', '1. ', '**', '_', '~~', '`', '```\n', '    ', '---', '| a | b |\n|---|---|\n', '|', '[', ']', '\\', '<br>',
];
const SEPARATORS = [' ', '\n', '\n\n', '  \n'];

const word = fc.stringMatching(/^[a-zA-ZäöüÄÖÜß]{3,12}$/);
/** Words and pieces, always separated (so no piece glues to a word as a fence info string or a link). */
const document = fc.array(fc.oneof({ weight: 3, arbitrary: word.map((text) => ({ word: text })) }, { weight: 2, arbitrary: fc.constantFrom(...PIECES).map((text) => ({ piece: text })) }), { minLength: 1, maxLength: 60 }).chain((parts) =>
  fc.array(fc.constantFrom(...SEPARATORS), { minLength: parts.length, maxLength: parts.length }).map((separators) => ({
    words: parts.flatMap((part) => ('word' in part ? [part.word] : [])),
    source: parts.map((part, index) => ('word' in part ? part.word : part.piece) + separators[index]!).join(''),
  })),
);

/** The text a reader sees: tags removed, entities decoded. */
function visibleText(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_match, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_match, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&([a-z]+);/gi, (match, name: string) => named[name.toLowerCase()] ?? match);
}

function wordsOf(text: string): Set<string> {
  return new Set(text.match(/\p{L}+/gu) ?? []);
}

function expectSafe(html: string): void {
  for (const [, tag] of html.matchAll(/<\s*\/?\s*([a-zA-Z][\w-]*)/g)) expect(ALLOWED_TAGS, `tag ${tag} in ${html}`).to.include(tag!.toLowerCase());
  expect(html).to.not.match(/<script/i);
  expect(html).to.not.match(/<[^>]*\son\w+\s*=/i);
  expect(html).to.not.match(/<[^>]*\sstyle\s*=/i);
  for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) expect(href, html).to.not.match(/^\s*(javascript|data|vbscript):/i);
}

describe('advisory Markdown: no text lost, nothing unsafe', () => {
  it('keeps all text after <math><mtext><table><mglyph><style>, and shows the markup as text', () => {
    const html = renderMarkdown('Vorher.\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n\nNachher kommt der wichtige Satz.\n\nUnd noch ein Absatz.');
    const text = visibleText(html);
    for (const expected of ['Vorher', 'Nachher kommt der wichtige Satz', 'Und noch ein Absatz', '<math><mtext><table><mglyph><style>']) expect(text).to.contain(expected);
    expectSafe(html);
  });

  it('keeps the text of an unclosed <style>, <textarea>, <xmp>, <script> and a comment inline', () => {
    const html = renderMarkdown('eins <style>zwei <textarea>drei <xmp>vier <script>fünf <!-- sechs --> sieben <![CDATA[ acht');
    expect([...wordsOf(visibleText(html))]).to.include.members(['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht']);
    expectSafe(html);
  });

  it('keeps the alt text of an image (as a link) and the cells beyond a table header', () => {
    expect(visibleText(renderMarkdown('![Diagramm der Angriffskette](https://example.org/a.png)'))).to.contain('Diagramm der Angriffskette');
    expect(visibleText(renderMarkdown('| a | b |\n|---|---|\n| c | d | Zusatzspalte |'))).to.contain('Zusatzspalte');
  });

  it('every word of the source appears in the rendered text, and the output stays sanitized (property)', () => {
    fc.assert(
      fc.property(document, ({ words, source }) => {
        const html = renderMarkdown(source);
        const seen = wordsOf(visibleText(html));
        for (const expected of words) expect(seen.has(expected), `"${expected}" lost from ${JSON.stringify(source)} → ${html}`).to.equal(true);
        expectSafe(html);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
