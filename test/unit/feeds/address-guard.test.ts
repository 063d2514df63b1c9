import { expect } from 'chai';
import fc from 'fast-check';
import { assertHostAllowed, BlockedAddressError, isAddressAllowed, isNonPublicAddress } from '../../../feeds/address-guard.js';
import { bypassesProxy } from '../../../feeds/http.js';
import { fuzzRuns } from '../../support/fuzz.js';

describe('feeds/address-guard: which addresses outgoing requests may reach', () => {
  const refused = ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a00:1', '2002:c0a8:101::1', 'not-an-ip'];
  const publicAddresses = ['8.8.8.8', '194.94.127.1', '172.32.0.1', '100.128.0.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'];

  for (const address of refused) {
    it(`refuses ${address}`, () => {
      expect(isNonPublicAddress(address)).to.equal(true);
      expect(isAddressAllowed(address)).to.equal(false);
    });
  }
  for (const address of publicAddresses) {
    it(`allows the public address ${address}`, () => expect(isAddressAllowed(address)).to.equal(true));
  }

  it('allow-lists exactly the listed addresses and networks', () => {
    const allowance = { allowedNetworks: ['127.0.0.1', '10.20.0.0/16', '::1'] };
    expect(isAddressAllowed('127.0.0.1', allowance)).to.equal(true);
    expect(isAddressAllowed('::ffff:127.0.0.1', allowance)).to.equal(true);
    expect(isAddressAllowed('127.0.0.2', allowance)).to.equal(false);
    expect(isAddressAllowed('10.20.5.5', allowance)).to.equal(true);
    expect(isAddressAllowed('10.21.0.1', allowance)).to.equal(false);
    expect(isAddressAllowed('::1', allowance)).to.equal(true);
    expect(isAddressAllowed('169.254.169.254', allowance)).to.equal(false);
    expect(isAddressAllowed('169.254.169.254', { allowPrivateNetwork: true })).to.equal(true);
  });

  it('checks host names after DNS resolution', async () => {
    const error = await assertHostAllowed('localhost', {}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(BlockedAddressError);
    await assertHostAllowed('localhost', { allowedNetworks: ['127.0.0.1', '::1'] });
    await assertHostAllowed('[::1]', { allowedNetworks: ['::1'] });
  });

  it('applies NO_PROXY like curl: hosts, domain suffixes, ports and *', () => {
    const url = (href: string) => new URL(href);
    expect(bypassesProxy(url('https://wid.cert-bund.de/x'), 'cert-bund.de')).to.equal(true);
    expect(bypassesProxy(url('https://wid.cert-bund.de/x'), '.cert-bund.de')).to.equal(true);
    expect(bypassesProxy(url('https://notcert-bund.de/x'), 'cert-bund.de')).to.equal(false);
    expect(bypassesProxy(url('https://intranet.tlrz:8443/'), 'intranet.tlrz:443')).to.equal(false);
    expect(bypassesProxy(url('https://intranet.tlrz:8443/'), 'foo, intranet.tlrz:8443')).to.equal(true);
    expect(bypassesProxy(url('https://anything/'), '*')).to.equal(true);
    expect(bypassesProxy(url('https://anything/'), undefined)).to.equal(false);
  });

  it('never throws on arbitrary input (fuzzed)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), fc.array(fc.oneof(fc.ipV4(), fc.ipV6())), (address, networks) => {
        const result = isAddressAllowed(address, { allowedNetworks: networks });
        expect(result).to.be.a('boolean');
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
