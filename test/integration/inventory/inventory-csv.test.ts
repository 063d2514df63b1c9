import { expect } from 'chai';
import fc from 'fast-check';
import { parseInventoryCsv } from '../../../server/inventory/inventory.csv.js';
import { fuzzRuns } from '../../support/fuzz.js';
import { organizationIds } from '../../support/advisories.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

const GOOD = ['vendor,product,version,cpe,criticality,where_used,tags', 'Citrix,NetScaler ADC,13.1-48.47,,kritisch,VPN Rathaus,dmz;vpn', 'Microsoft,Exchange Server,15.2.1118.40,,hoch,Mail,', '"Siemens AG","SIMATIC WinCC","V7.5 SP1",cpe:/a:siemens:simatic_wincc,mittel,"Klärwerk, Leitwarte",ot'].join('\n');

describe('inventory CSV import and export (all lines or nothing)', () => {
  let server: TestServer;
  let session: Awaited<ReturnType<typeof loginAs>>;
  let base: string;
  before(async () => {
    server = await startTestServer();
    session = await loginAs(server.url, 'isb@lk-gotha.lagebild.test');
    base = `/api/v1/organizations/${(await organizationIds(session.agent)).get('Landkreis Gotha')}/assets`;
  });
  after(async () => server.close());

  const post = (csv: string, mode = 'append') => session.agent.post(`${base}/import`).set('x-csrf-token', session.csrfToken).send({ csv, mode });

  it('stores nothing when one line is bad, and names the line', async () => {
    const bad = GOOD.split('\n');
    bad.splice(3, 0, 'Fortinet,FortiOS,7.2.4,,sehr hoch,,');
    const response = await post(bad.join('\n'));
    expect(response.status).to.equal(422);
    expect(response.body.detail).to.match(/nothing was imported/);
    expect(response.body.errors).to.have.length(1);
    expect(response.body.errors[0].path).to.equal('line 4: criticality');
    expect((await session.agent.get(base)).body.items).to.deep.equal([]);
    const broken = await post('vendor,product\nCitrix,ADC\n"Fortinet,FortiOS\n');
    expect(broken.status).to.equal(422);
    expect(broken.body.errors[0].path).to.match(/^line \d+/);
    const missing = await post('vendor,version\nCitrix,1.0\n');
    expect(missing.body.errors[0].message).to.equal('Missing column product');
  });

  it('imports a good file, exports it in the same format, and replaces on request', async () => {
    const response = await post(GOOD);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    expect(response.body).to.deep.equal({ imported: 3, replaced: 0 });
    const items = (await session.agent.get(base)).body.items as { vendor: string; cpe: string | null; whereUsed: string; tags: string[] }[];
    expect(items.map((item) => item.vendor)).to.deep.equal(['Citrix', 'Microsoft', 'Siemens AG']);
    expect(items[2]!.cpe).to.equal('cpe:2.3:a:siemens:simatic_wincc:*:*:*:*:*:*:*:*');
    expect(items[2]!.whereUsed).to.equal('Klärwerk, Leitwarte');
    const exported = await session.agent.get(`${base}/export.csv`);
    expect(exported.headers['content-type']).to.match(/text\/csv/);
    expect(parseInventoryCsv(exported.text).problems).to.deep.equal([]);
    expect(parseInventoryCsv(exported.text).assets).to.have.length(3);
    const replaced = await post('vendor;product;version\nFortinet;FortiOS;7.2.4\n', 'replace');
    expect(replaced.body).to.deep.equal({ imported: 1, replaced: 3 });
  });

  it('suggests vendor names from visible advisories and own inventory', async () => {
    const response = await session.agent.get('/api/v1/inventory/suggestions').query({ field: 'vendor', q: 'fort' });
    expect(response.status).to.equal(200);
    expect(response.body.items).to.include('Fortinet');
  });

  it('never throws on arbitrary input (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = parseInventoryCsv(text);
        expect(result.assets.length === 0 || result.problems.length === 0).to.equal(true);
      }),
      { numRuns: fuzzRuns(200) },
    );
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 20 }), { minLength: 7, maxLength: 7 }), { maxLength: 10 }), (rows) => {
        const csv = ['vendor,product,version,cpe,criticality,where_used,tags', ...rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(','))].join('\n');
        const result = parseInventoryCsv(csv);
        for (const problem of result.problems) expect(problem.path).to.match(/^line \d+/);
      }),
      { numRuns: fuzzRuns(200) },
    );
  });
});
