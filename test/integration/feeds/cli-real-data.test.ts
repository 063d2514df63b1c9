/**
 * `npm run feeds -- import <file…>` (scripts/feeds.ts, a real child process on a fresh PGlite data
 * directory) over the real public data in ../shared/data: BSI CERT-Bund CSAF documents (one
 * advisory in two revisions), the CISA KEV catalog, every CVE JSON 5 record, the CERT-FR and CIRCL
 * MISP events, the MITRE ATT&CK ICS bundle and the OASIS example bundles. Checks exit codes and
 * the per-format summary; skipped when ../shared is absent.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../../config/index.js';
import { sharedDataDir } from '../../support/feed-sources.js';

type Outcome = { code: number; stdout: string; stderr: string };
type Summary = { files: number; status: string; new: number; updated: number; unchanged: number; failed: number };

function jsonFiles(dir: string, recursive = false): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** `import <format> (<n> files): <status> — a new, b updated, c unchanged, d failed` lines by format. */
function summaries(stdout: string): Record<string, Summary> {
  const found: Record<string, Summary> = {};
  for (const match of stdout.matchAll(/^import (\S+) \((\d+) files?\): (\w+) — (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) failed$/gm)) {
    found[match[1]!] = { files: Number(match[2]), status: match[3]!, new: Number(match[4]), updated: Number(match[5]), unchanged: Number(match[6]), failed: Number(match[7]) };
  }
  return found;
}

describe('npm run feeds -- import over the real data in ../shared/data', function () {
  this.timeout(240_000);
  let data: string;
  let dataDir: string;

  before(function () {
    const shared = sharedDataDir();
    if (!shared) this.skip();
    data = shared;
    dataDir = mkdtempSync(join(tmpdir(), 'feeds-real-'));
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
    // One inbox item and one enrichment per catalog entry.
    expect(counts['cisa-kev']).to.include({ files: 1, new: 2 * kevEntries });
    expect(counts.cve5!.files).to.equal(cve5.length);
    // CVEs the KEV import enriched already get their CVE 5 fields added: updated, not new.
    expect(counts.cve5!.updated).to.be.greaterThan(0);
    expect(counts['misp-event']).to.include({ files: misp.length });
    expect(counts['misp-event']!.new).to.be.greaterThan(misp.length);
    expect(counts['stix-bundle']).to.include({ files: stix.length });
    expect(counts['stix-bundle']!.new).to.be.greaterThan(1_800);

    // Again: the catalog is unchanged; the later BSI revision of the same advisory is an update.
    const second = await feeds(join(bsi, 'multiple-versions', '29', 'wid-sec-w-2023-2649.json'), kev);
    expect(second.code, second.stderr).to.equal(0);
    const again = summaries(second.stdout);
    expect(again.csaf).to.include({ status: 'succeeded', new: 0, updated: 1, failed: 0 });
    expect(again['cisa-kev']).to.include({ status: 'succeeded', new: 0, updated: 0, unchanged: 2 * kevEntries, failed: 0 });
  });

  it('exits 1 and names the file it cannot import (the real invalid Fortinet CSAF, a non-bundle STIX file), keeping the rest', async () => {
    const invalid = jsonFiles(join(data, 'csaf', 'vendors', 'fortinet', 'invalid'));
    expect(invalid).to.have.length.greaterThan(0);
    const notBundle = join(data, 'stix', 'oasis-cti-stix2-json-schemas', 'examples', 'interop-objectmarking-test.json');
    const good = join(data, 'csaf', 'vendors', 'bsi-cert-bund', '2025', 'wid-sec-w-2025-0001.json');
    const outcome = await feeds(...invalid, notBundle, good);
    expect(outcome.code).to.equal(1);
    expect(outcome.stderr).to.include('interop-objectmarking-test.json: rejected — not a CSAF document, STIX bundle, MISP event, KEV catalog or CVE 5 record');
    expect(outcome.stderr).to.match(/csaf_apache-tika-cve-2025-54988\.json: rejected — Invalid CSAF: csaf_2_0_strict \/document\/tracking\/current_release_date/);
    // The good document of the same call is still imported (the first test stored it already: unchanged).
    expect(summaries(outcome.stdout).csaf).to.include({ files: 1, status: 'succeeded', failed: 0, new: 0, unchanged: 1 });
  });
});
