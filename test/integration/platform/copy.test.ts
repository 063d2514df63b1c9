import { expect } from 'chai';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../support/database.js';
import { queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { racing } from '../../support/racing.js';
import { COPY_NULL, CopyLines, copyJson, copyRow, copyRows, copyText, copyTextArray } from '../../../server/platform/db/copy.js';
import { feedItems, feedSources, type FeedSourceRow } from '../../../server/feeds/feeds.table.js';
import { ingestRunOutput } from '../../../server/feeds/ingest.js';
import { FeedItemDraftSchema, type FeedItem } from '../../../feeds/feed.js';

// What COPY's text format treats specially, and what array literals and JSON do.
const tricky = fc.constantFrom('\\', '\t', '\n', '\r', '"', "'", '{', '}', ',', ' ', 'N', 'ä', '€', '😀', '\\N', 'NULL', '\u2028', '\u0001');
const text = fc.oneof(fc.string({ unit: tricky, maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }));

type Row = { t: string | null; a: string[]; j: unknown; b: unknown };

describe('COPY in the text format on the database driver', function () {
  let database: DatabaseHandle;

  before(async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`create table copy_probe (n int, t text, a text[], j json, b jsonb)`);
  });
  after(() => database.close());

  it('stores text, arrays, json and jsonb exactly as given, whatever characters they hold', async () => {
    const json = fc.jsonValue({ maxDepth: 3 }).filter((value) => !JSON.stringify(value).includes('\\u0000'));
    const row = fc.record({ t: fc.option(text, { nil: null }), a: fc.array(text, { maxLength: 5 }), j: json, b: json });
    // Each case is copied in one transaction, read back, and cleared.
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), fc.boolean(), async (rows: Row[], gathered: boolean) => {
        const each = rows.map((value, n) => copyRow([String(n), copyText(value.t), copyTextArray(value.a), copyJson(JSON.stringify(value.j)), copyJson(JSON.stringify(value.b))]));
        // As one string, or gathered as bytes the way ingestion does.
        const lines = gathered ? new CopyLines() : each.join('');
        if (lines instanceof CopyLines) for (const line of each) lines.add(line);
        await database.db.transaction((tx) => copyRows(tx, 'copy_probe', ['n', 't', 'a', 'j', 'b'], lines));
        const back = await queryRows<{ t: string | null; a: string[]; j: string; b: unknown }>(database.db, sql`select t, a, j::text as j, b from copy_probe order by n`);
        await database.db.execute(sql`delete from copy_probe`);
        expect(back.map((value) => value.t)).to.deep.equal(rows.map((value) => value.t));
        expect(back.map((value) => value.a)).to.deep.equal(rows.map((value) => value.a));
        // json keeps the text as sent; jsonb is the same value (its own key order and number form).
        expect(back.map((value) => value.j)).to.deep.equal(rows.map((value) => JSON.stringify(value.j)));
        expect(back.map((value) => value.b)).to.deep.equal(rows.map((value) => JSON.parse(JSON.stringify(value.b)) as unknown));
      }),
      { numRuns: 60 },
    );
  });

  it('gathers rows as bytes across several buffers, multi-byte characters and a row larger than a buffer included', async () => {
    const lines = new CopyLines();
    const expected: string[] = [];
    // 7,000 rows of about 1.3 kB of UTF-8 each (rows end anywhere in a buffer), and one of 2.5 M characters.
    for (let n = 0; n < 7_000; n += 1) {
      const value = n === 3_500 ? 'ü'.repeat(2_500_000) : `${n}:${'ä€😀\\x'.repeat(100 + (n % 7))}`;
      expected.push(value);
      lines.add(copyRow([String(n), copyText(value)]));
    }
    expect(lines.rows).to.equal(7_000);
    expect(lines.bytes().length).to.equal(Buffer.byteLength(expected.map((value, n) => copyRow([String(n), copyText(value)])).join('')));
    await database.db.transaction((tx) => copyRows(tx, 'copy_probe', ['n', 't'], lines));
    const back = await queryRows<{ t: string }>(database.db, sql`select t from copy_probe order by n`);
    await database.db.execute(sql`delete from copy_probe`);
    expect(back.map((row) => row.t)).to.deep.equal(expected);
  });

  it('writes NULL as \\N and keeps the string "\\N" a string', async () => {
    await database.db.transaction((tx) => copyRows(tx, 'copy_probe', ['n', 't', 'a'], copyRow(['1', COPY_NULL, copyTextArray([])]) + copyRow(['2', copyText('\\N'), copyTextArray(['\\N', 'NULL'])])));
    const back = await queryRows<{ t: string | null; a: string[] }>(database.db, sql`select t, a from copy_probe order by n`);
    await database.db.execute(sql`delete from copy_probe`);
    expect(back).to.deep.equal([
      { t: null, a: [] },
      { t: '\\N', a: ['\\N', 'NULL'] },
    ]);
  });

  it('fails inside the transaction and leaves it usable through a savepoint', async () => {
    const kept = await database.db.transaction(async (tx) => {
      await copyRows(tx, 'copy_probe', ['n', 't'], copyRow(['1', 'kept']));
      const failure = await tx.transaction((savepoint) => copyRows(savepoint, 'copy_probe', ['n', 't'], copyRow(['not a number', 'x']))).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(String((failure as Error | undefined)?.message ?? (failure as Error | undefined)?.cause)).to.match(/integer|invalid input/i);
      return queryRows<{ t: string }>(tx, sql`select t from copy_probe`);
    });
    await database.db.execute(sql`delete from copy_probe`);
    expect(kept).to.deep.equal([{ t: 'kept' }]);
  });

  it('refuses a server pool, which has no single connection to stream on', async () => {
    let error: unknown;
    try {
      await copyRows(database.db, 'copy_probe', ['n'], copyRow(['1']));
    } catch (caught) {
      error = caught;
    }
    // PGlite's single session would take it; a server pool must not (the rows could land on any connection).
    if (database.driver === 'pg') expect(String(error)).to.match(/needs a transaction/);
  });
});

