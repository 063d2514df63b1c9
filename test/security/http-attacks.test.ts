import { fileURLToPath } from 'node:url';
/**
 * Attacks over plain HTTP, each test named after its attack: CSRF, session fixation, SQL injection
 * in every list filter and search, oversized and deeply nested bodies, path traversal in
 * attachment names and ids. The server must refuse each with a 4xx problem+json answer, keep
 * answering, and lose nothing it had stored.
 */
import { expect } from 'chai';
import request from 'supertest';
import { advisoryBody, organizationIds, publishedAdvisory } from '../support/advisories.js';
import { reportedIncident } from '../support/incidents.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { DEMO_PASSWORD } from '../support/config.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

const ZERO_ID = '00000000-0000-4000-8000-000000000000';

/** Fills an Express path's parameters with harmless values (ids: a well-formed uuid nobody has). */
function concrete(path: string): string {
  return path.replace(/:(\w+)/g, (_match, name: string) => (/id$/i.test(name) ? ZERO_ID : name === 'idp' ? 'test' : name === 'version' ? '1' : 'x'));
}

function expectProblem(response: request.Response, statuses: number[], context = ''): void {
  expect(statuses, `${context} → ${response.status} ${response.text.slice(0, 300)}`).to.include(response.status);
  if (response.status >= 400) expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
}

/** Things a database error would put into an answer. */
const SQL_ERROR = /syntax error|unterminated|pglite|postgres|relation "|column "|invalid byte sequence|null character|sqlstate|drizzle/i;

const INJECTIONS = [
  "' OR 1=1 --",
  "' OR '1'='1' /*",
  "'; DROP TABLE advisories; --",
  '1) OR (1=1',
  '%',
  '_',
  '\\',
  '\\%\\_',
  '\u02bc OR \u02bc1\u02bc=\u02bc1',
  'ＯＲ １＝１',
  '\u0000',
  '$1',
  '😀💥\u202e',
];

