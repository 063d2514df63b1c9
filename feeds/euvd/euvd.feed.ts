/**
 * `euvd`: the ENISA EU Vulnerability Database (feeds/euvd/euvd.parse.ts has the format). One run:
 * the exploited list (`exploitedvulnerabilities`, every record marked exploited), the latest list
 * (`lastvulnerabilities`), and the records published or updated since the last run by date range
 * (`search?fromDate&toDate`, paged). Each record becomes an inbox item correlated by its CVE
 * aliases and, per CVE, an enrichment with the EUVD id and exploitation status for the card.
 * The cursor is the last day searched; the next run searches from it again (the API filters by day).
 * ENISA's gateway rejects some default user agents: the fetcher sends Lagebild's own.
 */
import { z } from 'zod';
import type { CveEnrichment, FeedAdapter, FeedItemDraft, FeedProblem, FeedRunOutput } from '../feed.js';
import { joinUrl, storedCursor, throwIfAborted } from '../source-util.js';
import { euvdEnrichments, euvdItem, parseEuvdList, type EuvdRecord } from './euvd.parse.js';

export const EUVD_DEFAULT_URL = 'https://euvdservices.enisa.europa.eu/api/';

export const EuvdOptionsSchema = z.object({
  /** Which lists to read each run. */
  lists: z.array(z.enum(['exploited', 'latest', 'search'])).min(1).default(['exploited', 'latest', 'search']),
  /** First run: search this many days back. */
  initialDays: z.number().int().min(0).max(3_650).default(7),
  /** Records per search page (the API allows up to 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Pages per run at most; the rest follows next run. */
  maxPages: z.number().int().min(1).max(1_000).default(50),
});

const EuvdCursorSchema = z.object({ searchedUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
type EuvdCursor = z.infer<typeof EuvdCursorSchema>;

const day = (date: Date): string => date.toISOString().slice(0, 10);

export const euvdAdapter: FeedAdapter = {
  type: 'euvd',
  optionsSchema: EuvdOptionsSchema,
  async run(context): Promise<FeedRunOutput> {
    const options = EuvdOptionsSchema.parse(context.source.options);
    const cursor = storedCursor(EuvdCursorSchema, context.cursor);
    const base = context.source.url.endsWith('/') ? context.source.url : `${context.source.url}/`;
    const records = new Map<string, { record: EuvdRecord; exploited: boolean }>();
    const problems: FeedProblem[] = [];
    const take = (list: EuvdRecord[], exploited: boolean) => {
      for (const record of list) {
        const before = records.get(record.id);
        // The same record may come from several lists; exploitation learned from one stays.
        const merged = before?.record.exploitedSince && !record.exploitedSince ? { ...record, exploitedSince: before.record.exploitedSince } : record;
        records.set(record.id, { record: merged, exploited: exploited || before?.exploited === true });
      }
    };
    const get = async (path: string) => {
      throwIfAborted(context.signal);
      const response = await context.http.get(joinUrl(base, path), { accept: ['application/json'] });
      const page = parseEuvdList(response.body);
      problems.push(...page.problems);
      return page;
    };
    if (options.lists.includes('exploited')) take((await get('exploitedvulnerabilities')).records, true);
    if (options.lists.includes('latest')) take((await get('lastvulnerabilities')).records, false);
    const today = day(context.now());
    let searchedUntil = cursor?.searchedUntil;
    if (options.lists.includes('search')) {
      const from = cursor?.searchedUntil ?? day(new Date(context.now().getTime() - options.initialDays * 86_400_000));
      let complete = false;
      for (let page = 0; page < options.maxPages; page += 1) {
        const result = await get(`search?fromDate=${from}&toDate=${today}&page=${page}&size=${options.pageSize}`);
        take(result.records, false);
        if (result.records.length < options.pageSize || (result.total !== undefined && (page + 1) * options.pageSize >= result.total)) {
          complete = true;
          break;
        }
      }
      // Cut short by maxPages: search the same range again next run (records dedupe by id).
      if (complete) searchedUntil = today;
    }
    const items: FeedItemDraft[] = [];
    const enrichments: CveEnrichment[] = [];
    for (const { record, exploited } of records.values()) {
      items.push(euvdItem(record, exploited, context.source.defaultTlp));
      enrichments.push(...euvdEnrichments(record, exploited));
    }
    context.log('info', 'EUVD read', { records: records.size, exploited: [...records.values()].filter((entry) => entry.exploited).length, problems: problems.length, searchedUntil });
    return {
      items,
      stixObjects: [],
      enrichments,
      problems,
      cursor: searchedUntil ? ({ searchedUntil } satisfies EuvdCursor) : null,
      unchanged: 0,
      records: { total: records.size + problems.length, noun: 'vulnerabilities', storedAs: 'items' },
    };
  },
};
