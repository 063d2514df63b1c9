// `npm run bench -- ingest`: records per second through the real feed ingestion path for three
// workloads, each beside a baseline measured in the same run on the same database:
//   1. the CISA KEV catalog (../shared/data/kev when present, else 1,404 generated entries in KEV
//      format), parsed by the real KEV import parser (feeds/sources.ts importKevCatalog);
//   2. 100,000 generated CVE JSON 5 records, handed to ingestion unparsed (bulk documents, as the NVD
//      file import does) and parsed there by the real `importCve5Record` (zod schema of the CVE record
//      format) in the bulk worker thread, beside the writes (docs/adr/0008);
//   3. a 25,000-object STIX 2.1 bundle (indicators with TLP 1.0 markings, identities, relationships)
//      through the bundle import parser and lenient STIX validation.
// Ingestion = `runFeedSource` with an adapter that JSON.parses the payload and calls the parser: zod
// validation of every item, content hashes, dedupe against stored rows, `feed_items` / `cve_enrichments`
// / `stix_objects` upserts, cursor, outbox events and the run record in one transaction. A second run of
// the unchanged source measures the "nothing changed" path.
// Baselines = plain JSON.parse + a bulk insert of the same rows, 5,000 per statement, no validation,
// hashing, conflict handling, events or run record; twice: through `json(b)_to_recordset` (one JSON
// parameter per statement; the baseline the throughput target was set against) and through COPY (what
// ingestion now uses for new rows; the floor).
// With DATABASE_URL the benchmark creates a database of its own on that server and drops it after;
// else PGlite in a data directory of its own, as `npm start` runs it (BENCH_PGLITE_MEMORY=1: in memory). BENCH_INGEST_RECORDS changes the CVE count, BENCH_INGEST_STIX the bundle size.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { ROOT_DIR } from '../config/index.js';
import type { FeedAdapter, FeedRunOutput, FeedType } from '../feeds/feed.js';
import { importKevCatalog } from '../feeds/sources.js';
import { IMPORT_PARSERS } from '../server/feeds/import-formats.js';
import { feedSources } from '../server/feeds/feeds.table.js';
import { runFeedSource } from '../server/feeds/runner.js';
import { openDatabase, queryRows, type DatabaseHandle, type Executor } from '../server/platform/db/client.js';
import { COPY_NULL, copyJson, copyRow, copyRows, copyText, copyTextArray } from '../server/platform/db/copy.js';
import { createLogger } from '../server/platform/logger.js';

const RECORDS = Number(process.env.BENCH_INGEST_RECORDS ?? 100_000);
const STIX_OBJECTS = Number(process.env.BENCH_INGEST_STIX ?? 25_000);
const CHUNK = 5_000;
const KEV_FILE = join(ROOT_DIR, '..', 'shared', 'data', 'kev', 'known_exploited_vulnerabilities.json');
const TLP1_GREEN = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';

/** A CVE JSON 5 record (CNA container with affected products, metrics, references). */
export function cve5Record(n: number) {
  const id = `CVE-2025-${String(100_000 + n)}`;
  const vendor = `Vendor ${n % 400}`;
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: id, assignerOrgId: 'b3476cb9-2e3d-41a6-98d0-0f47421a65b6', assignerShortName: 'bench', state: 'PUBLISHED', datePublished: '2025-06-01T10:00:00.000Z', dateUpdated: '2025-06-02T10:00:00.000Z' },
    containers: {
      cna: {
        providerMetadata: { orgId: 'b3476cb9-2e3d-41a6-98d0-0f47421a65b6', shortName: 'bench' },
        title: `Buffer overflow in ${vendor} Product ${n % 7}`,
        descriptions: [{ lang: 'en', value: `A buffer overflow in ${vendor} Product ${n % 7} before ${n % 9}.2 allows remote attackers to execute code (record ${n}).` }],
        affected: [{ vendor, product: `Product ${n % 7}`, versions: [{ version: '0', lessThan: `${n % 9}.2`, status: 'affected', versionType: 'semver' }] }],
        metrics: [{ cvssV3_1: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }],
        problemTypes: [{ descriptions: [{ lang: 'en', type: 'CWE', cweId: 'CWE-787', description: 'CWE-787 Out-of-bounds Write' }] }],
        references: [{ url: `https://vendor${n % 400}.example/advisories/${n}` }],
      },
    },
  };
}
type Cve5 = ReturnType<typeof cve5Record>;

