// Conformance of server/stix against the real STIX 2.1 data in ../shared/data/stix (see its
// PROVENANCE.md): the OASIS example bundles, MITRE ATT&CK ICS/Mobile/Enterprise-subset bundles,
// the STIX patterning spec examples, the OASIS JSON schemas' required properties, and the
// medallion TAXII data with its known-invalid malware object. Skipped (pending) without the data.
import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseBundle, parseStixObject, validatePattern } from '../../server/stix/index.js';
import { REQUIRED, VALID, variant } from '../unit/stix/fixtures.js';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/stix');
const SCHEMAS = path.join(DATA, 'oasis-cti-stix2-json-schemas/schemas');
const EXAMPLES = path.join(DATA, 'oasis-cti-stix2-json-schemas/examples');
const MEDALLION = path.resolve(DATA, '../taxii/medallion-default_data.json');

type Json = Record<string, unknown>;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

function objectsOf(bundle: unknown): Json[] {
  const objects = (bundle as { objects?: unknown }).objects;
  return Array.isArray(objects) ? (objects as Json[]) : [];
}

function issueSummary(result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }): string {
  return (result.error?.issues ?? []).slice(0, 5).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}

function withoutCustomProperties(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('x_')));
}

// `required` arrays of a JSON schema at its top level and in plain `allOf` members (not inside
// oneOf/anyOf alternatives), following `$ref`s to the common cores.
function requiredProperties(file: string): Set<string> {
  const out = new Set<string>();
  const visit = (schema: Json, base: string): void => {
    for (const name of (schema.required as string[] | undefined) ?? []) out.add(name);
    const ref = schema.$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      const target = path.resolve(path.dirname(base), ref);
      visit(readJson(target) as Json, target);
    }
    for (const member of (schema.allOf as Json[] | undefined) ?? []) visit(member, base);
  };
  visit(readJson(file) as Json, file);
  return out;
}

describe('stix conformance (shared STIX 2.1 data)', function () {
  before(function () {
    if (!existsSync(DATA)) this.skip();
  });

  it('parses every OASIS example bundle in lenient and strict mode', () => {
    let objects = 0;
    const files = jsonFiles(EXAMPLES).filter((file) => (readJson(file) as Json).type === 'bundle');
    expect(files.length).to.be.at.least(7);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lenient = parseBundle(text, { mode: 'lenient' });
      expect(lenient.success, `${path.basename(file)}: ${issueSummary(lenient)}`).to.equal(true);
      // The examples carry no custom content, so our strict schemas must take them as they are.
      const strict = parseBundle(text, { mode: 'strict' });
      expect(strict.success, `${path.basename(file)} (strict): ${issueSummary(strict)}`).to.equal(true);
      objects += lenient.data?.objects?.length ?? 0;
    }
    const single = readJson(path.join(EXAMPLES, 'interop-objectmarking-test.json'));
    expect(parseStixObject(single, { mode: 'strict' }).success).to.equal(true);
    console.log(`      OASIS examples: ${files.length} bundles, ${objects} objects + 1 standalone object checked`);
  });

  for (const name of ['ics-attack.json', 'mobile-attack-17.1.json', 'enterprise-attack-v14.0-subset40.json']) {
    it(`parses MITRE ATT&CK ${name} in lenient mode, keeping its custom content`, function () {
      const file = path.join(DATA, 'mitre-attack', name);
      if (!existsSync(file)) this.skip();
      const raw = readJson(file);
      const lenient = parseBundle(raw, { mode: 'lenient' });
      expect(lenient.success, issueSummary(lenient)).to.equal(true);
      const parsed = (lenient.data?.objects ?? []) as Json[];
      expect(parsed.length).to.equal(objectsOf(raw).length);
      const custom = parsed.filter((o) => String(o.type).startsWith('x-')).length;
      const xProps = parsed.reduce((n, o) => n + Object.keys(o).filter((k) => k.startsWith('x_')).length, 0);
      expect(xProps).to.be.above(0);
      // ATT&CK uses x_mitre_* properties, so strict mode must refuse the bundle as a whole ...
      expect(parseBundle(raw, { mode: 'strict' }).success).to.equal(false);
      // ... yet every object of a modelled type is strictly valid once its custom properties are removed.
      let strictChecked = 0;
      for (const object of objectsOf(raw)) {
        if (!(String(object.type) in VALID)) continue;
        const result = parseStixObject(withoutCustomProperties(object), { mode: 'strict' });
        expect(result.success, `${String(object.id)}: ${issueSummary(result)}`).to.equal(true);
        strictChecked += 1;
      }
      console.log(`      ${name}: ${parsed.length} objects (${custom} x- custom objects, ${xProps} x_ properties kept); ${strictChecked} checked strictly`);
    });
  }

  it('validates every STIX patterning spec example (v2.0 and v2.1)', () => {
    let count = 0;
    for (const file of ['spec_examples_v20.txt', 'spec_examples_v21.txt']) {
      const lines = readFileSync(path.join(DATA, 'patterns', file), 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
      for (const pattern of lines) {
        const result = validatePattern(pattern);
        expect(result.ok, `${pattern}: ${result.ok ? '' : `${result.error.offset} ${result.error.message}`}`).to.equal(true);
        count += 1;
      }
    }
    expect(count).to.be.at.least(40);
    console.log(`      ${count} spec pattern examples validated`);
  });

  it('requires every property the OASIS JSON schemas require', () => {
    const folders: Record<string, string> = { sdos: 'sdos', sros: 'sros', observables: 'observables' };
    let checked = 0;
    for (const folder of Object.values(folders)) {
      for (const file of readdirSync(path.join(SCHEMAS, folder))) {
        const type = file.replace(/\.json$/, '');
        if (!(type in VALID)) continue;
        for (const property of requiredProperties(path.join(SCHEMAS, folder, file))) {
          const result = parseStixObject(variant(type, { [property]: undefined }), { mode: 'strict' });
          expect(result.success, `${type} without ${property}`).to.equal(false);
          expect([...(REQUIRED[type] ?? []), 'type', 'id', 'spec_version', 'created', 'modified']).to.include(property);
          checked += 1;
        }
      }
    }
    expect(checked).to.be.at.least(60);
    console.log(`      ${checked} schema-required properties checked`);
  });

  it('rejects the medallion malware object without spec_version and accepts the rest', function () {
    if (!existsSync(MEDALLION)) this.skip();
    const data = readJson(MEDALLION) as { trustgroup1: { collections: { objects?: Json[] }[] } };
    const objects = data.trustgroup1.collections.flatMap((collection) => collection.objects ?? []);
    expect(objects.length).to.equal(8);
    const invalid = objects.filter((object) => object.spec_version === undefined);
    expect(invalid.map((object) => object.type)).to.deep.equal(['malware']);
    for (const object of objects) {
      for (const mode of ['strict', 'lenient'] as const) {
        const result = mode === 'strict' ? parseStixObject(object, { mode }) : parseStixObject(object, { mode });
        expect(result.success, `${String(object.id)} (${mode}): ${issueSummary(result)}`).to.equal(object.spec_version !== undefined);
      }
    }
    console.log(`      medallion: ${objects.length} objects checked, ${invalid.length} rejected as expected`);
  });
});