describe('large JSON parameters', function () {
  let database: DatabaseHandle;

  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  // On PGlite they go as UTF-8 bytes in the binary format (json: the text; jsonb: version byte + text).
  it('arrive whole as json and as jsonb, with non-ASCII text, above and below the size where they go as bytes', async () => {
    for (const count of [10, 20_000]) {
      const values = Array.from({ length: count }, (_, index) => `Wert ${index} – ä€😀 "\\"`);
      const json = JSON.stringify(values);
      const [asJson] = await queryRows<{ n: number; last: string }>(database.db, sql`select count(*)::int as n, (array_agg(v))[${count}] as last from json_array_elements_text(${json}::json) as v`);
      const [asJsonb] = await queryRows<{ n: number; last: string }>(database.db, sql`select count(*)::int as n, (array_agg(v))[${count}] as last from jsonb_array_elements_text(${json}::jsonb) as v`);
      expect(asJson).to.deep.equal({ n: count, last: values.at(-1) });
      expect(asJsonb).to.deep.equal({ n: count, last: values.at(-1) });
    }
  });

  it('are rejected as invalid JSON like small ones', async () => {
    const broken = `[${'"x",'.repeat(40_000)}`;
    for (const cast of [sql`::json`, sql`::jsonb`]) {
      const error = await queryRows(database.db, sql`select ${broken}${cast} as v`).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      const reason = error?.cause instanceof Error ? error.cause.message : error?.message;
      expect(reason).to.match(/invalid input syntax for type json/);
    }
  });
});