type KevEntry = { cveID: string; vendorProject: string; product: string; vulnerabilityName: string; dateAdded: string; shortDescription: string; requiredAction: string; dueDate: string; knownRansomwareCampaignUse: string; notes: string; cwes?: string[] };

/** The real catalog when ../shared is there, else the same number of entries in KEV format. */
function kevPayload(): { payload: string; origin: string } {
  if (existsSync(KEV_FILE)) return { payload: readFileSync(KEV_FILE, 'utf8'), origin: 'shared/data catalog' };
  const vulnerabilities: KevEntry[] = Array.from({ length: 1_404 }, (_, n) => ({
    cveID: `CVE-2024-${String(20_000 + n)}`,
    vendorProject: `Vendor ${n % 150}`,
    product: `Product ${n % 11}`,
    vulnerabilityName: `Vendor ${n % 150} Product ${n % 11} Remote Code Execution Vulnerability`,
    dateAdded: '2025-01-15',
    shortDescription: `Vendor ${n % 150} Product ${n % 11} contains a vulnerability that allows remote code execution (${n}).`,
    requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
    dueDate: '2025-02-05',
    knownRansomwareCampaignUse: n % 5 === 0 ? 'Known' : 'Unknown',
    notes: `https://nvd.nist.gov/vuln/detail/CVE-2024-${String(20_000 + n)}`,
    cwes: ['CWE-78'],
  }));
  return { payload: JSON.stringify({ title: 'CISA Catalog of Known Exploited Vulnerabilities', catalogVersion: '2025.08.25', dateReleased: '2025-08-25T17:59:50.1327Z', count: vulnerabilities.length, vulnerabilities }), origin: 'generated' };
}

/** A STIX 2.1 bundle: per 5 objects 3 indicators (TLP 1.0 GREEN), 1 identity, 1 relationship. */
function stixBundle(total: number): string {
  const objects: Record<string, unknown>[] = [];
  const created = '2025-06-01T10:00:00.000Z';
  let lastIndicator = '';
  for (let n = 0; objects.length < total; n += 1) {
    const kind = n % 5;
    if (kind < 3) {
      lastIndicator = `indicator--${randomUUID()}`;
      objects.push({ type: 'indicator', spec_version: '2.1', id: lastIndicator, created, modified: created, name: `C2 address ${n}`, description: `Command and control server seen in campaign ${n % 97}.`, indicator_types: ['malicious-activity'], pattern: `[ipv4-addr:value = '198.51.${Math.floor(n / 250) % 256}.${n % 250}']`, pattern_type: 'stix', valid_from: created, labels: ['c2'], object_marking_refs: [TLP1_GREEN] });
    } else if (kind === 3) {
      objects.push({ type: 'identity', spec_version: '2.1', id: `identity--${randomUUID()}`, created, modified: created, name: `Reporter ${n}`, identity_class: 'organization' });
    } else {
      objects.push({ type: 'relationship', spec_version: '2.1', id: `relationship--${randomUUID()}`, created, modified: created, relationship_type: 'related-to', source_ref: lastIndicator, target_ref: lastIndicator });
    }
  }
  return JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects });
}

type Workload = {
  name: string;
  type: FeedType;
  payload: string;
  /** What the ingestion adapter does with the payload: JSON.parse + the real parser. */
  parse(payload: string): FeedRunOutput | Promise<FeedRunOutput>;
  /** The baseline: JSON.parse + a bulk insert of the same rows. @returns the records inserted */
  baseline(tx: Executor, payload: string, sourceId: string, technique: Technique): Promise<number>;
  /** Records a run handles (the rate's numerator). */
  records: number;
  /** Whether ingestion parses the payload (bulk documents) rather than the adapter. */
  parsedBeside?: boolean;
};

