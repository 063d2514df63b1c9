import { expect } from 'chai';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FeedError } from '../../../feeds/feed.js';
import { createFeedHttp } from '../../../feeds/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function failure(promise: Promise<unknown>): Promise<FeedError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected the request to fail').to.be.instanceOf(FeedError);
  return error as FeedError;
}

describe('feeds/http: the guarded fetcher against real HTTP servers on 127.0.0.1', function () {
  this.timeout(20_000);
  let server: Server;
  let base: string;
  let hits: Record<string, number>;
  const local = { allowance: { allowedNetworks: ['127.0.0.1'] }, backoffBaseMs: 1, timeoutMs: 2_000 };

  before(async () => {
    ({ server, base } = await listen((req, res) => {
      const path = req.url ?? '/';
      hits[path] = (hits[path] ?? 0) + 1;
      if (path === '/doc.json') {
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', etag: '"v1"', 'last-modified': 'Sun, 22 Nov 2026 08:00:00 GMT' }).end('{"ok":true}');
      }
      if (path === '/flaky') {
        if (hits[path] < 3) return void res.writeHead(503).end('busy');
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"third":"time"}');
      }
      if (path === '/always-500') return void res.writeHead(500).end();
      if (path === '/rate-limited') {
        if (hits[path] === 1) return void res.writeHead(429, { 'retry-after': '0' }).end();
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
      if (path === '/not-found') return void res.writeHead(404).end();
      if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 5_000).unref();
      if (path === '/huge-declared') return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10_000) }).end('x'.repeat(10_000));
      if (path === '/huge-chunked') {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 20; i++) res.write('y'.repeat(1_000));
        return void res.end();
      }
      if (path === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      if (path === '/epss.csv.gz') return void res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipSync('cve,epss,percentile\nCVE-2024-3400,0.97,0.99\n'));
      if (path === '/bomb.gz') return void res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipSync(Buffer.alloc(5_000_000)));
      if (path === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (path === '/to-other-loopback') return void res.writeHead(301, { location: `http://127.0.0.2:${(server.address() as AddressInfo).port}/doc.json` }).end();
      if (path === '/to-doc') return void res.writeHead(307, { location: '/doc.json' }).end();
      if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (path === '/echo-auth') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
      res.writeHead(404).end();
    }));
  });
  beforeEach(() => {
    hits = {};
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches a document and returns its validators', async () => {
    const http = createFeedHttp(local);
    const response = await http.get(`${base}/doc.json`, { accept: ['application/json'] });
    expect(response.status).to.equal(200);
    expect(JSON.parse(response.body.toString('utf8'))).to.deep.equal({ ok: true });
    expect(response.etag).to.equal('"v1"');
    expect(response.lastModified).to.equal('Sun, 22 Nov 2026 08:00:00 GMT');
  });

  it('sends conditional requests and reports 304 with an empty body', async () => {
    const http = createFeedHttp(local);
    const response = await http.get(`${base}/doc.json`, { accept: ['application/json'], etag: '"v1"' });
    expect(response.status).to.equal(304);
    expect(response.body.length).to.equal(0);
  });

  it('refuses loopback when the source is not allow-listed (SSRF guard)', async () => {
    const error = await failure(createFeedHttp({ backoffBaseMs: 1 }).get(`${base}/doc.json`, { accept: ['*/*'] }));
    expect(error.code).to.equal('blocked');
    expect(hits['/doc.json']).to.equal(undefined);
  });

  it('refuses a redirect to the cloud metadata address and to a non-allow-listed loopback address', async () => {
    const http = createFeedHttp(local);
    expect((await failure(http.get(`${base}/to-metadata`, { accept: ['*/*'] }))).code).to.equal('blocked');
    expect((await failure(http.get(`${base}/to-other-loopback`, { accept: ['*/*'] }))).code).to.equal('blocked');
    expect((await failure(http.get(`${base}/to-file`, { accept: ['*/*'] }))).code).to.equal('blocked');
  });

  it('follows a same-origin redirect', async () => {
    const response = await createFeedHttp(local).get(`${base}/to-doc`, { accept: ['application/json'] });
    expect(response.url).to.equal(`${base}/doc.json`);
  });

  it('retries 5xx with backoff and succeeds on the third attempt', async () => {
    const response = await createFeedHttp(local).get(`${base}/flaky`, { accept: ['application/json'] });
    expect(JSON.parse(response.body.toString())).to.deep.equal({ third: 'time' });
    expect(hits['/flaky']).to.equal(3);
  });

  it('gives up after the configured retries with an http_error', async () => {
    const error = await failure(createFeedHttp({ ...local, retries: 2 }).get(`${base}/always-500`, { accept: ['*/*'] }));
    expect(error.code).to.equal('http_error');
    expect(hits['/always-500']).to.equal(3);
  });

  it('honours 429 Retry-After and does not retry a 404', async () => {
    const http = createFeedHttp(local);
    expect((await http.get(`${base}/rate-limited`, { accept: ['application/json'] })).status).to.equal(200);
    expect(hits['/rate-limited']).to.equal(2);
    expect((await failure(http.get(`${base}/not-found`, { accept: ['*/*'] }))).message).to.contain('HTTP 404');
    expect(hits['/not-found']).to.equal(1);
  });

  it('times out a server that does not answer', async () => {
    const error = await failure(createFeedHttp({ ...local, timeoutMs: 300, retries: 1 }).get(`${base}/slow`, { accept: ['*/*'] }));
    expect(error.code).to.equal('timeout');
  });

  it('caps the body size, declared or streamed, and after gunzip', async () => {
    const http = createFeedHttp({ ...local, maxBytes: 5_000 });
    expect((await failure(http.get(`${base}/huge-declared`, { accept: ['application/json'] }))).code).to.equal('too_large');
    expect((await failure(http.get(`${base}/huge-chunked`, { accept: ['application/json'] }))).code).to.equal('too_large');
    expect((await failure(http.get(`${base}/bomb.gz`, { accept: ['application/gzip'], gunzip: true, maxBytes: 100_000 }))).code).to.equal('too_large');
  });

  it('checks the content type', async () => {
    const error = await failure(createFeedHttp(local).get(`${base}/html`, { accept: ['application/json'] }));
    expect(error.code).to.equal('bad_content_type');
  });

  it('gunzips gzip bodies on request (EPSS)', async () => {
    const response = await createFeedHttp(local).get(`${base}/epss.csv.gz`, { accept: ['application/gzip', 'application/x-gzip'], gunzip: true });
    expect(response.body.toString()).to.contain('CVE-2024-3400,0.97');
  });

  describe('through HTTPS_PROXY', () => {
    let proxy: Server;
    let proxyUrl: string;
    let proxied: string[];

    before(async () => {
      // A minimal forward proxy: CONNECT tunnels (what undici uses) and absolute-form requests.
      ({ server: proxy, base: proxyUrl } = await listen((req, res) => {
        proxied.push(req.url ?? '');
        const target = new URL(req.url ?? '');
        const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      }));
      proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
        proxied.push(req.url ?? '');
        const [host = '', port = '80'] = (req.url ?? '').split(':');
        const upstream = connect(Number(port), host, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    beforeEach(() => {
      proxied = [];
    });
    after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

    it('goes through the proxy, and around it for NO_PROXY hosts', async () => {
      const viaProxy = createFeedHttp({ ...local, proxy: { httpsProxy: proxyUrl } });
      expect((await viaProxy.get(`${base}/doc.json`, { accept: ['application/json'] })).status).to.equal(200);
      expect(proxied).to.have.length(1);
      expect(proxied[0]).to.contain(new URL(base).host);
      const bypass = createFeedHttp({ ...local, proxy: { httpsProxy: proxyUrl, noProxy: 'example.org, 127.0.0.1' } });
      expect((await bypass.get(`${base}/doc.json`, { accept: ['application/json'] })).status).to.equal(200);
      expect(proxied).to.have.length(1);
    });

    it('still refuses a non-allow-listed target although the proxy itself is on loopback', async () => {
      const error = await failure(createFeedHttp({ backoffBaseMs: 1, proxy: { httpsProxy: proxyUrl } }).get(`${base}/doc.json`, { accept: ['*/*'] }));
      expect(error.code).to.equal('blocked');
      expect(proxied).to.deep.equal([]);
    });
  });

  it('drops the Authorization header on a redirect to another origin', async () => {
    const { server: other, base: otherBase } = await listen((_req, res) => void res.writeHead(302, { location: `${base}/echo-auth` }).end());
    try {
      const response = await createFeedHttp(local).get(`${otherBase}/start`, { accept: ['application/json'], headers: { authorization: 'Bearer secret' } });
      expect(JSON.parse(response.body.toString())).to.deep.equal({ authorization: null });
      const same = await createFeedHttp(local).get(`${base}/echo-auth`, { accept: ['application/json'], headers: { authorization: 'Bearer secret' } });
      expect(JSON.parse(same.body.toString())).to.deep.equal({ authorization: 'Bearer secret' });
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
