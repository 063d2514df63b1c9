import { expect } from 'chai';
import fc from 'fast-check';
import { sourceViewChanged } from '../../../server/feeds/feeds.routes.js';
import { fuzzRuns } from '../../support/fuzz.js';

describe('feeds: which source changes reset the cursor', () => {
  const current = { url: 'https://csaf.example/.well-known/csaf/provider-metadata.json', options: { tlps: ['WHITE', 'AMBER'], requireSignature: true }, credentialEnv: { token: 'FEED_A_TOKEN' } };

  it('resets for another URL, other options or other credentials, not for the same values in another key order', () => {
    expect(sourceViewChanged(current, {})).to.equal(false);
    expect(sourceViewChanged(current, { url: current.url })).to.equal(false);
    expect(sourceViewChanged(current, { options: { requireSignature: true, tlps: ['WHITE', 'AMBER'] } })).to.equal(false);
    expect(sourceViewChanged(current, { credentialEnv: { token: 'FEED_A_TOKEN' } })).to.equal(false);
    expect(sourceViewChanged(current, { url: 'https://other.example/provider-metadata.json' })).to.equal(true);
    expect(sourceViewChanged(current, { options: { tlps: ['AMBER', 'WHITE'], requireSignature: true } }), 'order inside arrays counts').to.equal(true);
    expect(sourceViewChanged(current, { credentialEnv: { token: 'FEED_B_TOKEN' } })).to.equal(true);
    expect(sourceViewChanged(current, { credentialEnv: {} })).to.equal(true);
  });

  it('never reports a change for a patch equal to the stored values, whatever their shape (fuzz)', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.webUrl(), fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 5 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }), (url, options, credentialEnv) => {
        const stored = { url, options: options as Record<string, unknown>, credentialEnv };
        const shuffled = Object.fromEntries(Object.entries(options).reverse());
        expect(sourceViewChanged(stored, { url, options: shuffled, credentialEnv: { ...credentialEnv } })).to.equal(false);
        expect(sourceViewChanged(stored, { url: `${url}x` })).to.equal(true);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
