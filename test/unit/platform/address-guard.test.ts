import { expect } from 'chai';
import fc from 'fast-check';
import { isAddressAllowed } from '../../../feeds/address-guard.js';
import { allowanceOf, assertUrlReachable, BlockedAddressError, refuseUrl } from '../../../server/platform/net/address-guard.js';
import { SettingsSchema } from '../../../config/settings.schema.js';
import { fuzzRuns } from '../../support/fuzz.js';

const NOTHING_ALLOWED = allowanceOf([]);

describe('refuseUrl (save-time check of webhook URLs)', () => {
  it('refuses literal non-public addresses in every spelling, local names, credentials and other schemes', () => {
    expect(refuseUrl('http://127.0.0.1:8080/hook', NOTHING_ALLOWED)).to.equal('private_address');
    expect(refuseUrl('http://[::1]/hook', NOTHING_ALLOWED)).to.equal('private_address');
    expect(refuseUrl('http://[::ffff:127.0.0.1]/hook', NOTHING_ALLOWED)).to.equal('private_address');
    expect(refuseUrl('http://169.254.169.254/latest/meta-data/', NOTHING_ALLOWED)).to.equal('private_address');
    expect(refuseUrl('http://10.1.2.3/', NOTHING_ALLOWED)).to.equal('private_address');
    expect(refuseUrl('http://0x7f000001/', NOTHING_ALLOWED), 'WHATWG URL normalizes hex to 127.0.0.1').to.equal('private_address');
    expect(refuseUrl('http://2130706433/', NOTHING_ALLOWED), 'decimal form').to.equal('private_address');
    expect(refuseUrl('http://0177.0.0.1/', NOTHING_ALLOWED), 'octal form').to.equal('private_address');
    expect(refuseUrl('http://localhost:3000/', NOTHING_ALLOWED)).to.equal('local_name');
    expect(refuseUrl('http://printer.local/', NOTHING_ALLOWED)).to.equal('local_name');
    expect(refuseUrl('http://metadata.google.internal/', NOTHING_ALLOWED)).to.equal('local_name');
    expect(refuseUrl('https://user:pw@hooks.example.org/', NOTHING_ALLOWED)).to.equal('credentials');
    expect(refuseUrl('ftp://hooks.example.org/', NOTHING_ALLOWED)).to.equal('not_http');
    expect(refuseUrl('https://hooks.example.org/lagebild', NOTHING_ALLOWED)).to.equal(undefined);
    expect(refuseUrl('https://193.174.0.10/lagebild', NOTHING_ALLOWED)).to.equal(undefined);
  });

  it('lets the allow-list open exactly the listed addresses and ranges', () => {
    const allowance = allowanceOf(['127.0.0.1', '10.20.0.0/16']);
    expect(refuseUrl('http://127.0.0.1:8080/hook', allowance)).to.equal(undefined);
    expect(refuseUrl('http://127.0.0.2:8080/hook', allowance)).to.equal('private_address');
    expect(refuseUrl('http://10.20.99.1/', allowance)).to.equal(undefined);
    expect(refuseUrl('http://10.21.0.1/', allowance)).to.equal('private_address');
    expect(refuseUrl('http://169.254.169.254/', allowance)).to.equal('private_address');
  });

  it('agrees with the shared address classification for every literal IPv4 host, and never throws (fuzzed)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.constantFrom('http', 'https'), (ip, scheme) => {
        const refusal = refuseUrl(`${scheme}://${ip}/x`, NOTHING_ALLOWED);
        expect(refusal === 'private_address').to.equal(!isAddressAllowed(ip, NOTHING_ALLOWED));
      }),
      { numRuns: fuzzRuns(500) },
    );
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        expect([undefined, 'not_http', 'credentials', 'private_address', 'local_name']).to.include(refuseUrl(url, NOTHING_ALLOWED));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});

describe('assertUrlReachable (delivery-time check of literal addresses)', () => {
  it('throws BlockedAddressError for a literal address outside the allow-list only', () => {
    expect(() => assertUrlReachable('http://10.0.0.5/x', NOTHING_ALLOWED)).to.throw(BlockedAddressError);
    expect(() => assertUrlReachable('http://[fe80::1]/x', NOTHING_ALLOWED)).to.throw(BlockedAddressError);
    expect(() => assertUrlReachable('http://10.0.0.5/x', allowanceOf(['10.0.0.0/8']))).not.to.throw();
    expect(() => assertUrlReachable('https://hooks.example.org/', NOTHING_ALLOWED), 'names are checked after DNS, on connect').not.to.throw();
  });
});

describe('settings.notifications.webhookAllowList', () => {
  it('accepts IP addresses and CIDR ranges and refuses anything else', () => {
    const parse = (list: string[]) => SettingsSchema.safeParse({ notifications: { webhookAllowList: list } }).success;
    expect(parse(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'])).to.equal(true);
    expect(parse(['localhost'])).to.equal(false);
    expect(parse(['10.0.0.0/33'])).to.equal(false);
    expect(parse(['fd00::/129'])).to.equal(false);
    expect(parse(['10.0.0.0/'])).to.equal(false);
  });
});
