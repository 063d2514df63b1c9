/**
 * RSS 2.0 and Atom 1.0 of the published TLP:CLEAR advisories (docs/sharing/rss.md), German by
 * default, English with `?lang=en` (title and summary fall back to German where no English text
 * exists). The list is read as the anonymous principal whoever asks, so a logged-in reader's
 * session can never pull anything but CLEAR into a feed that gets forwarded. Withdrawn advisories
 * are left out. Text is escaped for XML and stripped of characters XML 1.0 forbids.
 */
import { ANONYMOUS } from '../../auth/principal.js';
import { bsiSeverityLabel } from '../../vulnerabilities/bsi-severity.js';
import { advisoryLink } from '../../notifications/render.js';
import type { Executor } from '../../platform/db/client.js';
import { listCsafAdvisories, type CsafAdvisoryRow } from '../published-advisories.repo.js';

export type FeedLanguage = 'de' | 'en';

const MAX_ITEMS = 50;

const CHANNEL: Record<FeedLanguage, { title: string; description: string }> = {
  de: { title: 'CERT-Thüringen – öffentliche Warnmeldungen (TLP:CLEAR)', description: 'Öffentliche Sicherheitswarnungen von CERT-Thüringen aus Lagebild.' },
  en: { title: 'CERT-Thüringen – public advisories (TLP:CLEAR)', description: 'Public security advisories of CERT-Thüringen from Lagebild.' },
};

// eslint-disable-next-line no-control-regex -- removing characters XML 1.0 does not allow is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text safe inside an XML element or a double-quoted attribute. Carriage returns become `&#13;`,
 * since XML parsers would otherwise normalize them to line feeds.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

type Item = { id: string; title: string; summary: string; link: string; severity: string; published: Date; updated: Date };

async function items(db: Executor, baseUrl: string, lang: FeedLanguage): Promise<Item[]> {
  const rows = await listCsafAdvisories(db, ANONYMOUS, ['clear'], { ownOnly: false, withWithdrawn: false, limit: MAX_ITEMS });
  return rows
    .filter((row: CsafAdvisoryRow) => row.status !== 'withdrawn' && row.tlp === 'clear')
    .map((row) => ({
      id: row.id,
      title: (lang === 'en' ? row.content.title.en : undefined) ?? row.content.title.de,
      summary: (lang === 'en' ? row.content.summary.en : undefined) ?? row.content.summary.de,
      link: advisoryLink(baseUrl, row.id),
      severity: bsiSeverityLabel(row.content.severity, lang),
      published: row.publishedAt ?? row.lastRevisionAt,
      updated: row.lastRevisionAt,
    }));
}

function feedUrl(baseUrl: string, kind: 'rss' | 'atom', lang: FeedLanguage): string {
  return `${baseUrl}/feeds/advisories.${kind}${lang === 'en' ? '?lang=en' : ''}`;
}

/** The RSS 2.0 document. */
export async function advisoriesRss(db: Executor, baseUrl: string, lang: FeedLanguage): Promise<string> {
  const list = await items(db, baseUrl, lang);
  const channel = CHANNEL[lang];
  const self = xmlEscape(feedUrl(baseUrl, 'rss', lang));
  const entries = list.map(
    (item) => `    <item>
      <title>${xmlEscape(item.title)}</title>
      <link>${xmlEscape(item.link)}</link>
      <guid isPermaLink="false">urn:uuid:${item.id}</guid>
      <pubDate>${item.updated.toUTCString()}</pubDate>
      <category>${xmlEscape(item.severity)}</category>
      <description>${xmlEscape(item.summary)}</description>
    </item>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xmlEscape(channel.title)}</title>
    <link>${xmlEscape(baseUrl)}/</link>
    <description>${xmlEscape(channel.description)}</description>
    <language>${lang}</language>
    <atom:link href="${self}" rel="self" type="application/rss+xml"/>
${list[0] ? `    <lastBuildDate>${list[0].updated.toUTCString()}</lastBuildDate>\n` : ''}${entries.join('')}  </channel>
</rss>
`;
}

/** The Atom 1.0 document. */
export async function advisoriesAtom(db: Executor, baseUrl: string, lang: FeedLanguage): Promise<string> {
  const list = await items(db, baseUrl, lang);
  const channel = CHANNEL[lang];
  const updated = (list[0]?.updated ?? new Date(0)).toISOString();
  const entries = list.map(
    (item) => `  <entry>
    <id>urn:uuid:${item.id}</id>
    <title type="text">${xmlEscape(item.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(item.link)}"/>
    <published>${item.published.toISOString()}</published>
    <updated>${item.updated.toISOString()}</updated>
    <category term="${xmlEscape(item.severity)}"/>
    <summary type="text">${xmlEscape(item.summary)}</summary>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${xmlEscape(feedUrl(baseUrl, 'atom', lang))}</id>
  <title type="text">${xmlEscape(channel.title)}</title>
  <subtitle type="text">${xmlEscape(channel.description)}</subtitle>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(feedUrl(baseUrl, 'atom', lang))}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(baseUrl)}/"/>
  <author><name>CERT-Thüringen</name></author>
${entries.join('')}</feed>
`;
}
