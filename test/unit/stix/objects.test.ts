// Per-type checks every STIX object schema must pass: a valid object parses in both modes, each
// required property is required, the id must carry the object's own type, timestamps must be
// real RFC 3339 UTC values, modified >= created, and strict vs lenient handle unknown and `x_`
// properties as STYLE.md describes.
import { expect } from 'chai';
import { STIX_SCHEMAS, parseStixObject, stixSchemaFor } from '../../../server/stix/index.js';
import { REQUIRED, T0, T1, VALID, VERSIONED_TYPES, sid, variant } from './fixtures.js';

function strictOk(input: unknown): boolean {
  return parseStixObject(input, { mode: 'strict' }).success;
}

function lenientOk(input: unknown): boolean {
  return parseStixObject(input, { mode: 'lenient' }).success;
}

function messages(input: unknown): string[] {
  const result = parseStixObject(input, { mode: 'strict' });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('stix objects: every modelled type', () => {
  it('has a fixture for every registered strict type, and nothing else', () => {
    const strictTypes = [...STIX_SCHEMAS].filter(([, entry]) => entry.strict !== undefined).map(([type]) => type);
    expect(Object.keys(VALID).sort()).to.deep.equal(strictTypes.sort());
    expect(Object.keys(REQUIRED).sort()).to.deep.equal(strictTypes.sort());
  });

  for (const type of Object.keys(VALID)) {
    describe(type, () => {
      it('accepts the minimal valid object in strict and lenient mode', () => {
        expect(messages(VALID[type])).to.deep.equal([]);
        expect(lenientOk(VALID[type])).to.equal(true);
        expect(stixSchemaFor(type, 'strict')?.safeParse(VALID[type]).success).to.equal(true);
      });

      for (const property of ['type', 'id', ...REQUIRED[type]!]) {
        it(`requires ${property}`, () => {
          expect(strictOk(variant(type, { [property]: undefined }))).to.equal(false);
          expect(lenientOk(variant(type, { [property]: undefined }))).to.equal(false);
        });
      }

      it('rejects an id of another type, a malformed UUID and a non-RFC-4122 UUID', () => {
        const other = type === 'indicator' ? 'malware' : 'indicator';
        expect(strictOk(variant(type, { id: sid(other) }))).to.equal(false);
        expect(lenientOk(variant(type, { id: sid(other) }))).to.equal(false);
        expect(strictOk(variant(type, { id: `${type}--not-a-uuid` }))).to.equal(false);
        // Version nibble 0 and variant nibble 0 are not RFC 4122.
        expect(strictOk(variant(type, { id: `${type}--00000000-0000-0000-0000-000000000001` }))).to.equal(false);
      });

      it('rejects a spec_version other than 2.1', () => {
        expect(strictOk(variant(type, { spec_version: '2.0' }))).to.equal(false);
        expect(lenientOk(variant(type, { spec_version: '2.0' }))).to.equal(false);
      });

      it('strict rejects unknown and x_ properties; lenient keeps x_ and drops unknown ones', () => {
        expect(strictOk(variant(type, { colour: 'blue' }))).to.equal(false);
        expect(strictOk(variant(type, { x_lagebild_note: 'hi' }))).to.equal(false);
        const lenient = parseStixObject(variant(type, { colour: 'blue', x_lagebild_note: { a: [1] } }), { mode: 'lenient' });
        expect(lenient.success).to.equal(true);
        const data = lenient.data as Record<string, unknown>;
        expect(data.x_lagebild_note).to.deep.equal({ a: [1] });
        expect(data).not.to.have.property('colour');
      });

      it('validates the common marking and reference properties', () => {
        expect(strictOk(variant(type, { object_marking_refs: [sid('identity')] }))).to.equal(false);
        expect(strictOk(variant(type, { object_marking_refs: [] }))).to.equal(false);
        expect(strictOk(variant(type, { granular_markings: [{ selectors: ['id'] }] }))).to.equal(false);
        expect(strictOk(variant(type, { object_marking_refs: [sid('marking-definition', 7)] }))).to.equal(true);
      });
    });
  }

  for (const type of VERSIONED_TYPES) {
    describe(`${type} versioning`, () => {
      it('rejects modified earlier than created and accepts equal or later', () => {
        expect(messages(variant(type, { created: T1, modified: T0 }))).to.include('modified: modified must not be earlier than created');
        expect(lenientOk(variant(type, { created: T1, modified: T0 }))).to.equal(false);
        expect(strictOk(variant(type, { created: T0, modified: T1 }))).to.equal(true);
      });

      it('rejects malformed and non-UTC timestamps', () => {
        for (const bad of ['2024-01-01', '2024-01-01T00:00:00+01:00', '2024-01-01 00:00:00Z', '2024-02-30T00:00:00.000Z', '2024-13-01T00:00:00.000Z', 20240101]) {
          expect(strictOk(variant(type, { created: bad, modified: bad })), String(bad)).to.equal(false);
        }
      });

      it('needs millisecond precision in strict mode only', () => {
        const coarse = variant(type, { created: '2024-01-01T00:00:00Z', modified: '2024-01-01T00:00:00Z' });
        expect(strictOk(coarse)).to.equal(false);
        expect(lenientOk(coarse)).to.equal(true);
      });

      it('checks created_by_ref, confidence and external references', () => {
        expect(strictOk(variant(type, { created_by_ref: sid('indicator') }))).to.equal(false);
        expect(strictOk(variant(type, { confidence: 101 }))).to.equal(false);
        expect(strictOk(variant(type, { confidence: 50.5 }))).to.equal(false);
        expect(strictOk(variant(type, { external_references: [{ source_name: 'x' }] }))).to.equal(false);
        expect(strictOk(variant(type, { external_references: [{ source_name: 'x', url: 'https://x.example' }] }))).to.equal(true);
      });
    });
  }
});
