/**
 * RSS 2.0 and Atom 1.0 (RFC 4287) feeds, e.g. BSI's public advisory RSS or vendor blogs, parsed
 * with fast-xml-parser with entity processing disabled: DOCTYPE-declared entities are never
 * expanded (no billion laughs, no external entities); the five predefined XML entities and
 * numeric character references are decoded here.
 *
 * Specs: https://www.rssboard.org/rss-specification and RFC 4287 (https://www.rfc-editor.org/rfc/rfc4287).
 *
 * RSS: `rss/channel/{title, link, language, item[{guid, title, link, description, pubDate,
 * content:encoded, dc:date}]}`. Atom: `feed/{title, entry[{id, title, link[@href,@rel],
 * summary, content, published, updated}]}`. Each entry becomes a 'news' item keyed by guid / id
 * (link as fallback), its text stripped of markup, CVE ids extracted from title and text.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { TlpLevel } from '../../server/stix/tlp.js';
import { extractCveIds } from '../../server/vulnerabilities/cve-id.js';
import { FeedError, type FeedItemDraft, type FeedProblem } from '../feed.js';
import { describeIssues, toDate, truncate } from '../source-util.js';

export type FeedEntry = {
  id: string;
  title: string;
  link: string | undefined;
  summary: string;
  published: Date | undefined;
  updated: Date | undefined;
  cves: string[];
};

export type ParsedFeed = {
  format: 'rss' | 'atom';
  title: string;
  language: string | undefined;
  entries: FeedEntry[];
  problems: FeedProblem[];
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'category',
});

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes predefined/HTML-basic named entities and numeric references; leaves unknown ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Markup → plain text: drops script/style, tags and comments, decodes entities, folds spaces. */
export function htmlToText(html: string): string {
  const withoutBlocks = decodeEntities(html)
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/li>|<\/div>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(withoutBlocks)
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** Text of a node: string, `{#text}` object (with attributes) or absent. */
function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object' && '#text' in node) return text((node)['#text']);
  return undefined;
}

const EntryShape = z.object({
  id: z.string().min(1).max(500),
  title: z.string().max(2000),
  link: z.string().max(2048).optional(),
  summary: z.string().max(200_000),
});

function atomLink(links: unknown): string | undefined {
  const list: unknown[] = Array.isArray(links) ? (links as unknown[]) : links === undefined ? [] : [links];
  const candidates = list.filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null && typeof (l as Record<string, unknown>)['@_href'] === 'string');
  const alternate = candidates.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate') ?? candidates[0];
  return alternate ? String(alternate['@_href']) : typeof list[0] === 'string' ? list[0] : undefined;
}

function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return /^https?:\/\/\S+$/i.test(trimmed) && trimmed.length <= 2048 ? trimmed : undefined;
}

/**
 * Parses an RSS 2.0 or Atom document (text or Buffer). Entries without an id, guid or link, or
 * that fail validation, become problems.
 * @throws FeedError bad_document when it is not well-formed XML, RSS or Atom
 */
export function parseFeed(input: string | Buffer): ParsedFeed {
  const xml = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new FeedError(`Feed is not well-formed XML: ${(error as Error).message ?? 'parse error'}`.slice(0, 300), 'bad_document', { cause: error });
  }
  const rss = document.rss as Record<string, unknown> | undefined;
  const atom = document.feed as Record<string, unknown> | undefined;
  const problems: FeedProblem[] = [];
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  const add = (raw: { id: string | undefined; title: string | undefined; link: string | undefined; summary: string | undefined; published: string | undefined; updated: string | undefined }, index: number): void => {
    const link = httpUrl(raw.link !== undefined ? decodeEntities(raw.link) : undefined);
    const id = (raw.id !== undefined ? decodeEntities(raw.id).trim() : undefined) || link;
    const title = htmlToText(raw.title ?? '');
    const summary = htmlToText(raw.summary ?? '');
    const result = EntryShape.safeParse({ id, title, link, summary });
    if (!result.success) {
      problems.push({ ref: id?.slice(0, 200) ?? `entry[${index}]`, message: `Feed entry is invalid: ${describeIssues(result.error)}` });
      return;
    }
    if (seen.has(result.data.id)) {
      problems.push({ ref: result.data.id.slice(0, 200), message: 'Duplicate entry id; the first one is kept' });
      return;
    }
    seen.add(result.data.id);
    entries.push({
      id: result.data.id,
      title: result.data.title || truncate(summary, 120) || result.data.id,
      link,
      summary: result.data.summary,
      published: toDate(raw.published),
      updated: toDate(raw.updated),
      cves: extractCveIds(`${title}\n${summary}`),
    });
  };
  if (rss && typeof rss === 'object' && typeof rss.channel === 'object' && rss.channel !== null) {
    const channel = rss.channel as Record<string, unknown>;
    const items = Array.isArray(channel.item) ? (channel.item as Record<string, unknown>[]) : [];
    items.forEach((item, index) => {
      if (typeof item !== 'object' || item === null) {
        problems.push({ ref: `item[${index}]`, message: 'Feed entry is not an element' });
        return;
      }
      add(
        {
          id: text(item.guid),
          title: text(item.title),
          link: text(item.link),
          summary: text(item['content:encoded']) ?? text(item.description),
          published: text(item.pubDate) ?? text(item['dc:date']),
          updated: text(item['dc:date']),
        },
        index,
      );
    });
    return { format: 'rss', title: htmlToText(text(channel.title) ?? ''), language: text(channel.language), entries, problems };
  }
  if (atom && typeof atom === 'object') {
    const list = Array.isArray(atom.entry) ? (atom.entry as Record<string, unknown>[]) : [];
    list.forEach((entry, index) => {
      if (typeof entry !== 'object' || entry === null) {
        problems.push({ ref: `entry[${index}]`, message: 'Feed entry is not an element' });
        return;
      }
      add(
        {
          id: text(entry.id),
          title: text(entry.title),
          link: atomLink(entry.link),
          summary: text(entry.summary) ?? text(entry.content),
          published: text(entry.published) ?? text(entry.updated),
          updated: text(entry.updated),
        },
        index,
      );
    });
    const lang = typeof atom['@_xml:lang'] === 'string' ? atom['@_xml:lang'] : undefined;
    return { format: 'atom', title: htmlToText(text(atom.title) ?? ''), language: lang, entries, problems };
  }
  throw new FeedError('Document is neither RSS 2.0 nor Atom', 'bad_document');
}

/** A feed entry as a 'news' inbox item; German feeds fill the `de` texts. */
export function feedEntryItem(entry: FeedEntry, language: string | undefined, tlp: TlpLevel): FeedItemDraft {
  const lang = language?.toLowerCase().startsWith('de') === true ? 'de' : 'en';
  return {
    externalId: entry.id,
    kind: 'news',
    title: { [lang]: truncate(entry.title, 1000) },
    summary: entry.summary !== '' ? { [lang]: entry.summary } : {},
    ...(entry.link !== undefined ? { url: entry.link } : {}),
    ...(entry.published ? { published: entry.published } : {}),
    ...(entry.updated ? { updated: entry.updated } : {}),
    cves: entry.cves.slice(0, 2000),
    references: entry.link !== undefined ? [entry.link] : [],
    tlp,
  };
}
