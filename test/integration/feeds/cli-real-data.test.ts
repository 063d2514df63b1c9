/**
 * `npm run feeds -- import <file…>` (scripts/feeds.ts, a real child process on a fresh PGlite data
 * directory) over the real public data in ../shared/data: BSI CERT-Bund CSAF documents (one
 * advisory in two revisions), the CISA KEV catalog, every CVE JSON 5 record, the CERT-FR and CIRCL
 * MISP events, the MITRE ATT&CK ICS bundle and the OASIS example bundles. Checks exit codes and
 * the per-format summary; skipped when ../shared is absent.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../../server/platform/db/client.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareEmbeddedDatabase } from '../../support/data-dir.js';
import { ROOT_DIR } from '../../../config/index.js';
import { sharedDataDir } from '../../support/feed-sources.js';

type Outcome = { code: number; stdout: string; stderr: string };
type Summary = { files: number; status: string; records: number | undefined; noun: string | undefined; new: number; updated: number; unchanged: number; failed: number };

function jsonFiles(dir: string, recursive = false): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const num = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));

/** `import <format> (<n> files): <status> — <records> <noun>: a new, b updated, c unchanged, d failed` lines by format. */
function summaries(stdout: string): Record<string, Summary> {
  const found: Record<string, Summary> = {};
  for (const match of stdout.matchAll(/^import (\S+) \((\d+) files?\): (\w+) — (?:([\d,]+) ([A-Za-z][A-Za-z ]*?): )?([\d,]+) new, ([\d,]+) updated, ([\d,]+) unchanged, ([\d,]+) failed$/gm)) {
    found[match[1]!] = { files: Number(match[2]), status: match[3]!, records: match[4] === undefined ? undefined : num(match[4]), noun: match[5], new: num(match[6]), updated: num(match[7]), unchanged: num(match[8]), failed: num(match[9]) };
  }
  return found;
}