/** How a baseline inserts: one `json(b)_to_recordset` statement per chunk, or COPY. */
type Technique = 'recordset' | 'copy';

type ItemBaselineRow = { source_id: string; external_id: string; kind: string; title_en: string; cves: string[]; products: unknown[]; tlp: string; content: unknown };

/**
 * Bulk insert of feed item rows. Through `json_to_recordset`, as `content` is a json column (through
 * `jsonb_to_recordset` each row's content would be built as jsonb and cast back).
 */
async function insertItems(tx: Executor, rows: ItemBaselineRow[], technique: Technique): Promise<void> {
  for (let index = 0; index < rows.length; index += CHUNK) {
    const part = rows.slice(index, index + CHUNK);
    if (technique === 'copy') {
      const lines = part.map((row) => copyRow([row.source_id, copyText(row.external_id), row.kind, copyText(row.title_en), copyTextArray(row.cves), copyJson(JSON.stringify(row.products)), row.tlp, copyJson(JSON.stringify(row.content)), ''])).join('');
      await copyRows(tx, 'feed_items', ['source_id', 'external_id', 'kind', 'title_en', 'cves', 'products', 'tlp', 'content', 'content_hash'], lines);
      continue;
    }
    await tx.execute(sql`insert into feed_items (source_id, external_id, kind, title_en, cves, products, tlp, content, content_hash)
      select r.source_id, r.external_id, r.kind, r.title_en, r.cves, r.products, r.tlp, r.content, '' from json_to_recordset(${JSON.stringify(part)}::json)
      as r(source_id uuid, external_id text, kind text, title_en text, cves text[], products jsonb, tlp text, content json)`);
  }
}
async function insertEnrichments(tx: Executor, rows: { cve: string; kev?: unknown; nvd?: unknown }[], technique: Technique): Promise<void> {
  for (let index = 0; index < rows.length; index += CHUNK) {
    const part = rows.slice(index, index + CHUNK);
    if (technique === 'copy') {
      const json = (value: unknown) => (value === undefined ? COPY_NULL : copyJson(JSON.stringify(value)));
      await copyRows(tx, 'cve_enrichments', ['cve', 'kev', 'nvd'], part.map((row) => copyRow([copyText(row.cve), json(row.kev), json(row.nvd)])).join(''));
      continue;
    }
    await tx.execute(sql`insert into cve_enrichments (cve, kev, nvd) select r.cve, r.kev, r.nvd from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as r(cve text, kev jsonb, nvd jsonb)`);
  }
}

function kevWorkload(): Workload {
  const { payload, origin } = kevPayload();
  const entries = (JSON.parse(payload) as { vulnerabilities: unknown[] }).vulnerabilities.length;
  return {
    name: `KEV catalog (${origin}, ${entries.toLocaleString('en')} entries)`,
    type: 'cisa-kev',
    payload,
    records: entries,
    parse: (text) => ({ ...importKevCatalog(JSON.parse(text), { defaultTlp: 'clear' }), cursor: null }),
    async baseline(tx, text, sourceId, technique) {
      const vulnerabilities = (JSON.parse(text) as { vulnerabilities: KevEntry[] }).vulnerabilities;
      await insertItems(tx, vulnerabilities.map((entry) => ({ source_id: sourceId, external_id: entry.cveID, kind: 'vulnerability', title_en: entry.vulnerabilityName, cves: [entry.cveID], products: [{ vendor: entry.vendorProject, product: entry.product, versions: [] }], tlp: 'clear', content: entry })), technique);
      await insertEnrichments(tx, vulnerabilities.map((entry) => ({ cve: `B${entry.cveID}`, kev: entry })), technique);
      return vulnerabilities.length;
    },
  };
}