describe('attack: HTTP (CSRF, session fixation, SQL injection, bodies, path traversal)', () => {
  let server: TestServer;
  let admin: Session;
  let analyst: Session;
  let soc: Session;
  let incidentId: string;
  const advisoryIds: string[] = [];

  before(async () => {
    // The injection sweep sends thousands of requests in a minute from one address; the per-IP API
    // rate limit would answer 429 to the attacks under test, so this server lifts it.
    server = await startTestServer({ env: { LAGEBILD_SETTINGS: fileURLToPath(new URL('../fixtures/config/settings.sweep.json', import.meta.url)) } });
    admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    analyst = await loginAs(server.url, 'analyst@lagebild.test');
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    advisoryIds.push(await publishedAdvisory(admin, advisoryBody({ title: { de: 'Injektionsprobe Alpha' }, tlp: 'GREEN' })));
    advisoryIds.push(await publishedAdvisory(admin, advisoryBody({ title: { de: 'Injektionsprobe Beta' }, tlp: 'RED', audience: { organizations: [], sharingGroups: [], users: [admin.userId] } })));
    incidentId = await reportedIncident(soc, '2026-05-12T08:00:00Z');
  });
  after(async () => server.close());

  describe('CSRF', () => {
    const stateChanging = () => server.built.api.routes.filter((route) => route.method !== 'get' && route.csrf);

    it('CSRF without token: every state-changing route refuses a cookie session without X-CSRF-Token (403)', async () => {
      const routes = stateChanging();
      expect(routes.length).to.be.greaterThan(30);
      for (const route of routes) {
        if ('public' in route.access) continue;
        const response = await admin.agent[route.method](concrete(route.path)).send({});
        expect(response.status, `${route.method} ${route.path}`).to.equal(403);
        expect(response.body.code, `${route.method} ${route.path}`).to.be.oneOf(['CSRF_TOKEN_INVALID', 'FORBIDDEN']);
      }
    });

    it('CSRF with a wrong token: another session\'s token, an empty or truncated one is refused (403)', async () => {
      for (const token of [analyst.csrfToken, '', admin.csrfToken.slice(0, -1), `${admin.csrfToken}x`, admin.csrfToken.toUpperCase()]) {
        const response = await admin.agent.post('/api/v1/advisories').set('x-csrf-token', token).send(advisoryBody({ title: { de: 'CSRF-Versuch' } }));
        expect(response.status, `token ${JSON.stringify(token)}`).to.equal(403);
        expect(response.body.code).to.equal('CSRF_TOKEN_INVALID');
      }
      const search = await admin.agent.get('/api/v1/search').query({ q: 'CSRF-Versuch' });
      expect(search.body.items, 'nothing was created').to.deep.equal([]);
    });

    it('CSRF by a cross-site form post: a urlencoded or text/plain body with the cookie changes nothing', async () => {
      for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
        const response = await admin.agent.post(`/api/v1/advisories/${advisoryIds[0]}/withdraw`).set('content-type', type).set('origin', 'https://evil.example').send('reason=pwned');
        expect(response.status, type).to.equal(403);
      }
      const detail = await admin.agent.get(`/api/v1/advisories/${advisoryIds[0]}`);
      expect(detail.body.status).to.equal('published');
    });

    it('CSRF: the session cookie is HttpOnly and SameSite=Lax, so other sites cannot read or send it on subresource requests', async () => {
      const response = await request(server.url).post('/api/v1/session').send({ email: 'it@jena.lagebild.test', password: DEMO_PASSWORD });
      const cookie = (response.headers['set-cookie'] as unknown as string[]).find((value) => value.startsWith('lagebild.sid='))!;
      expect(cookie).to.match(/;\s*HttpOnly/i).and.to.match(/;\s*SameSite=Lax/i);
    });
  });

  describe('session fixation', () => {
    it('session fixation: a session id planted in the browser is replaced at login and stops working', async () => {
      const agent = request.agent(server.url);
      const first = await agent.post('/api/v1/session').send({ email: 'it@erfurt.lagebild.test', password: DEMO_PASSWORD });
      const planted = (first.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('lagebild.sid='))!.split(';')[0]!;
      const second = await agent.post('/api/v1/session').send({ email: 'it@jena.lagebild.test', password: DEMO_PASSWORD });
      const fresh = (second.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('lagebild.sid='))!.split(';')[0]!;
      expect(fresh).to.not.equal(planted);
      const withPlanted = await request(server.url).get('/api/v1/me').set('cookie', planted);
      expect(withPlanted.status, 'the attacker\'s copy of the old id is not logged in as the victim').to.equal(401);
      const withFresh = await request(server.url).get('/api/v1/me').set('cookie', fresh);
      expect(withFresh.body.user.email).to.equal('it@jena.lagebild.test');
    });

    it('session fixation: a forged or unsigned session cookie is ignored', async () => {
      for (const cookie of ['lagebild.sid=attacker-chosen-id', 'lagebild.sid=s%3Aattacker.invalidsignature', `lagebild.sid=${encodeURIComponent("s:' OR 1=1 --.x")}`]) {
        const response = await request(server.url).get('/api/v1/me').set('cookie', cookie);
        expect(response.status, cookie).to.equal(401);
      }
    });
  });

  describe('SQL injection', () => {
    it('SQL injection in every list filter and search: each query parameter of each GET route answers 200 or 4xx problem+json, never a database error', async function () {
      this.timeout(300_000);
      const document = (await request(server.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
      let checked = 0;
      for (const [path, operations] of Object.entries(document.paths)) {
        const parameters = (operations.get?.parameters ?? []).filter((parameter) => parameter.in === 'query');
        if (parameters.length === 0) continue;
        const url = concrete(path.replace(/\{(\w+)\}/g, ':$1'));
        for (const parameter of parameters) {
          const attempts: Record<string, string>[] = INJECTIONS.map((value) => ({ [parameter.name]: value }));
          for (const attempt of attempts) {
            const response = await admin.agent.get(url).query(attempt);
            expectProblem(response, [200, 400, 403, 404, 409, 422], `${url} ${JSON.stringify(attempt)}`);
            expect(response.text, `${url} ${JSON.stringify(attempt)}`).to.not.match(SQL_ERROR);
            checked += 1;
          }
          // The extended query parser turns brackets into arrays and objects: still a clean 4xx or 200.
          for (const raw of [`${parameter.name}[]=a&${parameter.name}[]=b`, `${parameter.name}[$ne]=x`, `${parameter.name}[0][1][2][3][4][5]=deep`]) {
            const response = await admin.agent.get(`${url}?${raw}`);
            expectProblem(response, [200, 400, 403, 404, 422], `${url}?${raw}`);
            checked += 1;
          }
        }
      }
      expect(checked).to.be.greaterThan(200);
    });

    it('SQL injection in search: no injection string finds anything, and the visibility filter holds', async () => {
      for (const q of INJECTIONS.filter((value) => value.trim() !== '' && value !== '\u0000')) {
        const response = await analyst.agent.get('/api/v1/search').query({ q });
        expectProblem(response, [200, 400]);
        if (response.status === 200) expect((response.body.items as { id: string }[]).map((item) => item.id), q).to.not.include(advisoryIds[1]);
      }
      const found = await analyst.agent.get('/api/v1/search').query({ q: "Injektionsprobe' OR 1=1 --" });
      expect((found.body.items as { id: string }[]).map((item) => item.id)).to.not.include(advisoryIds[1]);
    });

    it('SQL injection in list filters: vendor and product filters match literally ("%" and "\' OR 1=1" find nothing)', async () => {
      for (const value of ["' OR 1=1 --", '%', '_', 'Citrix%']) {
        for (const filter of ['vendor', 'product', 'source']) {
          const response = await admin.agent.get('/api/v1/advisories').query({ [filter]: value, limit: 500 });
          expect(response.status).to.equal(200);
          expect(response.body.items, `${filter}=${value}`).to.deep.equal([]);
        }
      }
      const literal = await admin.agent.get('/api/v1/advisories').query({ vendor: 'Citrix', limit: 500 });
      expect((literal.body.items as { id: string }[]).map((item) => item.id)).to.include.members(advisoryIds);
    });

    it('SQL injection via LIKE wildcards in the inventory filter: "%" and "_" match literally, not everything', async () => {
      const orgs = await organizationIds(soc.agent);
      const swnt = orgs.get('Stadtwerke Nordthüringen GmbH')!;
      const path = `/api/v1/organizations/${swnt}/assets`;
      for (const asset of [{ vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1' }, { vendor: 'Fortinet', product: 'FortiOS 100%', version: '7.2' }]) {
        const created = await soc.agent.post(path).set('x-csrf-token', soc.csrfToken).send(asset);
        expect(created.status, JSON.stringify(created.body)).to.equal(201);
      }
      const names = async (q: string) => ((await soc.agent.get(path).query({ q })).body.items as { product: string }[]).map((item) => item.product).sort();
      expect(await names('%')).to.deep.equal(['FortiOS 100%']);
      expect(await names('_')).to.deep.equal([]);
      expect(await names("' OR 1=1 --")).to.deep.equal([]);
      expect(await names('\\')).to.deep.equal([]);
      expect(await names('netscaler')).to.deep.equal(['NetScaler ADC']);
    });

    it('SQL injection leaves the data intact: every advisory is still there', async () => {
      const list = await admin.agent.get('/api/v1/advisories').query({ limit: 500 });
      expect((list.body.items as { id: string }[]).map((item) => item.id)).to.include.members(advisoryIds);
      expect((await request(server.url).get('/healthz')).status).to.equal(200);
    });
  });

  describe('oversized and deeply nested bodies', () => {
    it('oversized JSON body: 413 problem+json, nothing stored', async () => {
      const body = advisoryBody({ title: { de: 'Übergroß' }, body: { de: 'x'.repeat(2 * 1024 * 1024) } });
      const response = await admin.agent.post('/api/v1/advisories').set('x-csrf-token', admin.csrfToken).send(body);
      expectProblem(response, [413]);
      expect(response.body.code).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('deeply nested JSON (arrays and objects, 100,000 levels): 400/413/422 problem+json, the server keeps answering', async () => {
      const depth = 100_000;
      const arrays = `{"title":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      for (const raw of [arrays, objects]) {
        const response = await admin.agent.post('/api/v1/advisories').set('x-csrf-token', admin.csrfToken).set('content-type', 'application/json').send(raw);
        expectProblem(response, [400, 413, 422]);
      }
      expect((await request(server.url).get('/healthz')).status).to.equal(200);
    });

    it('deeply nested JSON inside a free-form field (share → advisory draft, 5,000 levels): refused without a crash', async () => {
      let nested: unknown = 'Boden';
      for (let i = 0; i < 5_000; i += 1) nested = { a: nested };
      const response = await analyst.agent.post(`/api/v1/incidents/${incidentId}/share`).set('x-csrf-token', analyst.csrfToken).send({ advisory: { title: nested } });
      expectProblem(response, [400, 413, 422]);
      expect((await request(server.url).get('/healthz')).status).to.equal(200);
    });

    it('oversized attachment: a declared or streamed body over 10 MiB is refused with 413', async () => {
      const response = await soc.agent
        .post(`/api/v1/incidents/${incidentId}/attachments`)
        .query({ filename: 'big.txt' })
        .set('x-csrf-token', soc.csrfToken)
        .set('content-type', 'application/octet-stream')
        .send(Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
      expectProblem(response, [413]);
    });
  });

  describe('path traversal', () => {
    it('path traversal in attachment names: "../../etc/passwd" and encoded variants are stored under a plain name', async () => {
      for (const filename of ['../../etc/passwd.txt', '..\\..\\windows\\win.ini.txt', '%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt', '/etc/passwd.txt', '....//....//passwd.txt', '.htaccess.txt', 'a\u0000b.txt']) {
        const upload = await soc.agent.post(`/api/v1/incidents/${incidentId}/attachments`).query({ filename }).set('x-csrf-token', soc.csrfToken).set('content-type', 'application/octet-stream').send(Buffer.from('harmlos\n'));
        expectProblem(upload, [201, 400, 415, 422]);
        if (upload.status !== 201) continue;
        const stored = upload.body.fileName as string;
        expect(stored, filename).to.not.match(/[\\/]|^\./).and.not.include('\u0000');
        const download = await soc.agent.get(`/api/v1/incidents/${incidentId}/attachments/${upload.body.id as string}`);
        expect(download.status).to.equal(200);
        expect(download.headers['content-disposition'], filename).to.match(/^attachment; filename="[^"\\/]*"/);
        expect(download.text).to.equal('harmlos\n');
      }
    });

    it('path traversal in attachment ids: "../" and encoded ids never reach the file system (400/404)', async () => {
      for (const id of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%252F..%252Fetc%252Fpasswd', '....%2F%2Fetc%2Fpasswd', `${ZERO_ID}%2F..%2F..%2Fpasswd`, '%00']) {
        const response = await soc.agent.get(`/api/v1/incidents/${incidentId}/attachments/${id}`);
        expectProblem(response, [400, 404]);
        expect(response.text).to.not.contain('root:');
      }
    });

    it('path traversal in CSAF provider paths: folders, years and file names with "../" and encodings are refused (400/404)', async () => {
      const attempts = [
        '/.well-known/csaf/..%2F..%2F..%2Fetc%2Fpasswd',
        '/.well-known/csaf/white/..%2F..%2F..%2Fetc%2Fpasswd',
        '/.well-known/csaf/white/2026/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
        '/.well-known/csaf/white/2026/%2e%2e%2f%2e%2e%2fpackage.json',
        '/.well-known/csaf/white/..%252F..%252Fpackage.json',
        '/.well-known/csaf/red%2F..%2Fwhite/index.txt',
        '/.well-known/csaf/white/2026/..\\..\\package.json',
        '/.well-known/csaf/openpgp/..%2F..%2Fconfig%2Fsettings.json',
        '/.well-known/csaf/white/2026/cert-th-x.json%00.sha256',
      ];
      for (const path of attempts) {
        for (const agent of [request(server.url), admin.agent]) {
          const response = await agent.get(path);
          expectProblem(response, [400, 404], path);
          expect(response.text, path).to.not.match(/root:|"dependencies"|jsonBodyLimit/);
        }
      }
    });

    it('path traversal in route ids: advisory and incident ids with "../" are refused (400/404)', async () => {
      for (const path of ['/api/v1/advisories/..%2F..%2Fhealthz', '/api/v1/advisories/%2e%2e', `/api/v1/incidents/..%2F${incidentId}`, '/api/v1/advisories/..\\..\\etc\\passwd']) {
        const response = await admin.agent.get(path);
        expectProblem(response, [400, 404]);
      }
    });
  });
});
