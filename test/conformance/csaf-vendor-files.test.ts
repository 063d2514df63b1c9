/**
 * Issue 16 "nothing silently dropped", over every real vendor and provider CSAF document in
 * ../shared/data/csaf (vendors/ and providers/; ROLIE feeds, provider metadata and other JSON there
 * are not CSAF documents and are left out by format detection): each document goes through the real
 * `npm run feeds -- import` path into a database and ends up either as an inbox item (possibly with
 * findings) or as a quarantine entry with a reason — never rejected, never lost, never a crash.
 * `<file>.sha256` / `.sha512` beside a document are checked as the import does. Skipped when
 * ../shared is absent.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { runFeedsCli } from '../../server/feeds/cli.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { detectImportFormat } from '../../server/feeds/import-formats.js';
import { feedItems, feedQuarantine, feedSources } from '../../server/feeds/feeds.table.js';
import type { DatabaseHandle } from '../../server/platform/db/client.js';
import { createLogger } from '../../server/platform/logger.js';
import { createTestDatabase } from '../support/database.js';
import { sharedDataDir } from '../support/feed-sources.js';

type Document = { file: string; trackingId: string };

/** Every CSAF document under the folder (by content, not by name). */
function csafDocuments(dir: string): Document[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .flatMap((file) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        return [];
      }
      if (detectImportFormat(json) !== 'csaf') return [];
      const tracking = (json as { document?: { tracking?: { id?: unknown } } }).document?.tracking?.id;
      return [{ file, trackingId: typeof tracking === 'string' ? tracking.trim() : '' }];
    });
}

describe('conformance: every real vendor CSAF document is ingested or quarantined', function () {
  this.timeout(300_000);
  let shared: string;
  let database: DatabaseHandle;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } });

  before(async function () {
    const dir = sharedDataDir();
    if (!dir) this.skip();
    shared = join(dir, 'csaf');
    database = await createTestDatabase();
  });
  after(async () => {
    await http.close();
    await database?.close();
  });

  for (const folder of ['vendors', 'providers']) {
    it(`${folder}/: each document is an inbox item or a quarantine entry with a reason`, async () => {
      const documents = csafDocuments(join(shared, folder));
      expect(documents.length, `CSAF documents under ${folder}/`).to.be.greaterThan(5);
      let out = '';
      let err = '';
      const exit = await runFeedsCli(['import', ...documents.map((document) => document.file)], {
        database,
        config: { feedCredentials: {} },
        logger: createLogger('silent', false),
        feedHttp: http,
        out: (text) => (out += text),
        err: (text) => (err += text),
        progress: false,
      });
      // No document may be rejected (dropped) by the import; exit 1 is allowed only for quarantine.
      expect(err, out).to.not.match(/rejected/);
      const [source] = await database.db.select({ id: feedSources.id }).from(feedSources).where(eq(feedSources.key, 'import-csaf'));
      expect(source, out + err).to.not.equal(undefined);
      const items = new Set((await database.db.select({ externalId: feedItems.externalId }).from(feedItems).where(eq(feedItems.sourceId, source!.id))).map((row) => row.externalId));
      const quarantined = await database.db.select({ ref: feedQuarantine.ref, reason: feedQuarantine.reason }).from(feedQuarantine).where(eq(feedQuarantine.sourceId, source!.id));
      const lost: string[] = [];
      for (const document of documents) {
        const name = relative(shared, document.file);
        const base = name.split('/').at(-1)!;
        const inQuarantine = quarantined.find((entry) => entry.ref.includes(base));
        if (inQuarantine) {
          expect(inQuarantine.reason, name).to.be.a('string').and.not.equal('');
          continue;
        }
        if (!items.has(document.trackingId)) lost.push(name);
      }
      expect(lost, `${out}\n${err}`).to.deep.equal([]);
      expect(exit === 0 || quarantined.length > 0, `${out}\n${err}`).to.equal(true);
    });
  }
});
