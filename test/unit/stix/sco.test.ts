// SCO value formats and constraints (STIX 2.1 §6), and the generic fallback for SCO types
// without their own schema.
import { expect } from 'chai';
import { isIpv4Value, isIpv6Value, parseStixObject } from '../../../server/stix/index.js';
import { sid, variant } from './fixtures.js';

function ok(input: unknown): boolean {
  return parseStixObject(input, { mode: 'strict' }).success;
}

describe('stix SCO rules', () => {
  it('ipv4-addr takes addresses and CIDR blocks', () => {
    for (const value of ['198.51.100.3', '0.0.0.0', '255.255.255.255', '198.51.100.0/24', '10.0.0.0/8', '1.2.3.4/32']) {
      expect(isIpv4Value(value), value).to.equal(true);
    }
    for (const value of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/8/8', ' 1.2.3.4', '::1']) {
      expect(isIpv4Value(value), value).to.equal(false);
    }
    expect(ok(variant('ipv4-addr', { value: '198.51.100.0/24', resolves_to_refs: [sid('mac-addr')] }))).to.equal(true);
    expect(ok(variant('ipv4-addr', { value: 'example.com' }))).to.equal(false);
  });

  it('ipv6-addr takes full, compressed and IPv4-embedded forms', () => {
    for (const value of ['::', '::1', '2001:db8::', '2001:db8::/32', 'fe80::1:2', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '2001:0db8:dead:beef:0000:0000:0000:0000/64']) {
      expect(isIpv6Value(value), value).to.equal(true);
    }
    for (const value of ['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', ':1', '1:', 'g::1', '::ffff:999.0.2.1', '::/129', '198.51.100.3']) {
      expect(isIpv6Value(value), value).to.equal(false);
    }
  });

  it('domain-name, url and email-addr check their value', () => {
    expect(ok(variant('domain-name', { value: '_dmarc.example.com' }))).to.equal(true);
    expect(ok(variant('domain-name', { value: 'bücher.example' }))).to.equal(true);
    expect(ok(variant('domain-name', { value: 'exa mple.com' }))).to.equal(false);
    expect(ok(variant('domain-name', { value: 'a..b' }))).to.equal(false);
    expect(ok(variant('domain-name', { value: `${'a'.repeat(64)}.com` }))).to.equal(false);
    expect(ok(variant('url', { value: 'hxxp://evil.example/x', defanged: true }))).to.equal(true);
    expect(ok(variant('url', { value: '/relative/path' }))).to.equal(false);
    expect(ok(variant('email-addr', { value: 'John Doe <john@example.com>' }))).to.equal(false);
  });

  it('mac-addr is lowercase, colon-delimited MAC-48', () => {
    expect(ok(variant('mac-addr', { value: 'D2:FB:49:24:37:18' }))).to.equal(false);
    expect(ok(variant('mac-addr', { value: 'd2-fb-49-24-37-18' }))).to.equal(false);
    expect(ok(variant('mac-addr', { value: 'd2:fb:49:24:37' }))).to.equal(false);
  });

  it('file needs hashes or name and checks its predefined extensions', () => {
    expect(ok(variant('file', { name: undefined }))).to.equal(true);
    expect(ok(variant('file', { name: undefined, hashes: undefined }))).to.equal(false);
    expect(ok(variant('file', { hashes: { 'SHA-256': 'abc' } }))).to.equal(false);
    expect(ok(variant('file', { size: -1 }))).to.equal(false);
    expect(ok(variant('file', { extensions: { 'archive-ext': { contains_refs: [sid('file', 2)] } } }))).to.equal(true);
    expect(ok(variant('file', { extensions: { 'archive-ext': { comment: 'no refs' } } }))).to.equal(false);
    expect(ok(variant('file', { extensions: { 'windows-pebinary-ext': { pe_type: 'exe', number_of_sections: 4 } } }))).to.equal(true);
    expect(ok(variant('file', { extensions: { 'windows-pebinary-ext': { number_of_sections: 4 } } }))).to.equal(false);
    expect(ok(variant('file', { extensions: { 'ntfs-ext': { sid: '1' } } }))).to.equal(true);
    expect(ok(variant('file', { parent_directory_ref: sid('file') }))).to.equal(false);
  });

  it('network-traffic needs an endpoint, bounds ports and respects is_active', () => {
    expect(ok(variant('network-traffic', { src_ref: undefined }))).to.equal(false);
    expect(ok(variant('network-traffic', { src_ref: undefined, dst_ref: sid('domain-name') }))).to.equal(true);
    expect(ok(variant('network-traffic', { dst_port: 65_536 }))).to.equal(false);
    expect(ok(variant('network-traffic', { src_ref: sid('url') }))).to.equal(false);
    expect(ok(variant('network-traffic', { is_active: true, end: '2024-01-01T00:00:00Z' }))).to.equal(false);
    expect(ok(variant('network-traffic', { start: '2024-01-02T00:00:00Z', end: '2024-01-01T00:00:00Z' }))).to.equal(false);
    expect(ok(variant('network-traffic', { extensions: { 'http-request-ext': { request_method: 'get', request_value: '/' } } }))).to.equal(true);
    expect(ok(variant('network-traffic', { extensions: { 'http-request-ext': { request_method: 'get' } } }))).to.equal(false);
    expect(ok(variant('network-traffic', { extensions: { 'tcp-ext': {} } }))).to.equal(false);
  });

  it('x509-certificate needs at least one certificate property', () => {
    expect(ok(variant('x509-certificate', { issuer: undefined, serial_number: undefined }))).to.equal(false);
    expect(ok(variant('x509-certificate', { issuer: undefined, serial_number: undefined, is_self_signed: false }))).to.equal(true);
    expect(ok(variant('x509-certificate', { validity_not_before: '2024-02-01T00:00:00Z', validity_not_after: '2024-01-01T00:00:00Z' }))).to.equal(false);
  });

  it('autonomous-system number is a non-negative integer', () => {
    expect(ok(variant('autonomous-system', { number: -1 }))).to.equal(false);
    expect(ok(variant('autonomous-system', { number: '15139' }))).to.equal(false);
  });

  it('SCOs may omit spec_version but have no created/modified', () => {
    expect(ok(variant('ipv4-addr', { spec_version: undefined }))).to.equal(true);
    expect(ok(variant('ipv4-addr', { created: '2024-01-01T00:00:00.000Z' }))).to.equal(false);
  });

  describe('generic SCO fallback', () => {
    const mutex = { type: 'mutex', id: sid('mutex'), name: '__CLEANSWEEP__' };

    it('is lenient-only: strict mode rejects SCO types we do not model', () => {
      expect(parseStixObject(mutex, { mode: 'strict' }).success).to.equal(false);
      const lenient = parseStixObject(mutex, { mode: 'lenient' });
      expect(lenient.success).to.equal(true);
      expect(lenient.data).to.deep.equal(mutex);
    });

    it('still checks the id and the common SCO properties', () => {
      expect(parseStixObject({ ...mutex, id: sid('file') }, { mode: 'lenient' }).success).to.equal(false);
      expect(parseStixObject({ ...mutex, object_marking_refs: ['tlp:red'] }, { mode: 'lenient' }).success).to.equal(false);
      expect(parseStixObject({ ...mutex, spec_version: '2.0' }, { mode: 'lenient' }).success).to.equal(false);
    });
  });
});
