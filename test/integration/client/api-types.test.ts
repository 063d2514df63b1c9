import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { API_TYPES_FILE, renderApiTypes } from '../../../scripts/api-types.js';

// The client's API types are generated from the route declarations; a route whose schema changed
// without `npm run api:types` would leave the client compiling against a contract the server no
// longer keeps.
describe('client API types (client/src/lib/api-types.ts)', () => {
  it('match the OpenAPI document the routes declare', async () => {
    const generated = await renderApiTypes();
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed === generated, 'client/src/lib/api-types.ts is stale: run `npm run api:types` and commit it').to.equal(true);
  });

  it('carry the session contract the client relies on', () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed).to.include('"/api/v1/me"');
    expect(committed).to.include('csrfToken');
  });
});