describe('feed ingestion through COPY', function () {
  let database: DatabaseHandle;
  let source: FeedSourceRow;

  before(async () => {
    database = await createTestDatabase();
    [source] = (await database.db.insert(feedSources).values({ key: 'copy', type: 'csaf-provider', name: 'copy', url: 'file:copy', schedule: '0 0 1 1 *', enabled: false }).returning()) as [FeedSourceRow];
  });
  after(() => database.close());

  const item = (externalId: string, title: string): FeedItem =>
    FeedItemDraftSchema.parse({
      externalId,
      kind: 'advisory',
      title: { de: title, en: `${title}\r\nline two` },
      summary: { de: 'Pfad C:\\Programme\\Hersteller\t(tab) "zitiert"' },
      url: 'https://example.org/a?b=1&c=\\d',
      published: new Date('2026-03-01T10:00:00.000Z'),
      revision: '1.0\t2',
      cves: ['CVE-2026-1000'],
      cvss: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
      products: [{ vendor: 'Hersteller "A"\\B', product: 'Produkt {1,2}', versions: [{ below: '2.0' }] }],
      tlp: 'green',
      document: { note: 'backslash \\ quote " newline \n tab \t unicode ä😀 \u2028', nested: { list: ['{a,b}', '\\N'] } },
      findings: [{ test: 'schema', path: '/a\\b', message: 'line\nbreak' }],
    });

  it('stores every field of a new item exactly, whatever characters it holds', async () => {
    const written = item('ADV-1', 'Titel mit\tTab, Zeilen\numbruch und \\Backslash');
    const result = await database.db.transaction((tx) => ingestRunOutput(tx, source, { items: [written], stixObjects: [], enrichments: [], cursor: null }, new Date('2026-03-02T10:00:00.000Z')));
    expect(result.items).to.deep.equal({ new: 1, updated: 0, unchanged: 0 });
    const [stored] = await database.db.select().from(feedItems).where(eq(feedItems.externalId, 'ADV-1'));
    expect(result.createdIds).to.deep.equal([stored!.id]);
    expect(stored).to.include({ titleDe: written.title.de, titleEn: written.title.en, url: written.url, revision: written.revision, tlp: 'green', cvssScore: 9.8, state: 'new' });
    expect(stored!.cves).to.deep.equal(['CVE-2026-1000']);
    expect(stored!.products).to.deep.equal(written.products);
    expect(stored!.findings).to.deep.equal(written.findings);
    expect(stored!.content).to.deep.equal({ summary: written.summary, remediation: {}, cvss: written.cvss, references: [], document: written.document });
    expect(stored!.published?.toISOString()).to.equal('2026-03-01T10:00:00.000Z');
    expect(stored!.firstSeenAt.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
    // The second run finds the same hash: nothing was altered on the way in.
    const again = await database.db.transaction((tx) => ingestRunOutput(tx, source, { items: [written], stixObjects: [], enrichments: [], cursor: null }, new Date()));
    expect(again.items).to.deep.equal({ new: 0, updated: 0, unchanged: 1 });
  });

  it('takes over an item a racing quarantine release stored between lookup and COPY, and stores the others', async () => {
    const [first, racingItem] = [item('ADV-2', 'erstes'), item('ADV-3', 'im Rennen')];
    const result = await database.db.transaction((tx) => {
      const racy = racing(tx, (other) => other.insert(feedItems).values({ sourceId: source.id, externalId: 'ADV-3', kind: 'advisory', titleDe: 'freigegeben', tlp: 'amber', content: { summary: {}, remediation: {}, cvss: [], references: [] }, contentHash: 'released', state: 'seen' }));
      return ingestRunOutput(racy, source, { items: [first, racingItem], stixObjects: [], enrichments: [], cursor: null }, new Date());
    });
    expect(result.problems).to.deep.equal([]);
    const rows = await database.db.select({ externalId: feedItems.externalId, titleDe: feedItems.titleDe, tlp: feedItems.tlp, state: feedItems.state }).from(feedItems).where(sql`${feedItems.externalId} in ('ADV-2', 'ADV-3')`).orderBy(feedItems.externalId);
    // The run's version wins (it is the source's), and the released item goes back to the inbox as new.
    expect(rows).to.deep.equal([
      { externalId: 'ADV-2', titleDe: 'erstes', tlp: 'green', state: 'new' },
      { externalId: 'ADV-3', titleDe: 'im Rennen', tlp: 'green', state: 'new' },
    ]);
    expect(result.createdIds).to.have.length(1);
  });
});
