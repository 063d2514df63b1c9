/**
 * EPSS adapter: one conditional GET of the daily gzip CSV (gunzipped by the fetcher), then one
 * enrichment per row at or above `minPercentile`. The cursor keeps the validators and the
 * `score_date`; a file with the same score date as last time counts as unchanged.
 */
import { z } from 'zod';
import type { FeedAdapter, FeedRunOutput } from '../feed.js';
import { epssEnrichment, parseEpssCsv } from './epss.parse.js';
import { conditionalOn, ValidatorsShape, storedCursor } from '../source-util.js';

export const EPSS_DEFAULT_URL = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';

export const EpssOptionsSchema = z.object({
  /** Rows below this percentile are not stored (0 keeps all ~300,000). */
  minPercentile: z.number().min(0).max(1).default(0),
});

const EpssCursorSchema = z.object({
  ...ValidatorsShape,
  scoreDate: z.string(),
  rows: z.number().int().nonnegative(),
});
export type EpssCursor = z.infer<typeof EpssCursorSchema>;

export const epssAdapter: FeedAdapter = {
  type: 'epss',
  optionsSchema: EpssOptionsSchema,
  async run(context): Promise<FeedRunOutput> {
    const options = EpssOptionsSchema.parse(context.source.options);
    const cursor = storedCursor(EpssCursorSchema, context.cursor);
    const response = await context.http.get(context.source.url, {
      accept: ['text/csv', 'application/gzip', 'application/x-gzip', 'application/octet-stream', 'text/plain'],
      gunzip: true,
      ...conditionalOn(cursor),
    });
    if (response.status === 304 && cursor !== undefined) {
      return { items: [], stixObjects: [], enrichments: [], problems: [], cursor, unchanged: cursor.rows, records: { total: cursor.rows, noun: 'scores', storedAs: 'enrichments' } };
    }
    const file = parseEpssCsv(response.body);
    const next: EpssCursor = {
      ...(response.etag !== undefined ? { etag: response.etag } : {}),
      ...(response.lastModified !== undefined ? { lastModified: response.lastModified } : {}),
      scoreDate: file.scoreDate,
      rows: file.rows.length,
    };
    if (cursor !== undefined && cursor.scoreDate === file.scoreDate) {
      context.log('info', 'EPSS scores unchanged (same score date)', { scoreDate: file.scoreDate });
      return { items: [], stixObjects: [], enrichments: [], problems: file.problems, cursor: next, unchanged: file.rows.length, records: { total: file.rows.length + file.problems.length, noun: 'scores', storedAs: 'enrichments' } };
    }
    const enrichments = file.rows.filter((row) => row.percentile >= options.minPercentile).map((row) => epssEnrichment(row, file.scoreDate));
    context.log('info', 'EPSS scores parsed', { scoreDate: file.scoreDate, modelVersion: file.modelVersion, rows: file.rows.length, kept: enrichments.length });
    return { items: [], stixObjects: [], enrichments, problems: file.problems, cursor: next, unchanged: 0, records: { total: file.rows.length + file.problems.length, noun: 'scores', storedAs: 'enrichments' } };
  },
};
