import { expect } from 'chai';
import fc from 'fast-check';
import { fuzzRuns } from '../../support/fuzz.js';
import { planObjects, type ImportTarget } from '../../../server/stix-objects/stix-objects.import.js';
import { effectiveTlp } from '../../../server/access/tlp.js';
import { TLP2_MARKING_IDS, TLP1_MARKING_IDS } from '../../../server/stix/tlp.js';
import { acceptsTaxii21, isTaxii21ContentType } from '../../../server/taxii/taxii.media.js';
import { comparePositions, decodePosition, encodePosition } from '../../../server/taxii/taxii.stream.js';

// Fuzzing the validators in front of TAXII "Add Objects" and bundle import, and the TAXII header and
// cursor parsers: whatever arrives, the answer is a plan (never a throw), a stored object always
// carries a TLP marking of an allowed label, and a refused one always says where the problem is.

const VALID = { type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-03-01T10:00:00.000Z', modified: '2026-03-01T10:00:00.000Z', pattern: "[ipv4-addr:value = '198.51.100.23']", pattern_type: 'stix', valid_from: '2026-03-01T10:00:00.000Z' };
const COMMUNITY: ImportTarget = { allowed: ['green'], defaultTlp: 'green', audience: { organizations: [], sharingGroups: [], users: [] } };
const GROUP: ImportTarget = { allowed: ['amber', 'amber+strict'], defaultTlp: 'amber', audience: { organizations: [], sharingGroups: ['00000000-0000-4000-8000-0000000000a1'], users: [] } };

const markingRef = fc.constantFrom(...Object.values(TLP2_MARKING_IDS), ...Object.values(TLP1_MARKING_IDS), 'marking-definition--00000000-0000-4000-8000-000000000000', 'nonsense');

/** Valid objects with a property replaced, removed or added. */
const mutated = fc.tuple(fc.constantFrom(...Object.keys(VALID), 'object_marking_refs', 'x_custom', 'labels', 'revoked'), fc.oneof(fc.jsonValue(), fc.array(markingRef, { maxLength: 3 }), fc.constant(undefined))).map(([key, value]) => {
  const copy: Record<string, unknown> = { ...VALID };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
});

function checkPlans(objects: unknown[], target: ImportTarget): void {
  const plans = planObjects(objects, target);
  expect(plans).to.have.length(objects.length);
  plans.forEach((plan, index) => {
    if (plan.kind === 'store') {
      expect(plan.object.index).to.equal(index);
      const tlp = effectiveTlp(plan.object.body.object_marking_refs as string[]);
      expect(tlp, 'stored objects carry a TLP marking').to.not.equal(undefined);
      expect(target.allowed).to.include(tlp);
      expect(plan.object.tlp).to.equal(tlp);
    } else if (plan.kind === 'refused') {
      expect(plan.index).to.equal(index);
      expect(plan.problems.length).to.be.greaterThan(0);
      for (const problem of plan.problems) expect(problem.path === `objects.${index}` || problem.path.startsWith(`objects.${index}.`) || problem.path.startsWith('audience.')).to.equal(true);
    } else {
      expect(plan.id).to.match(/^marking-definition--/);
    }
  });
}

describe('fuzz: STIX import validator (TAXII envelopes, API bundles)', () => {
  it('never throws on arbitrary JSON and answers every object', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), (objects) => checkPlans(objects, COMMUNITY)),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('keeps the invariants for mutated valid objects, in both kinds of collection', () => {
    fc.assert(
      fc.property(fc.array(mutated, { minLength: 1, maxLength: 6 }), fc.boolean(), (objects, group) => checkPlans(objects, group ? GROUP : COMMUNITY)),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('stores a valid unmarked object with the default label and refuses a more restrictive marking', () => {
    const [stored, refused] = planObjects([VALID, { ...VALID, object_marking_refs: [TLP2_MARKING_IDS.red] }], COMMUNITY);
    expect(stored!.kind).to.equal('store');
    expect(refused!.kind).to.equal('refused');
  });
});

describe('fuzz: TAXII media types and cursors', () => {
  it('parses any Accept / Content-Type header without throwing, and only TAXII 2.1 is a TAXII content type', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('application/taxii+json;version=2.1', 'application/taxii+json; version="2.1"', 'application/taxii+json;version=2.0', '*/*;q=0', 'application/*')), (header) => {
        const accepted = acceptsTaxii21(header);
        expect(accepted).to.be.a('boolean');
        if (isTaxii21ContentType(header)) expect(header.toLowerCase()).to.include('application/taxii+json');
      }),
      { numRuns: fuzzRuns(500) },
    );
    expect(acceptsTaxii21('application/taxii+json;version=2.0')).to.equal(false);
    expect(acceptsTaxii21('*/*;q=0')).to.equal(false);
    expect(isTaxii21ContentType('application/taxii+json; version="2.1"')).to.equal(true);
  });

  it('round-trips positions through next and rejects anything else', () => {
    // The key's form follows the source rank (taxii.stream.ts): 0 static, 1 and 2 a uuid, 3 a sequence number.
    const t = fc.integer({ min: 0, max: 4_102_444_800_000 });
    const position = fc.oneof(
      fc.record({ t, r: fc.constant(0), k: fc.constant('static'), i: fc.nat() }),
      fc.record({ t, r: fc.constantFrom(1, 2), k: fc.uuid(), i: fc.nat() }),
      fc.record({ t, r: fc.constant(3), k: fc.stringMatching(/^\d{1,20}$/), i: fc.nat() }),
    );
    fc.assert(
      fc.property(position, (value) => {
        const decoded = decodePosition(encodePosition(value));
        expect(decoded).to.deep.equal(value);
        expect(comparePositions(decoded!, value)).to.equal(0);
      }),
      { numRuns: fuzzRuns(300) },
    );
    fc.assert(
      fc.property(fc.string(), (next) => {
        const decoded = decodePosition(next);
        if (decoded) expect(decoded.r).to.be.within(0, 3);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});
