/** Shapes of the feeds API (server/feeds/inbox.ts, server/feeds/feeds.routes.ts) as the client reads them. */
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

export type FeedRun = {
  id: string;
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  counts: { new: number; updated: number; unchanged: number; failed: number };
  error: string | null;
  problems: { ref: string; message: string }[];
};

export type FeedSource = {
  id: string;
  key: string;
  type: string;
  name: string;
  url: string;
  schedule: string;
  enabled: boolean;
  allowPrivateNetwork: boolean;
  defaultTlp: string;
  managedBy: 'config' | 'api';
  lastRun: FeedRun | null;
  lastError: { error: string | null; at: string } | null;
  nextRunAt: string | null;
  items: { total: number; open: number };
};

export const FEED_TYPES = ['csaf-provider', 'cisa-kev', 'nvd', 'epss', 'misp', 'taxii', 'rss'] as const;
export const TLP_VALUES = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

/** The text in the reader's language, falling back to the other one. */
export function pickText(text: Localized, lang: string): string {
  return (lang === 'en' ? (text.en ?? text.de) : (text.de ?? text.en)) ?? '';
}
