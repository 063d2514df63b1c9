// Runs the CPE and version-range code over real NVD and CSAF data under /work/shared/data.
// Skips when the data is not there.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cpeMatches, formatCpe23, parseCpe, safeParseCpe } from '../../../server/products/cpe.js';
import {
  isVersionInRange,
  parseVersionRanges,
  VersionRangeParseError,
  VersionRangeSchema,
  type VersionRange,
} from '../../../server/products/version-range.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data');
const NVD = path.join(SHARED, 'nvd');
const CSAF_VENDORS = path.join(SHARED, 'csaf/vendors');

function* jsonDocuments(dir: string): Generator<readonly [string, unknown]> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      yield* jsonDocuments(full);
    } else if (name.endsWith('.json')) {
      try {
        yield [path.relative(SHARED, full), JSON.parse(readFileSync(full, 'utf8'))];
      } catch {
        // deliberately broken fixtures
      }
    }
  }
}

function* objects(node: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(node)) {
    for (const item of node) yield* objects(item);
  } else if (node !== null && typeof node === 'object') {
    yield node as Record<string, unknown>;
    for (const value of Object.values(node)) yield* objects(value);
  }
}

function* strings(node: unknown): Generator<string> {
  if (typeof node === 'string') yield node;
  else if (node !== null && typeof node === 'object') for (const value of Object.values(node)) yield* strings(value);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.replace(/\\(.)/g, '$1') : undefined);

// NVD match criteria carry the range in versionStart*/versionEnd* fields (values FS-quoted).
function nvdRange(criteria: Record<string, unknown>): VersionRange | undefined {
  const startIncl = str(criteria.versionStartIncluding);
  const startExcl = str(criteria.versionStartExcluding);
  const endExcl = str(criteria.versionEndExcluding);
  const endIncl = str(criteria.versionEndIncluding);
  if ([startIncl, startExcl, endExcl, endIncl].every((v) => v === undefined)) return undefined;
  return {
    ...(startIncl !== undefined ? { from: startIncl } : {}),
    ...(startExcl !== undefined ? { from: startExcl, fromInclusive: false } : {}),
    ...(endExcl !== undefined ? { below: endExcl } : {}),
    ...(endIncl !== undefined ? { upTo: endIncl } : {}),
  };
}

const present = existsSync(NVD) && existsSync(CSAF_VENDORS);

describe('products with real NVD / CSAF data', function () {
  before(function () {
    if (!present) this.skip();
  });
  const documents = present ? [...jsonDocuments(NVD), ...jsonDocuments(CSAF_VENDORS)] : [];

  it('parses every CPE name (NVD dictionary, match criteria, vendor CSAF) and round-trips 2.3 names', () => {
    const names = new Set<string>();
    for (const [, document] of documents) for (const s of strings(document)) if (/^cpe:(2\.3:|\/)/i.test(s)) names.add(s);
    expect(names.size).to.be.at.least(500);
    const failures = [...names].filter((name) => !safeParseCpe(name).success);
    expect(failures).to.deep.equal([]);
    for (const name of names) {
      if (name.startsWith('cpe:2.3:')) expect(formatCpe23(parseCpe(name))).to.equal(name.toLowerCase());
    }
  });

  it('NVD match criteria ranges are valid VersionRange objects', () => {
    let count = 0;
    for (const [file, document] of documents) {
      for (const object of objects(document)) {
        if (typeof object.criteria !== 'string') continue;
        const range = nvdRange(object);
        if (range === undefined) continue;
        count++;
        expect(VersionRangeSchema.safeParse(range).success, `${file}: ${JSON.stringify(range)}`).to.equal(true);
      }
    }
    expect(count).to.be.at.least(50);
  });

  it('agrees with NVD on which CPE names a match criterion covers (cpematch API "matches")', () => {
    let checked = 0;
    for (const [, document] of documents) {
      for (const object of objects(document)) {
        if (typeof object.criteria !== 'string' || !Array.isArray(object.matches)) continue;
        const range = nvdRange(object);
        for (const match of object.matches as { cpeName: string }[]) {
          const candidate = parseCpe(match.cpeName);
          expect(cpeMatches(object.criteria, candidate), match.cpeName).to.equal(true);
          // NVD also lists the version-less (NA) name; there is no version to compare then.
          if (range !== undefined && candidate.version.kind === 'value') {
            expect(isVersionInRange(candidate.version.value, range), `${match.cpeName} in ${JSON.stringify(range)}`).to.equal(true);
          }
          checked++;
        }
      }
    }
    expect(checked).to.be.at.least(70);
  });

  it('parses the product_version_range strings of vendor CSAF advisories', () => {
    // Known unparseable: product names mixed into the range (BSI "Warehouse <5.1.0", Fortinet
    // "FortiDLP/…"). They must fail with the typed error rather than be guessed.
    const productText = /^(Warehouse |FortiDLP\/)/;
    const parsed: string[] = [];
    for (const [file, document] of documents) {
      if (!file.startsWith('csaf/')) continue;
      for (const object of objects(document)) {
        if (object.category !== 'product_version_range' || typeof object.name !== 'string') continue;
        try {
          const ranges = parseVersionRanges(object.name);
          for (const range of ranges) expect(VersionRangeSchema.safeParse(range).success, object.name).to.equal(true);
          parsed.push(object.name);
        } catch (error) {
          expect(error, object.name).to.be.instanceOf(VersionRangeParseError);
          expect(object.name, `${file}: ${(error as Error).message}`).to.match(productText);
        }
      }
    }
    expect(parsed.length).to.be.at.least(20);
  });
});
