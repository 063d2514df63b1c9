import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { csafProviderAdapter } from '../../../feeds/csaf/csaf.feed.js';
import { FeedError, FeedItemDraftSchema, type FeedRunContext, type FeedRunOutput, type FeedSourceConfig } from '../../../feeds/feed.js';
import { createFeedHttp } from '../../../feeds/http.js';
import { CsafProviderFixture, type FixtureAdvisory } from '../../support/csaf-provider-fixture.js';

const http = createFeedHttp({ allowance: { allowedNetworks: ['127.0.0.1'] }, backoffBaseMs: 1, retries: 1, timeoutMs: 5_000 });

function source(url: string, options: Record<string, unknown> = {}, credentials: Record<string, string> = {}): FeedSourceConfig {
  return { id: 'csaf-test', type: 'csaf-provider', name: 'Test-CERT CSAF', url, defaultTlp: 'amber', options, credentials };
}

async function runOnce(config: FeedSourceConfig, cursor?: unknown): Promise<FeedRunOutput & { logs: string[] }> {
  const logs: string[] = [];
  const context: FeedRunContext = {
    source: config,
    http,
    cursor,
    now: () => new Date(),
    log: (level, message, details) => logs.push(`${level} ${message} ${JSON.stringify(details ?? {})}`),
    signal: new AbortController().signal,
  };
  return { ...(await csafProviderAdapter.run(context)), logs };
}

const advisory = (n: number, extra: Partial<FixtureAdvisory> = {}): FixtureAdvisory => ({
  id: `TEST-SEC-W-2026-000${n}`,
  version: 1,
  title: `Leitstand ${n}: Schwachstelle ermöglicht Codeausführung`,
  released: `2026-02-0${n}T10:00:00.000Z`,
  cves: [`CVE-2026-100${n}`],
  severity: 'hoch',
  ...extra,
});

