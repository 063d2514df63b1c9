/** Shapes of the feeds API (server/feeds/inbox.ts, server/feeds/feeds.routes.ts) as the client reads them. */
import type { Schema } from '../../lib/api-schemas';

export type Localized = { de?: string | null; en?: string | null };

export type FeedItem = {
  id: string;
  source: { id: string; key: string; name: string; type: string };
  externalId: string;
  kind: string;
  title: { de: string | null; en: string | null };
  summary: Localized;
  remediation: Localized;
  url: string | null;
  cves: string[];
  severity: string | null;
  cvssScore: number | null;
  products: { vendor: string; product: string }[];
  tlp: string;
  state: 'new' | 'seen' | 'promoted' | 'dismissed';
  promotedAdvisoryId: string | null;
  upstreamUpdatedAt: string | null;
  updatedAt: string;
  /** Checks the source document failed (accepted with findings). */
  findings: { test: string; path: string; message: string }[];
  /** Indicators of the item on a warninglist; promotion needs an override with a reason. */
  warnings: IndicatorWarning[];
};

/** An indicator a warninglist flags (server/feeds/indicator-warnings.ts). */
export type IndicatorWarning = {
  stixId: string;
  name: string | null;
  type: string;
  value: string;
  flags: { list: string; listName: string; category: string; matched: string; reason: { de: string; en: string } }[];
};

export type Enrichment = {
  cve: string;
  kev: { dueDate?: string; knownRansomwareCampaignUse?: boolean } | null;
  epss: { score: number; percentile: number | null } | null;
  nvd: { description?: string } | null;
};

/** A constituent organization whose inventory runs a product of the card (matching engine). */
export type AffectedOrganization = { organizationId: string; name: string; shortName: string | null; reasons: { assetId: string; de: string; en: string }[] };

export type InboxCard = { key: string; cves: string[]; updatedAt: string; items: FeedItem[]; related: FeedItem[]; enrichments: Enrichment[]; affected: AffectedOrganization[] };

/** Feed sources and their runs: the server's schemas (server/feeds/feeds.schemas.ts), generated. */
export type FeedRun = Schema<'FeedRun'>;
export type FeedSource = Schema<'FeedSource'>;

export const FEED_TYPES = ['csaf-provider', 'cisa-kev', 'nvd', 'epss', 'misp', 'taxii', 'rss'] as const;
export const TLP_VALUES = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

/** The text in the reader's language, falling back to the other one. */
export function pickText(text: Localized, lang: string): string {
  return (lang === 'en' ? (text.en ?? text.de) : (text.de ?? text.en)) ?? '';
}
