// Scores every CVSS v3.x / v4.0 vector found in the real NVD/CVE records and vendor CSAF advisories
// under /work/shared/data and compares with the score the publisher stated. Skips without the data.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCvssVector, type ParsedCvssVector } from '../../../server/vulnerabilities/cvss.js';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data');

interface StatedMetric {
  readonly file: string;
  readonly vectorString: string;
  readonly baseScore: number;
  readonly baseSeverity?: string;
}

function* jsonFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* jsonFiles(full);
    else if (name.endsWith('.json')) yield full;
  }
}

// Finds CVE JSON 5 `cvssV3_1`/`cvssV3_0`/`cvssV4_0` objects, NVD API `cvssData` objects and CSAF
// `cvss_v3` scores alike: any object with a CVSS:3.x/4.0 `vectorString` and a numeric `baseScore`.
function* statedMetrics(node: unknown, file: string): Generator<StatedMetric> {
  if (Array.isArray(node)) {
    for (const item of node) yield* statedMetrics(item, file);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const { vectorString, baseScore, baseSeverity } = record;
    if (typeof vectorString === 'string' && /^CVSS:[34]\./.test(vectorString) && typeof baseScore === 'number') {
      yield { file, vectorString, baseScore, ...(typeof baseSeverity === 'string' ? { baseSeverity } : {}) };
    }
    for (const value of Object.values(record)) yield* statedMetrics(value, file);
  }
}

function collect(dir: string): StatedMetric[] {
  const found: StatedMetric[] = [];
  for (const file of jsonFiles(dir)) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue; // e.g. deliberately broken fixtures
    }
    found.push(...statedMetrics(document, path.relative(dir, file)));
  }
  return found;
}

// CVSS v3.1 §7.2 temporal score. Some vendors (Fortinet) publish it in the `baseScore` field; we
// check that explanation instead of accepting any mismatch.
const TEMPORAL: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  E: { H: 1, F: 0.97, P: 0.94, U: 0.91 },
  RL: { U: 1, W: 0.97, T: 0.96, O: 0.95 },
  RC: { C: 1, R: 0.96, U: 0.92 },
};

function temporalScore(parsed: ParsedCvssVector): number | undefined {
  if (parsed.version === '4.0' || !['E', 'RL', 'RC'].some((k) => k in parsed.metrics)) return undefined;
  const raw = ['E', 'RL', 'RC'].reduce((score, k) => score * (TEMPORAL[k]?.[parsed.metrics[k] ?? ''] ?? 1), parsed.baseScore);
  const scaled = Math.round(raw * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

function checkAll(label: string, dir: string, minimum: number): void {
  describe(label, () => {
    if (!existsSync(dir)) {
      it(`data directory ${dir} present`, function () {
        this.skip();
      });
      return;
    }
    const metrics = collect(dir);

    it(`finds at least ${minimum} scored vectors`, () => {
      expect(metrics.length).to.be.at.least(minimum);
    });

    for (const metric of metrics) {
      it(`${metric.file}: ${metric.vectorString} = ${metric.baseScore}`, () => {
        const parsed = parseCvssVector(metric.vectorString);
        if (parsed.baseScore === metric.baseScore) {
          if (metric.baseSeverity !== undefined) expect(parsed.severity).to.equal(metric.baseSeverity.toLowerCase());
          return;
        }
        // Only acceptable mismatch: the publisher put the temporal score into baseScore.
        expect(temporalScore(parsed), `base ${parsed.baseScore}, stated ${metric.baseScore}`).to.equal(metric.baseScore);
      });
    }
  });
}

describe('vulnerabilities/cvss with real advisory data', () => {
  checkAll('NVD / CVE records (/work/shared/data/nvd)', path.join(SHARED, 'nvd'), 40);
  checkAll('vendor CSAF advisories (/work/shared/data/csaf/vendors)', path.join(SHARED, 'csaf/vendors'), 50);
});