describe('feeds/csaf: the CSAF provider consumer against a provider on 127.0.0.1', function () {
  this.timeout(60_000);

  after(async () => http.close());

  describe('ROLIE distribution', () => {
    const fixture = new CsafProviderFixture({ distribution: 'rolie', greenAuthorization: 'Bearer green-token' });
    before(async () => {
      await fixture.start();
      await fixture.put(
        advisory(1, { cpe: 'cpe:/a:beispiel:leitstand:2.4.1', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }),
        advisory(2, { range: 'vers:generic/>=1.0|<1.9.3' }),
        advisory(3, { lang: 'en-US', title: 'Control room: remote code execution', severity: 'critical' }),
      );
    });
    after(async () => fixture.stop());

    it('fetches, verifies and maps every document on the first run, then only changes', async () => {
      const first = await runOnce(source(fixture.base));
      expect(first.problems).to.deep.equal([]);
      expect(first.items.map((i) => i.externalId).sort()).to.deep.equal(['TEST-SEC-W-2026-0001', 'TEST-SEC-W-2026-0002', 'TEST-SEC-W-2026-0003']);
      for (const item of first.items) expect(FeedItemDraftSchema.safeParse(item).success, item.externalId).to.equal(true);
      const one = first.items.find((i) => i.externalId === 'TEST-SEC-W-2026-0001')!;
      expect(one.title).to.deep.equal({ de: 'Leitstand 1: Schwachstelle ermöglicht Codeausführung' });
      expect(one.summary?.de).to.contain('Ein entfernter Angreifer');
      expect(one.remediation).to.deep.equal({ de: 'Update auf Version 2.4.1 einspielen.' });
      expect(one).to.include({ revision: '1', tlp: 'clear', severity: 'hoch', kind: 'advisory' });
      expect(one.url).to.equal(`${fixture.base}/.well-known/csaf/white/2026/test-sec-w-2026-0001.json`);
      expect(one.cves).to.deep.equal(['CVE-2026-1001']);
      expect(one.cvss).to.deep.equal(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
      expect(one.products).to.deep.equal([
        { vendor: 'Beispiel AG', product: 'Leitstand', versions: [{ below: '2.4.1' }], cpe: 'cpe:2.3:a:beispiel:leitstand:*:*:*:*:*:*:*:*' },
      ]);
      const two = first.items.find((i) => i.externalId === 'TEST-SEC-W-2026-0002')!;
      expect(two.products?.[0]?.versions).to.deep.equal([{ from: '1.0', below: '1.9.3' }]);
      const three = first.items.find((i) => i.externalId === 'TEST-SEC-W-2026-0003')!;
      expect(three.title).to.deep.equal({ en: 'Control room: remote code execution' });
      expect(three.severity).to.equal('kritisch');
      expect((one.document as { document: { tracking: { revision_history: unknown[] } } }).document.tracking.revision_history).to.have.length(1);
      expect(fixture.documentFetches()).to.have.length(3);

      fixture.resetHits();
      const second = await runOnce(source(fixture.base), first.cursor);
      expect(second.items).to.deep.equal([]);
      expect(second.problems).to.deep.equal([]);
      expect(second.unchanged).to.equal(3);
      expect(fixture.documentFetches(), 'no document refetched').to.deep.equal([]);
      expect(fixture.hits.get('/.well-known/csaf/white/csaf-feed-tlp-white.json')).to.equal(1);
      expect(fixture.notModified).to.deep.equal(['/.well-known/csaf/white/csaf-feed-tlp-white.json']);

      // A revision of one advisory and a new one: exactly those two are fetched.
      await fixture.put(advisory(1, { version: 2, released: '2026-03-01T10:00:00.000Z', cpe: 'cpe:/a:beispiel:leitstand:2.4.1' }), advisory(4));
      fixture.resetHits();
      const third = await runOnce(source(fixture.base), second.cursor);
      expect(third.problems).to.deep.equal([]);
      expect(third.items.map((i) => `${i.externalId}@${i.revision}`).sort()).to.deep.equal(['TEST-SEC-W-2026-0001@2', 'TEST-SEC-W-2026-0004@1']);
      expect(fixture.documentFetches().sort()).to.deep.equal([
        '/.well-known/csaf/white/2026/test-sec-w-2026-0001.json',
        '/.well-known/csaf/white/2026/test-sec-w-2026-0004.json',
      ]);
      const revised = third.items.find((i) => i.externalId === 'TEST-SEC-W-2026-0001')!;
      expect((revised.document as { document: { tracking: { revision_history: unknown[] } } }).document.tracking.revision_history).to.have.length(2);
    });

    it('quarantines a wrong hash or a bad signature, accepts invalid CSAF with its findings, and keeps the others', async () => {
      const bad = new CsafProviderFixture({ distribution: 'rolie' });
      await bad.start();
      try {
        await bad.put(advisory(1), advisory(2, { wrongHash: true }), advisory(3, { foreignSignature: true }), advisory(4, { invalid: true }), advisory(5));
        const out = await runOnce(source(bad.metadataUrl));
        expect(out.items.map((i) => i.externalId).sort()).to.deep.equal(['TEST-SEC-W-2026-0001', 'TEST-SEC-W-2026-0004', 'TEST-SEC-W-2026-0005']);
        const url = (n: number) => `${bad.base}/.well-known/csaf/white/2026/test-sec-w-2026-000${n}.json`;
        const held = (n: number) => out.quarantined?.find((q) => q.ref === url(n));
        expect(held(2)).to.include({ check: 'hash', externalId: 'TEST-SEC-W-2026-0002' });
        expect(held(2)!.reason).to.match(/^sha512 mismatch: file states [0-9a-f]{128}, document hashes to [0-9a-f]{128}$/);
        expect(held(2)!.document, 'kept for a release').to.be.an('object');
        expect(held(3)).to.include({ check: 'signature' });
        expect(held(3)!.reason).to.match(/^Bad OpenPGP signature: .*(signing key|key ID)/i);
        const invalid = out.items.find((i) => i.externalId === 'TEST-SEC-W-2026-0004')!;
        expect(invalid.findings?.[0]).to.deep.include({ test: 'mandatoryTest_6_1_1', path: '/vulnerabilities/0/product_status/known_affected/0', message: 'definition of product id missing' });
        expect(out.problems).to.deep.equal([]);
        expect(out.logs.filter((l) => l.startsWith('warn CSAF document quarantined'))).to.have.length(2);
        expect(out.records).to.deep.equal({ total: 5, noun: 'documents', storedAs: 'items' });

        // Quarantined documents are retried on the next run (the provider may have fixed them) …
        await bad.put(advisory(2));
        bad.resetHits();
        const next = await runOnce(source(bad.metadataUrl), out.cursor);
        expect(next.items.map((i) => i.externalId)).to.deep.equal(['TEST-SEC-W-2026-0002']);
        expect(next.quarantined?.map((q) => q.ref)).to.deep.equal([url(3)]);
      } finally {
        await bad.stop();
      }
    });

    it('reads the access-protected TLP:GREEN feed with the configured bearer token, and reports it without', async () => {
      await fixture.put(advisory(7, { tlp: 'GREEN', title: 'Leitstand 7: nur für Betreiber' }));
      const withToken = await runOnce(source(fixture.base, { tlps: ['GREEN'] }, { token: 'green-token' }));
      expect(withToken.problems).to.deep.equal([]);
      expect(fixture.authorizations).to.include('Bearer green-token');
      expect(withToken.items.map((i) => [i.externalId, i.tlp])).to.deep.equal([['TEST-SEC-W-2026-0007', 'green']]);

      const without = await runOnce(source(fixture.base, { tlps: ['WHITE', 'GREEN'] }));
      expect(without.items.map((i) => i.tlp)).to.not.include('green');
      expect(without.items.length).to.be.greaterThan(0);
      expect(without.problems).to.have.length(1);
      expect(without.problems[0]!.ref).to.equal(`${fixture.base}/.well-known/csaf/green/csaf-feed-tlp-green.json`);
      expect(without.problems[0]!.message).to.match(/HTTP 401/);
    });

    it('continues a long listing over several runs when maxDocumentsPerRun cuts it short', async () => {
      const first = await runOnce(source(fixture.base, { maxDocumentsPerRun: 2 }));
      expect(first.items).to.have.length(2);
      const second = await runOnce(source(fixture.base, { maxDocumentsPerRun: 2 }), first.cursor);
      expect(second.items).to.have.length(2);
      const third = await runOnce(source(fixture.base, { maxDocumentsPerRun: 2 }), second.cursor);
      const all = [...first.items, ...second.items, ...third.items].map((i) => i.externalId);
      expect(new Set(all)).to.deep.equal(new Set(['TEST-SEC-W-2026-0001', 'TEST-SEC-W-2026-0002', 'TEST-SEC-W-2026-0003', 'TEST-SEC-W-2026-0004']));
      const fourth = await runOnce(source(fixture.base, { maxDocumentsPerRun: 2 }), third.cursor);
      expect(fourth.items).to.deep.equal([]);
    });
  });

  describe('directory distribution (changes.csv, index.txt)', () => {
    const fixture = new CsafProviderFixture({ distribution: 'directory' });
    before(async () => {
      await fixture.start();
      await fixture.put(advisory(1), advisory(2));
    });
    after(async () => fixture.stop());

    it('uses changes.csv incrementally with conditional requests (304)', async () => {
      const first = await runOnce(source(fixture.base));
      expect(first.problems).to.deep.equal([]);
      expect(first.items.map((i) => i.externalId).sort()).to.deep.equal(['TEST-SEC-W-2026-0001', 'TEST-SEC-W-2026-0002']);
      // Hash: sha512 preferred, sha256 not needed; signature next to the document.
      expect(fixture.hits.get('/.well-known/csaf/white/2026/test-sec-w-2026-0001.json.sha512')).to.equal(1);
      expect(fixture.hits.get('/.well-known/csaf/white/2026/test-sec-w-2026-0001.json.sha256')).to.equal(undefined);
      expect(fixture.hits.get('/.well-known/csaf/white/2026/test-sec-w-2026-0001.json.asc')).to.equal(1);

      fixture.resetHits();
      const second = await runOnce(source(fixture.base), first.cursor);
      expect(second.items).to.deep.equal([]);
      expect(second.unchanged).to.equal(2);
      expect(fixture.documentFetches()).to.deep.equal([]);
      expect(fixture.notModified).to.deep.equal(['/.well-known/csaf/white/changes.csv']);

      await fixture.put(advisory(2, { version: 2, released: '2026-04-01T00:00:00.000Z' }));
      fixture.resetHits();
      const third = await runOnce(source(fixture.base), second.cursor);
      expect(third.items.map((i) => `${i.externalId}@${i.revision}`)).to.deep.equal(['TEST-SEC-W-2026-0002@2']);
      expect(fixture.documentFetches()).to.deep.equal(['/.well-known/csaf/white/2026/test-sec-w-2026-0002.json']);
      expect(third.unchanged).to.equal(1);
    });

    it('falls back to index.txt and goes on where a cut-short pass stopped', async () => {
      const indexOnly = new CsafProviderFixture({ distribution: 'directory', noChangesCsv: true });
      await indexOnly.start();
      try {
        await indexOnly.put(advisory(1), advisory(2), advisory(3));
        const config = source(indexOnly.base, { maxDocumentsPerRun: 2 });
        const first = await runOnce(config);
        expect(indexOnly.hits.get('/.well-known/csaf/white/changes.csv')).to.equal(1);
        expect(first.items).to.have.length(2);
        indexOnly.resetHits();
        const second = await runOnce(config, first.cursor);
        expect(second.items).to.have.length(1);
        expect(indexOnly.documentFetches()).to.have.length(1);
        expect(new Set([...first.items, ...second.items].map((i) => i.externalId)).size).to.equal(3);
        indexOnly.resetHits();
        const third = await runOnce(config, second.cursor);
        expect(third.items).to.deep.equal([]);
        expect(indexOnly.notModified).to.deep.equal(['/.well-known/csaf/white/index.txt']);
      } finally {
        await indexOnly.stop();
      }
    });

    it('honours initialSince on the first run', async () => {
      const out = await runOnce(source(fixture.base, { initialSince: '2026-02-01T12:00:00Z' }));
      expect(out.items.map((i) => i.externalId)).to.deep.equal(['TEST-SEC-W-2026-0002']);
      expect(out.unchanged).to.equal(1);
    });
  });

  describe('keys and sources', () => {
    it('rejects every document of a trusted provider whose published key fingerprint does not match', async () => {
      const fixture = new CsafProviderFixture({ distribution: 'rolie', wrongFingerprint: true });
      await fixture.start();
      try {
        await fixture.put(advisory(1));
        const out = await runOnce(source(fixture.base));
        expect(out.items).to.deep.equal([]);
        expect(out.problems[0]!.message).to.match(/^Provider key unusable: Key fingerprint mismatch: metadata states 0{40}/);
        expect(out.quarantined).to.have.length(1);
        expect(out.quarantined![0]).to.include({ check: 'provider_key' });
        expect(out.quarantined![0]!.reason).to.match(/^None of the provider's published OpenPGP keys is usable .*No verified provider key to check the signature against$/);
      } finally {
        await fixture.stop();
      }
    });

    it('accepts signed documents of a plain csaf_provider that publishes no key, with a warning, unless signatures are required', async () => {
      const fixture = new CsafProviderFixture({ distribution: 'directory', role: 'csaf_provider', noKeys: true });
      await fixture.start();
      try {
        await fixture.put(advisory(1));
        const lenient = await runOnce(source(fixture.base));
        expect(lenient.items.map((i) => i.externalId)).to.deep.equal(['TEST-SEC-W-2026-0001']);
        expect(lenient.logs.some((l) => l.startsWith('warn CSAF signature not checked: the provider publishes no OpenPGP key'))).to.equal(true);
        expect(lenient.logs.some((l) => l.includes('file name does not follow'))).to.equal(false);
        const strict = await runOnce(source(fixture.base, { requireSignature: true }));
        expect(strict.items).to.deep.equal([]);
        expect(strict.quarantined?.map((q) => [q.check, q.reason])).to.deep.equal([['signature', 'No verified provider key to check the signature against']]);
      } finally {
        await fixture.stop();
      }
    });

    it('consumes every provider an aggregator lists and reports the unusable ones', async () => {
      const fixture = new CsafProviderFixture({ distribution: 'directory' });
      await fixture.start();
      let aggregator: Server | undefined;
      try {
        await fixture.put(advisory(1));
        aggregator = createServer((req, res) => {
          const base = `http://127.0.0.1:${(aggregator!.address() as AddressInfo).port}`;
          if (req.url === '/.well-known/csaf-aggregator/aggregator.json') {
            return void res.writeHead(200, { 'content-type': 'application/json' }).end(
              JSON.stringify({
                aggregator: { category: 'lister', name: 'Test lister', namespace: 'https://lister.example.test', contact_details: 'x@example.test' },
                aggregator_version: '2.0',
                canonical_url: `${base}/.well-known/csaf-aggregator/aggregator.json`,
                csaf_providers: [
                  { metadata: { url: fixture.metadataUrl, last_updated: '2026-01-01T00:00:00Z', publisher: { category: 'coordinator', name: 'Test-CERT', namespace: 'https://cert.example.test' }, role: 'csaf_trusted_provider' } },
                  { metadata: { url: `${base}/missing/provider-metadata.json`, last_updated: '2026-01-01T00:00:00Z', publisher: { category: 'vendor', name: 'Gone', namespace: 'https://gone.example.test' }, role: 'csaf_provider' } },
                ],
                last_updated: '2026-01-01T00:00:00Z',
              }),
            );
          }
          res.writeHead(404).end();
        });
        await new Promise<void>((resolve) => aggregator!.listen(0, '127.0.0.1', resolve));
        const url = `http://127.0.0.1:${(aggregator.address() as AddressInfo).port}/.well-known/csaf-aggregator/aggregator.json`;
        const out = await runOnce(source(url, {}, { token: 'for-the-lister-only' }));
        expect(out.items.map((i) => i.externalId)).to.deep.equal(['TEST-SEC-W-2026-0001']);
        expect(fixture.authorizations, 'the source credential never goes to another origin').to.deep.equal([]);
        expect(out.problems).to.have.length(1);
        expect(out.problems[0]!.ref).to.match(/\/missing\/provider-metadata\.json$/);
        expect(out.problems[0]!.message).to.match(/^Provider listed by the aggregator is unusable: HTTP 404/);
      } finally {
        await new Promise<void>((resolve) => (aggregator ? aggregator.close(() => resolve()) : resolve()));
        await fixture.stop();
      }
    });

    it('refuses invalid options and stops when the run is aborted', async () => {
      const fixture = new CsafProviderFixture({ distribution: 'directory' });
      await fixture.start();
      try {
        await fixture.put(advisory(1));
        const rejected = async (promise: Promise<unknown>): Promise<FeedError> => {
          const error = await promise.then(() => undefined, (caught: unknown) => caught);
          expect(error).to.be.instanceOf(FeedError);
          return error as FeedError;
        };
        expect((await rejected(runOnce(source(fixture.base, { tlps: ['PURPLE'] })))).message).to.match(/^Invalid csaf-provider options: tlps\.0/);
        const controller = new AbortController();
        controller.abort();
        const aborted = await rejected(
          csafProviderAdapter.run({ source: source(fixture.base), http, cursor: undefined, now: () => new Date(), log: () => undefined, signal: controller.signal }),
        );
        expect(aborted.code).to.equal('timeout');
        expect(fixture.documentFetches()).to.deep.equal([]);
      } finally {
        await fixture.stop();
      }
    });

    it('throws a FeedError when the source has no provider metadata at all', async () => {
      const empty = createServer((_req, res) => res.writeHead(404).end());
      await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
      try {
        const error = await runOnce(source(`http://127.0.0.1:${(empty.address() as AddressInfo).port}`)).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(FeedError);
        expect((error as FeedError).code).to.equal('unreachable');
      } finally {
        await new Promise<void>((resolve) => empty.close(() => resolve()));
      }
    });
  });
});
