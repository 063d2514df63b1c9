/**
 * `npm run bench:nvd-files -- <dir> [records]`: writes a synthetic NVD CVE API 2.0 data set for
 * measuring `npm run feeds -- import-nvd` (docs/feeds.md, "A first full NVD import"): pages of
 * 2,000 records, each record the real Log4Shell API 2.0 record of ../shared/data/nvd (or, without
 * it, a minimal record of the same shape) with its own CVE id, description and CPE configuration.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../config/index.js';

const PAGE = 2_000;
const TEMPLATE = join(ROOT_DIR, '..', 'shared', 'data', 'nvd', 'nvd-api-2.0', 'cves', 'single-CVE-2024-4819.json');

type Cve = Record<string, unknown> & { id: string; descriptions: { lang: string; value: string }[] };

function template(): Cve {
  if (existsSync(TEMPLATE)) return (JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { vulnerabilities: { cve: Cve }[] }).vulnerabilities[0]!.cve;
  return { id: 'CVE-2024-4819', sourceIdentifier: 'bench', published: '2024-05-14T15:44:04.000', lastModified: '2024-05-14T16:11:39.000', vulnStatus: 'Analyzed', descriptions: [{ lang: 'en', value: 'Template' }], metrics: {}, references: [] };
}

const [dir, count] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: npm run bench:nvd-files -- <dir> [records]\n');
  process.exit(2);
}
const total = Number(count ?? 300_000);
mkdirSync(dir, { recursive: true });
const base = template();
for (let start = 0; start < total; start += PAGE) {
  const vulnerabilities = [];
  for (let n = start; n < Math.min(total, start + PAGE); n += 1) {
    const id = `CVE-${2000 + (n % 26)}-${String(100_000 + n)}`;
    const vendor = `vendor${n % 700}`;
    vulnerabilities.push({
      cve: {
        ...base,
        id,
        descriptions: [{ lang: 'en', value: `A flaw in ${vendor} product${n % 13} before ${n % 9}.${n % 5} allows remote attackers to cause harm (${id}).` }],
        configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: `cpe:2.3:a:${vendor}:product${n % 13}:*:*:*:*:*:*:*:*`, versionEndExcluding: `${n % 9}.${n % 5}`, matchCriteriaId: '00000000-0000-4000-8000-000000000000' }] }] }],
      },
    });
  }
  const page = { resultsPerPage: vulnerabilities.length, startIndex: start, totalResults: total, format: 'NVD_CVE', version: '2.0', timestamp: '2026-12-06T00:00:00.000', vulnerabilities };
  writeFileSync(join(dir, `nvd-${String(start / PAGE).padStart(4, '0')}.json`), JSON.stringify(page));
}
process.stdout.write(`${total.toLocaleString('en')} CVE records in ${Math.ceil(total / PAGE)} files under ${dir}\n`);
