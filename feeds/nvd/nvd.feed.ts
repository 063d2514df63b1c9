/**
 * NVD CVE API 2.0 adapter (FORMATS.md "NVD CVE API 2.0").
 *
 * Spec: https://nvd.nist.gov/developers/vulnerabilities (lastModStartDate/lastModEndDate must be given
 * together, date ranges span at most 120 consecutive days; startIndex/resultsPerPage paging) and
 * https://nvd.nist.gov/developers/start-here (rate limits).
 *
 * Incremental rule: the cursor holds the end of the last fetched `lastModified` window. The next
 * run asks for `lastModStartDate = cursor − overlapMinutes` up to now, split into windows of at
 * most 120 consecutive days (the API's maximum), each paged with `startIndex`/`resultsPerPage`
 * until `totalResults`. Records last modified before the previous window end were delivered
 * already and count as unchanged. Dates are sent as extended ISO-8601 with an explicit offset
 * (`…+00:00`), which the API effectively requires.
 *
 * Rate limits: 5 requests per rolling 30 s without a key, 50 with the `apiKey` header (the
 * source's `apiKey` credential); enforced by a {@link RollingWindowLimiter} per adapter instance
 * whose clock tests inject.
 */
import { z } from 'zod';
import { FeedError, type CveEnrichment, type FeedAdapter, type FeedItemDraft, type FeedProblem, type FeedRunOutput } from '../feed.js';
import { throwIfAborted } from '../source-util.js';
import { parseNvdPage } from './nvd.parse.js';
import { RollingWindowLimiter, systemClock, type LimiterClock } from './rate-limiter.js';

export const NVD_DEFAULT_URL = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
export const NVD_MAX_WINDOW_DAYS = 120;
export const NVD_RATE_WINDOW_MS = 30_000;
export const NVD_LIMIT_WITHOUT_KEY = 5;
export const NVD_LIMIT_WITH_KEY = 50;

export const NvdOptionsSchema = z.object({
  /** Page size, at most 2,000 for the CVE API. */
  resultsPerPage: z.number().int().min(1).max(2000).default(2000),
  /** First run: how far back `lastModStartDate` reaches. */
  initialDays: z.number().int().min(1).max(3650).default(7),
  /** Re-fetch this much before the previous window end (NVD publishes late). */
  overlapMinutes: z.number().int().min(0).max(24 * 60).default(60),
  /** At most this many 120-day windows per run; the rest follows next run. */
  maxWindowsPerRun: z.number().int().min(1).max(100).default(4),
});

const NvdCursorSchema = z.object({ lastModEnd: z.iso.datetime({ offset: true }) });
export type NvdCursor = z.infer<typeof NvdCursorSchema>;

const DAY_MS = 86_400_000;

/** `2024-03-01T12:00:00.000+00:00`: extended ISO-8601 with an explicit offset. */
export function nvdDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export type NvdAdapterOptions = { clock?: LimiterClock };

/** Builds an NVD adapter with its own rate limiters (tests inject the clock). */
export function createNvdAdapter(adapterOptions: NvdAdapterOptions = {}): FeedAdapter {
  const clock = adapterOptions.clock ?? systemClock;
  const withoutKey = new RollingWindowLimiter(NVD_LIMIT_WITHOUT_KEY, NVD_RATE_WINDOW_MS, clock);
  const withKey = new RollingWindowLimiter(NVD_LIMIT_WITH_KEY, NVD_RATE_WINDOW_MS, clock);
  return {
    type: 'nvd',
    optionsSchema: NvdOptionsSchema,
    async run(context): Promise<FeedRunOutput> {
      const options = NvdOptionsSchema.parse(context.source.options);
      const apiKey = context.source.credentials.apiKey;
      const limiter = apiKey !== undefined && apiKey !== '' ? withKey : withoutKey;
      const previous = NvdCursorSchema.safeParse(context.cursor);
      const now = context.now();
      const previousEnd = previous.success ? new Date(previous.data.lastModEnd) : undefined;
      let windowStart = previousEnd ? new Date(previousEnd.getTime() - options.overlapMinutes * 60_000) : new Date(now.getTime() - options.initialDays * DAY_MS);
      const items: FeedItemDraft[] = [];
      const enrichments: CveEnrichment[] = [];
      const problems: FeedProblem[] = [];
      const seen = new Set<string>();
      let unchanged = 0;
      let requests = 0;
      let windows = 0;
      while (windowStart < now && windows < options.maxWindowsPerRun) {
        const windowEnd = new Date(Math.min(windowStart.getTime() + NVD_MAX_WINDOW_DAYS * DAY_MS, now.getTime()));
        let startIndex = 0;
        for (;;) {
          throwIfAborted(context.signal);
          const url = new URL(context.source.url);
          url.searchParams.set('lastModStartDate', nvdDate(windowStart));
          url.searchParams.set('lastModEndDate', nvdDate(windowEnd));
          url.searchParams.set('resultsPerPage', String(options.resultsPerPage));
          url.searchParams.set('startIndex', String(startIndex));
          const waited = await limiter.acquire(context.signal);
          if (waited > 0) context.log('info', 'NVD rate limit: waited before the next request', { waitedMs: waited });
          requests += 1;
          const response = await context.http.get(url.toString(), {
            accept: ['application/json'],
            ...(apiKey !== undefined && apiKey !== '' ? { headers: { apiKey } } : {}),
          });
          if (response.status !== 200) throw new FeedError(`NVD answered ${response.status} to an unconditional request`, 'http_error');
          const page = parseNvdPage(response.body, context.source.defaultTlp);
          problems.push(...page.problems);
          for (const record of page.records) {
            if (seen.has(record.cve)) continue;
            seen.add(record.cve);
            if (previousEnd !== undefined && Date.parse(record.lastModified) < previousEnd.getTime()) {
              unchanged += 1;
              continue;
            }
            if (record.item) items.push(record.item);
            enrichments.push(record.enrichment);
          }
          startIndex += page.count;
          if (page.count === 0 || startIndex >= page.totalResults) break;
        }
        windows += 1;
        windowStart = windowEnd;
      }
      context.log('info', 'NVD sync done', { requests, windows, items: items.length, unchanged, until: windowStart.toISOString() });
      return { items, stixObjects: [], enrichments, problems, cursor: { lastModEnd: windowStart.toISOString() } satisfies NvdCursor, unchanged, records: { total: enrichments.length + unchanged + problems.length, noun: 'CVE records', storedAs: 'enrichments' } };
    },
  };
}

/** The default NVD adapter (real clock). */
export const nvdAdapter: FeedAdapter = createNvdAdapter();
