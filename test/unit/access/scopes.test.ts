import { expect } from 'chai';
import { CAPABILITY_ROLES, scopesAllow, TOKEN_SCOPES, type Capability } from '../../../server/access/capabilities.js';

describe('token scopes → capabilities', () => {
  const capabilities = Object.keys(CAPABILITY_ROLES) as Capability[];

  it('gives the read scope no capability at all', () => {
    for (const capability of capabilities) expect(scopesAllow(['read'], capability), capability).to.equal(false);
  });

  it('gives the taxii scope only adding STIX objects to collections (taxii:write)', () => {
    for (const capability of capabilities) expect(scopesAllow(['taxii'], capability), capability).to.equal(capability === 'taxii:write');
  });

  it('gives admin every capability', () => {
    for (const capability of capabilities) expect(scopesAllow(['admin'], capability), capability).to.equal(true);
  });

  it('maps the write scopes to their areas only', () => {
    expect(scopesAllow(['advisories:write'], 'advisory:publish')).to.equal(true);
    expect(scopesAllow(['advisories:write'], 'incident:report')).to.equal(false);
    expect(scopesAllow(['incidents:write'], 'incident:report')).to.equal(true);
    expect(scopesAllow(['incidents:write'], 'organization:manage')).to.equal(false);
    expect(TOKEN_SCOPES).to.include('read');
  });
});
