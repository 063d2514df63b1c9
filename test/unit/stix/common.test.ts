// Building blocks of server/stix/common.ts: identifiers, timestamps, external references,
// hashes, granular markings and extensions.
import { expect } from 'chai';
import {
  ExtensionsSchema,
  ExternalReferenceSchema,
  GranularMarkingSchema,
  HashesSchema,
  KillChainPhaseSchema,
  TimestampSchema,
  compareTimestamps,
  isStixId,
  newStixId,
  stixId,
  stixIdType,
} from '../../../server/stix/index.js';
import { sid, uuid } from './fixtures.js';

describe('stix common', () => {
  describe('stixId', () => {
    it('accepts only identifiers of the given types', () => {
      const indicatorId = stixId('indicator');
      expect(indicatorId.safeParse(sid('indicator')).success).to.equal(true);
      expect(indicatorId.safeParse(sid('malware')).success).to.equal(false);
      expect(indicatorId.safeParse(`indicator--${uuid(1).toUpperCase()}`).success).to.equal(true);
      expect(stixId('identity', 'location').safeParse(sid('location')).success).to.equal(true);
      expect(stixId().safeParse(sid('x-mitre-tactic')).success).to.equal(true);
    });

    it('rejects malformed identifiers', () => {
      const any = stixId();
      for (const bad of ['indicator', 'indicator--', `Indicator--${uuid(1)}`, `indicator-${uuid(1)}`, `indicator--${uuid(1)}x`,
        'indicator--e9ae4a13-74d4-6d4c-8a3e-2a0c8f1f3a53', 'indicator--e9ae4a13-74d4-4d4c-ca3e-2a0c8f1f3a53', 42, null]) {
        expect(any.safeParse(bad).success, String(bad)).to.equal(false);
      }
    });

    it('does not treat regex metacharacters in type names as patterns', () => {
      expect(stixId('a.b').safeParse(`axb--${uuid(1)}`).success).to.equal(false);
    });

    it('builds fresh v4 identifiers and reads the type back', () => {
      const id = newStixId('report');
      expect(isStixId(id, 'report')).to.equal(true);
      expect(id).to.match(/^report--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(stixIdType(id)).to.equal('report');
      expect(newStixId('report')).not.to.equal(id);
    });
  });

  describe('timestamps', () => {
    it('accepts RFC 3339 UTC timestamps with optional fractions and leap seconds', () => {
      for (const ok of ['2016-05-12T08:17:27Z', '2016-05-12T08:17:27.000Z', '2016-05-12T08:17:27.123456Z', '2016-12-31T23:59:60Z', '2024-02-29T00:00:00Z']) {
        expect(TimestampSchema.safeParse(ok).success, ok).to.equal(true);
      }
    });

    it('rejects offsets, lowercase markers, impossible dates and other shapes', () => {
      for (const bad of ['2016-05-12T08:17:27+00:00', '2016-05-12t08:17:27z', '2016-05-12T08:17:27.Z', '2023-02-29T00:00:00Z',
        '2016-04-31T00:00:00Z', '2016-05-12T24:00:00Z', '2016-05-12', ' 2016-05-12T08:17:27Z', '']) {
        expect(TimestampSchema.safeParse(bad).success, bad).to.equal(false);
      }
    });

    it('compares exactly, independent of fraction length', () => {
      expect(compareTimestamps('2016-05-12T08:17:27Z', '2016-05-12T08:17:27.000Z')).to.equal(0);
      expect(compareTimestamps('2016-05-12T08:17:27.1Z', '2016-05-12T08:17:27.09Z')).to.be.above(0);
      expect(compareTimestamps('2016-05-12T08:17:27.999Z', '2016-05-12T08:17:28Z')).to.be.below(0);
      expect(compareTimestamps('2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z')).to.be.above(0);
    });
  });

  describe('external references', () => {
    it('needs source_name and one of description, url, external_id', () => {
      expect(ExternalReferenceSchema.safeParse({ source_name: 'veris', external_id: '0001AA7F' }).success).to.equal(true);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'ACME', description: 'Threat report' }).success).to.equal(true);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'ACME' }).success).to.equal(false);
      expect(ExternalReferenceSchema.safeParse({ url: 'https://example.com' }).success).to.equal(false);
    });

    it('checks CVE and CAPEC ids, URLs and hashes', () => {
      expect(ExternalReferenceSchema.safeParse({ source_name: 'cve', external_id: 'CVE-2016-1234' }).success).to.equal(true);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'cve', external_id: 'CVE-2016-123' }).success).to.equal(false);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'capec', external_id: 'CAPEC-163' }).success).to.equal(true);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'capec', external_id: '163' }).success).to.equal(false);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'x', url: 'not a url' }).success).to.equal(false);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'x', url: 'https://x.example', hashes: { MD5: 'zz' } }).success).to.equal(false);
      expect(ExternalReferenceSchema.safeParse({ source_name: 'x', url: 'https://x.example', extra: 1 }).success).to.equal(false);
    });
  });

  describe('hashes', () => {
    it('checks the digest format of the known algorithms and the shape of custom keys', () => {
      expect(HashesSchema.safeParse({ MD5: 'cead3f77f6cda6ec00f57d76c9a6879f', 'x-custom': 'anything' }).success).to.equal(true);
      expect(HashesSchema.safeParse({ 'SHA-1': 'cead3f77f6cda6ec00f57d76c9a6879f' }).success).to.equal(false);
      expect(HashesSchema.safeParse({ 'SHA-256': 'g'.repeat(64) }).success).to.equal(false);
      expect(HashesSchema.safeParse({ SSDEEP: '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C' }).success).to.equal(true);
      expect(HashesSchema.safeParse({ 'a b': 'x' }).success).to.equal(false);
      expect(HashesSchema.safeParse({}).success).to.equal(false);
    });
  });

  describe('kill chain phases and granular markings', () => {
    it('requires both kill chain fields', () => {
      expect(KillChainPhaseSchema.safeParse({ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'reconnaissance' }).success).to.equal(true);
      expect(KillChainPhaseSchema.safeParse({ kill_chain_name: 'x' }).success).to.equal(false);
    });

    it('needs selectors and exactly one of marking_ref or lang', () => {
      const ref = sid('marking-definition');
      expect(GranularMarkingSchema.safeParse({ selectors: ['description'], marking_ref: ref }).success).to.equal(true);
      expect(GranularMarkingSchema.safeParse({ selectors: ['labels.[1]'], lang: 'de' }).success).to.equal(true);
      expect(GranularMarkingSchema.safeParse({ selectors: ['description'], marking_ref: ref, lang: 'de' }).success).to.equal(false);
      expect(GranularMarkingSchema.safeParse({ selectors: ['description'] }).success).to.equal(false);
      expect(GranularMarkingSchema.safeParse({ selectors: [], marking_ref: ref }).success).to.equal(false);
      expect(GranularMarkingSchema.safeParse({ selectors: ['description'], marking_ref: sid('identity') }).success).to.equal(false);
    });
  });

  describe('extensions', () => {
    it('accepts extension-definition keys with extension_type and predefined -ext keys', () => {
      const ok = {
        [`extension-definition--${uuid(9)}`]: { extension_type: 'property-extension', rank: 5 },
        'ntfs-ext': { sid: '1' },
      };
      expect(ExtensionsSchema.safeParse(ok).success).to.equal(true);
    });

    it('rejects missing extension_type, odd keys and empty dictionaries', () => {
      expect(ExtensionsSchema.safeParse({ [`extension-definition--${uuid(9)}`]: { rank: 5 } }).success).to.equal(false);
      expect(ExtensionsSchema.safeParse({ [`extension-definition--${uuid(9)}`]: { extension_type: 'new-thing' } }).success).to.equal(false);
      expect(ExtensionsSchema.safeParse({ 'my extension': { a: 1 } }).success).to.equal(false);
      expect(ExtensionsSchema.safeParse({ 'ntfs-ext': {} }).success).to.equal(false);
      expect(ExtensionsSchema.safeParse({}).success).to.equal(false);
    });
  });
});