function cveWorkload(records = RECORDS): Workload {
  const payload = JSON.stringify(Array.from({ length: records }, (_, n) => cve5Record(n)));
  return {
    name: `CVE JSON 5 records (generated, ${records.toLocaleString('en')}, ${(payload.length / 1e6).toFixed(0)} MB)`,
    type: 'nvd',
    payload,
    records,
    parsedBeside: true,
    // Handed over unparsed, as the NVD and CVE file imports do: ingestion parses the array with the
    // real CVE 5 parser (importCve5Record per record) in its bulk worker thread, beside the writes.
    parse: (text) => ({ items: [], stixObjects: [], enrichments: [], problems: [], unchanged: 0, cursor: { lastModified: '2025-06-02T10:00:00.000Z' }, bulk: { format: 'cve5', documents: [{ ref: 'records.json', body: text }] } }),
    async baseline(tx, text, sourceId, technique) {
      const records = JSON.parse(text) as Cve5[];
      await insertItems(
        tx,
        records.map((record) => {
          const cna = record.containers.cna;
          return { source_id: sourceId, external_id: record.cveMetadata.cveId, kind: 'vulnerability', title_en: cna.title, cves: [record.cveMetadata.cveId], products: cna.affected.map((affected) => ({ vendor: affected.vendor, product: affected.product, versions: [] })), tlp: 'clear', content: cna };
        }),
        technique,
      );
      await insertEnrichments(tx, records.map((record) => ({ cve: `B${record.cveMetadata.cveId}`, nvd: { description: record.containers.cna.descriptions[0]?.value, cvss: record.containers.cna.metrics.map((metric) => metric.cvssV3_1.vectorString) } })), technique);
      return records.length;
    },
  };
}

function stixWorkload(objects = STIX_OBJECTS): Workload {
  const payload = stixBundle(objects);
  const parser = IMPORT_PARSERS['stix-bundle']!;
  return {
    name: `STIX 2.1 bundle (generated, ${objects.toLocaleString('en')} objects)`,
    type: 'taxii',
    payload,
    records: objects,
    parse: async (text) => ({ ...(await parser(JSON.parse(text), { defaultTlp: 'clear', fileName: 'bench.json' })), cursor: null }),
    async baseline(tx, text, sourceId, technique) {
      const objects = (JSON.parse(text) as { objects: { id: string; type: string; modified: string; created: string }[] }).objects;
      for (let index = 0; index < objects.length; index += CHUNK) {
        const rows = objects.slice(index, index + CHUNK).map((object) => ({ stix_id: object.id, type: object.type, created: object.created, modified: object.modified, source: `bench:${sourceId}`, tlp: 'green', body: object }));
        if (technique === 'copy') {
          const lines = rows.map((row) => copyRow([copyText(row.stix_id), copyText(row.type), row.created, row.modified, copyText(row.source), row.tlp, copyJson(JSON.stringify(row.body))])).join('');
          await copyRows(tx, 'stix_objects', ['stix_id', 'type', 'created', 'modified', 'source', 'tlp', 'body'], lines);
          continue;
        }
        await tx.execute(sql`insert into stix_objects (stix_id, type, created, modified, source, tlp, body)
          select r.stix_id, r.type, r.created, r.modified, r.source, r.tlp, r.body from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(stix_id text, type text, created timestamptz, modified timestamptz, source text, tlp text, body jsonb)`);
      }
      return objects.length;
    },
  };
}

