// Type-specific rules of the SDOs and SROs (STIX 2.1 §4, §5) beyond "required properties".
import { expect } from 'chai';
import { IndicatorSchema, parseStixObject } from '../../../server/stix/index.js';
import { T0, T1, sid, variant } from './fixtures.js';

function ok(input: unknown): boolean {
  return parseStixObject(input, { mode: 'strict' }).success;
}

function issues(input: unknown): string[] {
  const result = parseStixObject(input, { mode: 'strict' });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('stix SDO rules', () => {
  describe('indicator', () => {
    it('needs valid_until strictly after valid_from', () => {
      expect(ok(variant('indicator', { valid_until: T1 }))).to.equal(true);
      expect(issues(variant('indicator', { valid_until: T0 }))).to.deep.equal(['valid_until: valid_until must be later than valid_from']);
      expect(ok(variant('indicator', { valid_from: T1, valid_until: T0 }))).to.equal(false);
    });

    it('parses STIX patterns and reports the offset of a syntax error', () => {
      const result = IndicatorSchema.safeParse(variant('indicator', { pattern: "[file:name = 'x' AND]" }));
      expect(result.success).to.equal(false);
      expect(result.error?.issues[0]?.path).to.deep.equal(['pattern']);
      expect(result.error?.issues[0]?.message).to.match(/^Invalid STIX pattern at offset 20: Expected an object type/);
    });

    it('validates the pattern in lenient mode too', () => {
      expect(parseStixObject(variant('indicator', { pattern: 'file:name = 1' }), { mode: 'lenient' }).success).to.equal(false);
    });

    it('leaves other pattern languages to their own tools', () => {
      expect(ok(variant('indicator', { pattern_type: 'yara', pattern: 'rule x { condition: true }' }))).to.equal(true);
      expect(ok(variant('indicator', { pattern_type: 'sigma', pattern: 'not [stix' }))).to.equal(true);
    });
  });

  describe('report, grouping, note, opinion', () => {
    it('need a non-empty object_refs of identifiers', () => {
      for (const type of ['report', 'grouping', 'note', 'opinion']) {
        expect(ok(variant(type, { object_refs: [] })), type).to.equal(false);
        expect(ok(variant(type, { object_refs: ['not-an-id'] })), type).to.equal(false);
      }
    });

    it('report needs a timestamp in published', () => {
      expect(ok(variant('report', { published: 'yesterday' }))).to.equal(false);
    });

    it('opinion is a closed enumeration', () => {
      expect(ok(variant('opinion', { opinion: 'strongly-agree' }))).to.equal(true);
      expect(ok(variant('opinion', { opinion: 'meh' }))).to.equal(false);
    });
  });

  describe('open vocabularies', () => {
    it('accept values outside the suggested list', () => {
      expect(ok(variant('identity', { identity_class: 'constituent' }))).to.equal(true);
      expect(ok(variant('indicator', { indicator_types: ['lagebild-watchlist'] }))).to.equal(true);
      expect(ok(variant('grouping', { context: 'advisory-draft' }))).to.equal(true);
    });

    it('still need the right JSON type', () => {
      expect(ok(variant('identity', { identity_class: 7 }))).to.equal(false);
      expect(ok(variant('identity', { sectors: 'government' }))).to.equal(false);
    });
  });

  describe('malware', () => {
    it('requires a name for families only', () => {
      expect(ok(variant('malware', { name: undefined }))).to.equal(false);
      expect(ok(variant('malware', { name: undefined, is_family: false }))).to.equal(true);
      expect(ok(variant('malware', { is_family: 'yes' }))).to.equal(false);
    });

    it('types its references and orders first_seen/last_seen', () => {
      expect(ok(variant('malware', { sample_refs: [sid('file')], operating_system_refs: [sid('software')] }))).to.equal(true);
      expect(ok(variant('malware', { operating_system_refs: [sid('file')] }))).to.equal(false);
      expect(ok(variant('malware', { first_seen: T1, last_seen: T0 }))).to.equal(false);
    });
  });

  describe('first_seen / last_seen', () => {
    it('rejects last_seen before first_seen on every type that has them', () => {
      for (const type of ['campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'sighting']) {
        expect(ok(variant(type, { first_seen: T1, last_seen: T0 })), type).to.equal(false);
        expect(ok(variant(type, { first_seen: T0, last_seen: T0 })), type).to.equal(true);
      }
    });
  });

  describe('location', () => {
    it('needs region, country, or latitude and longitude', () => {
      expect(ok(variant('location', { region: undefined }))).to.equal(true);
      expect(ok(variant('location', { region: undefined, country: undefined }))).to.equal(false);
      expect(ok(variant('location', { region: undefined, country: undefined, latitude: 50.98, longitude: 11.03 }))).to.equal(true);
    });

    it('pairs latitude with longitude, bounds them, and ties precision to them', () => {
      expect(ok(variant('location', { latitude: 50.98 }))).to.equal(false);
      expect(ok(variant('location', { latitude: 91, longitude: 0 }))).to.equal(false);
      expect(ok(variant('location', { latitude: 0, longitude: -181 }))).to.equal(false);
      expect(ok(variant('location', { precision: 100 }))).to.equal(false);
      expect(ok(variant('location', { precision: 100, latitude: 1, longitude: 2 }))).to.equal(true);
    });
  });

  describe('malware-analysis', () => {
    it('needs result or analysis_sco_refs', () => {
      expect(ok(variant('malware-analysis', { result: undefined }))).to.equal(false);
      expect(ok(variant('malware-analysis', { result: undefined, analysis_sco_refs: [sid('file')] }))).to.equal(true);
      expect(ok(variant('malware-analysis', { sample_ref: sid('url') }))).to.equal(false);
    });
  });

  describe('observed-data', () => {
    it('needs exactly one of object_refs and objects', () => {
      const objects = { 0: { type: 'ipv4-addr', value: '198.51.100.3' } };
      expect(ok(variant('observed-data', { objects }))).to.equal(false);
      expect(ok(variant('observed-data', { object_refs: undefined, objects }))).to.equal(true);
      expect(ok(variant('observed-data', { object_refs: undefined }))).to.equal(false);
    });

    it('bounds number_observed and orders the observation window', () => {
      expect(ok(variant('observed-data', { number_observed: 0 }))).to.equal(false);
      expect(ok(variant('observed-data', { number_observed: 1_000_000_000 }))).to.equal(false);
      expect(ok(variant('observed-data', { number_observed: 999_999_999 }))).to.equal(true);
      expect(ok(variant('observed-data', { first_observed: T1, last_observed: T0 }))).to.equal(false);
    });

    it('refers to SCOs (and SROs), never to other SDOs', () => {
      expect(ok(variant('observed-data', { object_refs: [sid('indicator')] }))).to.equal(false);
      expect(ok(variant('observed-data', { object_refs: [sid('relationship')] }))).to.equal(false);
    });
  });

  describe('relationship', () => {
    it('restricts relationship_type to lowercase, digits and hyphens', () => {
      expect(ok(variant('relationship', { relationship_type: 'related-to' }))).to.equal(true);
      expect(ok(variant('relationship', { relationship_type: 'Related To' }))).to.equal(false);
    });

    it('does not point at SROs, markings or bundles', () => {
      for (const type of ['relationship', 'sighting', 'marking-definition', 'bundle', 'language-content']) {
        expect(ok(variant('relationship', { target_ref: sid(type) })), type).to.equal(false);
      }
      expect(ok(variant('relationship', { target_ref: sid('ipv4-addr') }))).to.equal(true);
    });

    it('needs stop_time strictly after start_time', () => {
      expect(ok(variant('relationship', { start_time: T0, stop_time: T1 }))).to.equal(true);
      expect(ok(variant('relationship', { start_time: T0, stop_time: T0 }))).to.equal(false);
    });
  });

  describe('sighting', () => {
    it('bounds count to 0..999999999', () => {
      expect(ok(variant('sighting', { count: 0 }))).to.equal(true);
      expect(ok(variant('sighting', { count: 999_999_999 }))).to.equal(true);
      expect(ok(variant('sighting', { count: 1_000_000_000 }))).to.equal(false);
      expect(ok(variant('sighting', { count: -1 }))).to.equal(false);
      expect(ok(variant('sighting', { count: 1.5 }))).to.equal(false);
    });

    it('types its references', () => {
      expect(ok(variant('sighting', { sighting_of_ref: sid('relationship') }))).to.equal(false);
      expect(ok(variant('sighting', { observed_data_refs: [sid('indicator')] }))).to.equal(false);
      expect(ok(variant('sighting', { where_sighted_refs: [sid('location')] }))).to.equal(true);
      expect(ok(variant('sighting', { where_sighted_refs: [sid('malware')] }))).to.equal(false);
    });
  });

  describe('course-of-action', () => {
    it('does not allow the reserved action property', () => {
      expect(ok(variant('course-of-action', { action: 'block' }))).to.equal(false);
    });
  });

  describe('extension-definition and language-content', () => {
    it('allows extension_properties only for toplevel-property-extension', () => {
      expect(ok(variant('extension-definition', { extension_properties: ['rank'] }))).to.equal(false);
      expect(ok(variant('extension-definition', { extension_types: ['toplevel-property-extension'], extension_properties: ['rank'] }))).to.equal(true);
      expect(ok(variant('extension-definition', { extension_types: ['new-widget'] }))).to.equal(false);
      expect(ok(variant('extension-definition', { confidence: 5 }))).to.equal(false);
    });

    it('language-content needs non-empty contents and may not target bundles', () => {
      expect(ok(variant('language-content', { contents: {} }))).to.equal(false);
      expect(ok(variant('language-content', { object_ref: sid('bundle') }))).to.equal(false);
      expect(ok(variant('language-content', { lang: 'de' }))).to.equal(false);
    });
  });
});