describe('npm run feeds -- import over the real data in ../shared/data', function () {
  this.timeout(240_000);
  let data: string;
  let dataDir: string;

  before(async function () {
    const shared = sharedDataDir();
    if (!shared) this.skip();
    data = shared;
    dataDir = mkdtempSync(join(tmpdir(), 'feeds-real-'));
    await prepareEmbeddedDatabase(dataDir);
  });
  after(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function feeds(...files: string[]): Promise<Outcome> {
    const env = { ...process.env, DATA_DIR: dataDir, LAGEBILD_DEMO: 'false', LOG_LEVEL: 'silent', DATABASE_URL: '' };
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/feeds.ts', 'import', ...files], { cwd: ROOT_DIR, env, maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  it('imports a BSI CSAF revision, the KEV catalog, CVE 5 records, MISP events and STIX bundles without error', async () => {
    const bsi = join(data, 'csaf', 'vendors', 'bsi-cert-bund');
    const csaf = [...jsonFiles(join(bsi, '2024')), ...jsonFiles(join(bsi, '2025')), join(bsi, 'multiple-versions', '15', 'wid-sec-w-2023-2649.json')];
    const kev = join(data, 'kev', 'known_exploited_vulnerabilities.json');
    const kevEntries = (JSON.parse(readFileSync(kev, 'utf8')) as { vulnerabilities: unknown[] }).vulnerabilities.length;
    const cve5 = jsonFiles(join(data, 'nvd', 'cve-json5'), true).filter((file) => /CVE-\d+-\d+\.json$/.test(file));
    const misp = [...jsonFiles(join(data, 'misp', 'feed-cert-fr-anssi')).filter((file) => !file.endsWith('manifest.json')), ...jsonFiles(join(data, 'misp', 'circl-osint-events'))];
    const examples = join(data, 'stix', 'oasis-cti-stix2-json-schemas', 'examples');
    const stix = [join(data, 'stix', 'mitre-attack', 'ics-attack.json'), ...jsonFiles(examples).filter((file) => (JSON.parse(readFileSync(file, 'utf8')) as { type?: string }).type === 'bundle')];
    expect(cve5.length).to.be.greaterThan(30);

    const first = await feeds(...csaf, kev, ...cve5, ...misp, ...stix);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.not.match(/rejected/);
    const counts = summaries(first.stdout);
    expect(Object.keys(counts).sort()).to.deep.equal(['cisa-kev', 'csaf', 'cve5', 'misp-event', 'stix-bundle']);
    for (const [format, summary] of Object.entries(counts)) expect(summary, format).to.include({ status: 'succeeded', failed: 0 });
    expect(counts.csaf).to.include({ files: csaf.length, new: csaf.length, updated: 0 });
    // The catalog's entries are counted, not its items plus enrichments (1,404, not 2,808).
    expect(kevEntries).to.equal(1_404);
    expect(counts['cisa-kev']).to.include({ files: 1, records: 1_404, noun: 'entries', new: 1_404 });
    expect(first.stdout).to.match(/^ {2}stored: items 1,404 new, 0 updated, 0 unchanged · enrichments 1,404 new, 0 updated, 0 unchanged$/m);
    expect(counts.cve5!.files).to.equal(cve5.length);
    // CVEs the KEV import enriched already get their CVE 5 fields added: updated, not new.
    expect(counts.cve5!.updated).to.be.greaterThan(0);
    expect(counts['misp-event']).to.include({ files: misp.length, records: misp.length, noun: 'events', new: misp.length });
    expect(first.stdout).to.match(/^ {2}stored: items \d+ new, 0 updated, 0 unchanged · STIX objects [\d,]+ new/m);
    expect(counts['stix-bundle']).to.include({ files: stix.length });
    expect(counts['stix-bundle']!.new).to.be.greaterThan(1_800);

    // Again: the catalog is unchanged; the later BSI revision of the same advisory is an update.
    const second = await feeds(join(bsi, 'multiple-versions', '29', 'wid-sec-w-2023-2649.json'), kev);
    expect(second.code, second.stderr).to.equal(0);
    const again = summaries(second.stdout);
    expect(again.csaf).to.include({ status: 'succeeded', new: 0, updated: 1, failed: 0 });
    expect(again['cisa-kev']).to.include({ status: 'succeeded', records: 1_404, new: 0, updated: 0, unchanged: 1_404, failed: 0 });
  });

  it('exits 1 and names the file it cannot import (a non-bundle STIX file), keeping the rest', async () => {
    const notBundle = join(data, 'stix', 'oasis-cti-stix2-json-schemas', 'examples', 'interop-objectmarking-test.json');
    const good = join(data, 'csaf', 'vendors', 'bsi-cert-bund', '2025', 'wid-sec-w-2025-0001.json');
    const outcome = await feeds(notBundle, good);
    expect(outcome.code).to.equal(1);
    expect(outcome.stderr).to.include('interop-objectmarking-test.json: rejected — not a CSAF document, STIX bundle, MISP event, KEV catalog or CVE 5 record');
    // The good document of the same call is still imported (the first test stored it already: unchanged).
    expect(summaries(outcome.stdout).csaf).to.include({ files: 1, status: 'succeeded', failed: 0, new: 0, unchanged: 1, records: 1, noun: 'document' });
  });

  it('imports the real Fortinet and Red Hat documents that fail strict checks WITH their findings and exits 0', async () => {
    const vendors = join(data, 'csaf', 'vendors');
    const files = [join(vendors, 'fortinet', 'csaf_authenticated-heap-overflow-in-ssl-vpn-bookmarks.json'), ...jsonFiles(join(vendors, 'fortinet', 'invalid')), join(vendors, 'redhat', 'rhsa-2021_3029.json'), join(vendors, 'redhat', 'rhsa-2023_4378.json'), join(vendors, 'redhat', 'rhsa-2023_1441.json'), join(vendors, 'redhat', 'rhsa-2023_3408.json')];
    const outcome = await feeds(...files);
    expect(outcome.code, outcome.stderr).to.equal(0);
    const csaf = summaries(outcome.stdout).csaf!;
    expect(csaf).to.include({ files: files.length, status: 'succeeded', records: files.length, new: files.length, failed: 0 });
    expect(outcome.stdout).to.include(`accepted with findings: ${files.length}`);
    expect(outcome.stdout).to.match(/^ {2}! FG-IR-25-756 \(csaf_authenticated-heap-overflow-in-ssl-vpn-bookmarks\.json\): \d+ findings — csaf_2_0_strict \/document\/tracking\/current_release_date: must match format "date-time"$/m);
    expect(outcome.stdout).to.match(/^ {2}! RHSA-2023:4378 \(rhsa-2023_4378\.json\): \d+ findings — mandatoryTest_6_1_1 /m);
    // In the inbox with the findings (read from the CLI's database after it exited).
    const database = openDatabase({ driver: 'pglite', dataDir });
    try {
      const rows = await queryRows<{ external_id: string; findings: { test: string }[]; products: { vendor: string; product: string; versions: unknown[]; purl?: string; scheme?: string }[]; state: string }>(database.db, sql`select external_id, findings, products, state from feed_items where external_id in ('FG-IR-25-756', 'RHSA-2023:4378', 'RHSA-2023:1441')`);
      expect(rows.map((row) => row.external_id).sort()).to.deep.equal(['FG-IR-25-756', 'RHSA-2023:1441', 'RHSA-2023:4378']);
      for (const row of rows) {
        expect(row.findings.length, row.external_id).to.be.greaterThan(0);
        expect(row.state, 'never auto-promoted').to.equal('new');
      }
      const fortinet = rows.find((row) => row.external_id === 'FG-IR-25-756')!;
      // "FortiOS 7.2.4" under product FortiOS is version 7.2.4 of FortiOS, not a product "FortiOS FortiOS 7.2.4";
      // all 57 affected FortiOS builds are kept (more than one entry holds), 7.6.2 among them.
      expect([...new Set(fortinet.products.map((product) => product.product))].sort()).to.deep.equal(['FortiOS', 'FortiPAM', 'FortiProxy']);
      expect(fortinet.products.filter((product) => product.product === 'FortiOS').flatMap((product) => product.versions)).to.have.length(57).and.deep.include({ exact: '7.6.2' });
      const openssl = rows.find((row) => row.external_id === 'RHSA-2023:1441')!.products.find((product) => product.purl === 'pkg:rpm/redhat/openssl');
      expect(openssl).to.deep.include({ vendor: 'Red Hat', product: 'openssl', scheme: 'rpm' });
      expect(openssl!.versions).to.deep.include({ below: '1:1.1.1k-8.el8_6' });
    } finally {
      await database.close();
    }
  });

  it('quarantines a real document whose hash file does not match: not ingested, exit 1', async () => {
    const copyDir = mkdtempSync(join(tmpdir(), 'feeds-hash-'));
    try {
      const file = join(copyDir, 'ncsc-2025-0210.json');
      copyFileSync(join(data, 'csaf', 'vendors', 'ncsc-nl', '2025', 'ncsc-2025-0210.json'), file);
      writeFileSync(`${file}.sha256`, `${'ab'.repeat(32)}  ncsc-2025-0210.json\n`);
      const outcome = await feeds(file);
      expect(outcome.code).to.equal(1);
      expect(outcome.stderr).to.match(/ncsc-2025-0210\.json: quarantined \(hash\) — sha256 mismatch: file states abab/);
      expect(outcome.stdout).to.include('quarantined: 1 (not ingested');
      const database = openDatabase({ driver: 'pglite', dataDir });
      try {
        const items = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from feed_items where external_id = 'NCSC-2025-0210'`);
        expect(items[0]!.n).to.equal(0);
        const held = await queryRows<{ state: string; check: string; external_id: string }>(database.db, sql`select state, "check", external_id from feed_quarantine where ref = 'ncsc-2025-0210.json'`);
        expect(held).to.deep.equal([{ state: 'held', check: 'hash', external_id: 'NCSC-2025-0210' }]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });
});