/** A database of its own: on the DATABASE_URL server (created here, dropped after) or PGlite. */
async function benchDatabase(): Promise<DatabaseHandle & { label: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = process.env.BENCH_PGLITE_MEMORY ? undefined : mkdtempSync(join(tmpdir(), 'lagebild-bench-'));
    const handle = openDatabase({ driver: 'pglite', dataDir: dir });
    await handle.migrate();
    return { ...handle, label: dir ? `PGlite (data directory ${dir})` : 'PGlite (in memory)', async close() { await handle.close(); if (dir) rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `lagebild_bench_ingest_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const own = new URL(url);
  own.pathname = `/${name}`;
  const handle = openDatabase({ driver: 'pg', url: own.toString(), poolSize: 4 });
  await handle.migrate();
  return {
    ...handle,
    label: `PostgreSQL (database ${name} on ${new URL(url).host}, dropped after the run)`,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * CPU seconds spent so far by this process (Node and, on PGlite, the database) and, on a PostgreSQL
 * server on this machine, by the benchmark database's backends (read from /proc; null elsewhere).
 * Wall time on a shared machine moves with its load; CPU time much less, so both are printed.
 */
async function cpuSeconds(database: DatabaseHandle): Promise<{ node: number; db: number | null }> {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1e6;
  if (database.driver !== 'pg') return { node, db: null };
  const ticks = Number(process.env.CLK_TCK ?? 100);
  const backends = await queryRows<{ pid: number }>(database.db, sql`select pid from pg_stat_activity where datname = current_database()`);
  let db = 0;
  for (const { pid } of backends) {
    try {
      // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (after the ")" of the command name).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      db += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      return { node, db: null };
    }
  }
  return { node, db };
}

function cpuSpent(before: { node: number; db: number | null }, after: { node: number; db: number | null }): string {
  const node = after.node - before.node;
  if (before.db === null || after.db === null) return `cpu ${node.toFixed(2)} s`;
  return `cpu ${node.toFixed(2)} s Node + ${(after.db - before.db).toFixed(2)} s database`;
}

const rate = (records: number, ms: number) => Math.round(records / (ms / 1000));
const line = (label: string, records: number, ms: number, extra = '') => `  ${label.padEnd(42)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${rate(records, ms).toLocaleString('en').padStart(8)} records/s${extra}\n`;

async function runWorkload(database: DatabaseHandle, workload: Workload, index: number, quiet = false): Promise<{ ingest: number; baseline: number }> {
  const { db } = database;
  const write = (text: string) => {
    if (!quiet) process.stdout.write(text);
  };
  write(`\n${workload.name}\n`);
  // Each baseline on the same (empty) tables as ingestion: its rows go again after it.
  const baselines: { technique: Technique; inserted: number; ms: number; cpu: string }[] = [];
  for (const technique of ['recordset', 'copy'] as const) {
    const [baselineSource] = await db.insert(feedSources).values({ key: `bench-baseline-${index}-${technique}`, type: workload.type, name: 'baseline', url: 'file:bench', schedule: '0 0 1 1 *', enabled: false }).returning();
    const before = await cpuSeconds(database);
    const start = performance.now();
    const inserted = await db.transaction((tx) => workload.baseline(tx, workload.payload, baselineSource!.id, technique));
    const ms = performance.now() - start;
    baselines.push({ technique, inserted, ms, cpu: cpuSpent(before, await cpuSeconds(database)) });
    await db.execute(sql`delete from feed_sources where id = ${baselineSource!.id}`);
    await db.execute(sql`delete from cve_enrichments where cve like 'B%'`);
    await db.execute(sql`delete from stix_objects where source = ${`bench:${baselineSource!.id}`}`);
    // Empty again for what runs next: the deleted rows' dead tuples and index entries would otherwise
    // stay (PGlite has no autovacuum) and make every later insert into these tables slower.
    await db.execute(sql`vacuum feed_items, cve_enrichments, stix_objects`);
  }

  // The parse time of each run, to tell parsing (CPU) from storing (database) in the figures.
  const parseMs: number[] = [];
  const adapter: FeedAdapter = {
    type: workload.type,
    optionsSchema: z.record(z.string(), z.unknown()),
    run: async () => {
      const start = performance.now();
      const output = await workload.parse(workload.payload);
      parseMs.push(performance.now() - start);
      return output;
    },
  };
  const [source] = await db.insert(feedSources).values({ key: `bench-ingest-${index}`, type: workload.type, name: 'bench', url: 'file:bench', schedule: '0 0 1 1 *', enabled: false }).returning();
  const deps = { database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: () => ({ get: () => Promise.reject(new Error('no network in the benchmark')) }), adapters: { [workload.type]: adapter } };
  const firstCpu = await cpuSeconds(database);
  const firstStart = performance.now();
  const first = await runFeedSource(deps, source!.id, 'manual');
  const firstMs = performance.now() - firstStart;
  const secondCpu = await cpuSeconds(database);
  const firstCpuSpent = cpuSpent(firstCpu, secondCpu);
  const secondStart = performance.now();
  const second = await runFeedSource(deps, source!.id, 'manual');
  const secondMs = performance.now() - secondStart;
  const secondCpuSpent = cpuSpent(secondCpu, await cpuSeconds(database));
  if (!first.acquired || !second.acquired) throw new Error('lock not acquired');
  if (first.run.status !== 'succeeded') throw new Error(`ingestion ${first.run.status}: ${first.run.error ?? JSON.stringify(first.run.problems.slice(0, 3))}`);
  const [stored] = await queryRows<{ items: number; objects: number }>(
    db,
    sql`select (select count(*)::int from feed_items where source_id = ${source!.id}) as items, (select count(*)::int from stix_objects where feed_source_id = ${source!.id}) as objects`,
  );
  const [recordset, copy] = baselines as [(typeof baselines)[number], (typeof baselines)[number]];
  write(line('baseline (JSON.parse + json_to_recordset)', recordset.inserted, recordset.ms, `  [${recordset.cpu}]`));
  write(line('baseline (JSON.parse + COPY)', copy.inserted, copy.ms, `  [${copy.cpu}]`));
  const parsing = (ms: number | undefined) => (workload.parsedBeside ? ', parsed in the bulk worker beside the writes' : `, of which parsing ${((ms ?? 0) / 1000).toFixed(2)} s`);
  write(line('ingestion, first run (all new)', workload.records, firstMs, `  [${first.run.newCount} new; ${stored!.items} items, ${stored!.objects} STIX objects stored${parsing(parseMs[0])}; ${firstCpuSpent}]`));
  write(line('ingestion, second run (unchanged)', workload.records, secondMs, `  [${second.run.newCount} new, ${second.run.updatedCount} updated, ${second.run.unchangedCount} unchanged${parsing(parseMs[1])}; ${secondCpuSpent}]`));
  const ratio = (ms: number, baseline: (typeof baselines)[number]) => (rate(workload.records, ms) / rate(baseline.inserted, baseline.ms)).toFixed(2);
  write(`  ratio ingestion / json_to_recordset baseline: ${ratio(firstMs, recordset)} (first run), ${ratio(secondMs, recordset)} (unchanged run)\n`);
  write(`  ratio ingestion / COPY baseline:              ${ratio(firstMs, copy)} (first run), ${ratio(secondMs, copy)} (unchanged run)\n`);
  return { ingest: rate(workload.records, firstMs), baseline: rate(recordset.inserted, recordset.ms) };
}

export async function runIngestBenchmark(): Promise<void> {
  const database = await benchDatabase();
  try {
    process.stdout.write(`${database.label}\n`);
    // Warm-up, unmeasured: each workload once at a small size, so the figures below are of code the
    // JIT has compiled, as in a running server, not of the first calls of each path (a workload's
    // first ingestion paid that alone — the baseline's few code paths warm up at once; for STIX
    // about 0.25 s of its first run). Their rows go again.
    const warmUps = [kevWorkload(), cveWorkload(2_000), stixWorkload(1_000)];
    for (const [n, workload] of warmUps.entries()) await runWorkload(database, workload, 10 + n, true);
    await database.db.execute(sql`delete from stix_objects where feed_source_id in (select id from feed_sources where key like 'bench-ingest-1_')`);
    await database.db.execute(sql`delete from feed_sources where key like 'bench-ingest-1_'`);
    await database.db.execute(sql`delete from cve_enrichments`);
    await database.db.execute(sql`vacuum feed_items, cve_enrichments, stix_objects`);
    await runWorkload(database, kevWorkload(), 1);
    const cve = await runWorkload(database, cveWorkload(), 2);
    await runWorkload(database, stixWorkload(), 3);
    process.stdout.write(`\nCVE JSON 5 target ≥ 2,000 records/s: ${cve.ingest >= 2_000 ? 'met' : 'NOT met'} (${cve.ingest.toLocaleString('en')}/s)\n`);
  } finally {
    await database.close();
  }
}
