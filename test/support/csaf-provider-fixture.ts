/**
 * A CSAF 2.0 provider on 127.0.0.1 built from real-format documents written here: provider-metadata.json,
 * a ROLIE feed per TLP, a directory distribution (index.txt, changes.csv), `.sha256`/`.sha512`
 * hash files and detached `.asc` signatures made with an OpenPGP key generated per fixture.
 *
 * The server counts requests per path, answers conditional requests (ETag / If-Modified-Since)
 * with 304 and can require a credential for a protected TLP folder. Documents can be added,
 * revised, given a wrong hash, a bad signature or invalid content to test rejection.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openpgp from 'openpgp';

export type FixtureTlp = 'WHITE' | 'GREEN';

export type FixtureAdvisory = {
  id: string;
  version: number;
  title: string;
  lang?: string;
  tlp?: FixtureTlp;
  cves?: string[];
  severity?: string;
  /** ISO time of the current release (also the changes.csv / ROLIE `updated` time). */
  released: string;
  vendor?: string;
  product?: string;
  /** `product_version_range` name, e.g. `<2.4.1` or `vers:generic/<2.4.1`. */
  range?: string;
  cpe?: string;
  cvss?: string;
  /** Break the document for the validator: references a product id that is not defined (test 6.1.1). */
  invalid?: boolean;
  /** Publish a hash file that does not match the document. */
  wrongHash?: boolean;
  /** Sign with a key the provider does not publish. */
  foreignSignature?: boolean;
};

type Served = { body: Buffer; type: string; modified: string };

/** CSAF file name rule (§5.1): lower-case tracking id, runs of other characters → `_`, `.json`. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
}

/** A CSAF 2.0 `csaf_security_advisory`-like base document that passes schema + mandatory tests. */
export function buildCsafDocument(advisory: FixtureAdvisory): Record<string, unknown> {
  const initial = '2026-01-05T08:00:00.000Z';
  const history = Array.from({ length: advisory.version }, (_, i) => ({
    date: i === advisory.version - 1 ? advisory.released : new Date(Date.parse(initial) + i * 60_000).toISOString(),
    number: String(i + 1),
    summary: i === 0 ? 'Initiale Fassung' : `Aktualisierung ${i + 1}`,
  }));
  const vendor = advisory.vendor ?? 'Beispiel AG';
  const product = advisory.product ?? 'Leitstand';
  const range = advisory.range ?? '<2.4.1';
  const leaf = { name: `${vendor} ${product} ${range}`, product_id: 'T000001', ...(advisory.cpe ? { product_identification_helper: { cpe: advisory.cpe } } : {}) };
  return {
    document: {
      ...(advisory.severity ? { aggregate_severity: { text: advisory.severity } } : {}),
      category: 'csaf_base',
      csaf_version: '2.0',
      distribution: { tlp: { label: advisory.tlp ?? 'WHITE', url: 'https://www.first.org/tlp/' } },
      lang: advisory.lang ?? 'de-DE',
      notes: [
        { category: 'summary', text: `Ein entfernter Angreifer kann eine Schwachstelle in ${product} ausnutzen.`, title: 'Angriff' },
        { category: 'description', text: `${product} ist ein Leitsystem.`, title: 'Produktbeschreibung' },
      ],
      publisher: { category: 'other', contact_details: 'csaf@example.test', name: 'Test-CERT', namespace: 'https://cert.example.test' },
      references: [{ category: 'external', summary: 'Herstellerhinweis', url: `https://vendor.example.test/${advisory.id}` }],
      title: advisory.title,
      tracking: {
        current_release_date: advisory.released,
        generator: { date: advisory.released, engine: { name: 'lagebild-test', version: '1.0' } },
        id: advisory.id,
        initial_release_date: initial,
        revision_history: history,
        status: 'final',
        version: String(advisory.version),
      },
    },
    product_tree: {
      branches: [{ category: 'vendor', name: vendor, branches: [{ category: 'product_name', name: product, branches: [{ category: 'product_version_range', name: range, product: leaf }] }] }],
    },
    vulnerabilities: (advisory.cves ?? ['CVE-2026-1000']).map((cve) => ({
      cve,
      product_status: { known_affected: [advisory.invalid ? 'T999999' : 'T000001'] },
      ...(advisory.cvss
        ? { scores: [{ products: ['T000001'], cvss_v3: { version: '3.1', vectorString: advisory.cvss, baseScore: 9.8, baseSeverity: 'CRITICAL' } }] }
        : {}),
      remediations: [{ category: 'vendor_fix', details: 'Update auf Version 2.4.1 einspielen.', product_ids: ['T000001'] }],
      title: cve,
    })),
  };
}

export type ProviderFixtureOptions = {
  /** Distribution offered in provider-metadata.json. */
  distribution: 'rolie' | 'directory';
  role?: 'csaf_provider' | 'csaf_trusted_provider';
  /** Credential required for the GREEN folder and feed (`Authorization` header value). */
  greenAuthorization?: string;
  /** Publish a fingerprint that does not match the key. */
  wrongFingerprint?: boolean;
  /** Publish no OpenPGP key in provider-metadata.json (allowed for `csaf_provider`). */
  noKeys?: boolean;
  /** Directory without changes.csv (index.txt only). */
  noChangesCsv?: boolean;
  /**
   * Other feeds served by the same server (KEV, NVD, EPSS beside the provider): called for paths the
   * provider does not publish; returns true when it answered.
   */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
};

export class CsafProviderFixture {
  readonly hits = new Map<string, number>();
  /** Authorization headers received (to check credentials only go where they belong). */
  readonly authorizations: string[] = [];
  /** Paths answered with 304 Not Modified. */
  readonly notModified: string[] = [];
  readonly advisories = new Map<string, FixtureAdvisory>();
  base = '';
  private server: Server | undefined;
  private files = new Map<string, Served>();
  private key!: { privateKey: openpgp.PrivateKey; publicArmored: string; fingerprint: string };
  private foreignKey!: openpgp.PrivateKey;

  constructor(readonly options: ProviderFixtureOptions) {}

  async start(): Promise<void> {
    this.key = await generate('Test-CERT CSAF <csaf@example.test>');
    this.foreignKey = (await generate('Mallory <mallory@example.test>')).privateKey;
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    await this.publish();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get metadataUrl(): string {
    return `${this.base}/.well-known/csaf/provider-metadata.json`;
  }

  folder(tlp: FixtureTlp): string {
    return `/.well-known/csaf/${tlp.toLowerCase()}/`;
  }

  documentPath(advisory: FixtureAdvisory): string {
    return `${this.folder(advisory.tlp ?? 'WHITE')}${advisory.released.slice(0, 4)}/${csafFileName(advisory.id)}`;
  }

  /** Adds or replaces advisories and republishes every file. */
  async put(...advisories: FixtureAdvisory[]): Promise<void> {
    for (const advisory of advisories) this.advisories.set(advisory.id, advisory);
    await this.publish();
  }

  resetHits(): void {
    this.hits.clear();
    this.notModified.length = 0;
  }

  /** Requests for documents (`.json` under a TLP folder), excluding feeds and metadata. */
  documentFetches(): string[] {
    return [...this.hits.keys()].filter((path) => /\/\d{4}\/[^/]+\.json$/.test(path));
  }

  private async publish(): Promise<void> {
    const files = new Map<string, Served>();
    const now = new Date().toUTCString();
    const put = (path: string, body: string | Buffer, type: string, modified = now): void => {
      const previous = this.files.get(path);
      const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      // Keep Last-Modified stable for unchanged content, as a real server would.
      files.set(path, { body: buffer, type, modified: previous && previous.body.equals(buffer) ? previous.modified : modified });
    };
    const keyPath = `/.well-known/csaf/openpgp/${this.key.fingerprint}.asc`;
    put(keyPath, this.key.publicArmored, 'application/pgp-keys');
    const sorted = [...this.advisories.values()].sort((a, b) => b.released.localeCompare(a.released));
    for (const tlp of ['WHITE', 'GREEN'] as const) {
      const mine = sorted.filter((a) => (a.tlp ?? 'WHITE') === tlp);
      const folder = this.folder(tlp);
      const entries: Record<string, unknown>[] = [];
      for (const advisory of mine) {
        const path = this.documentPath(advisory);
        const body = Buffer.from(JSON.stringify(buildCsafDocument(advisory), null, 2), 'utf8');
        put(path, body, 'application/json');
        const hashed = advisory.wrongHash ? Buffer.concat([body, Buffer.from('\n')]) : body;
        put(`${path}.sha256`, `${createHash('sha256').update(hashed).digest('hex')}  ${csafFileName(advisory.id)}\n`, 'text/plain');
        put(`${path}.sha512`, `${createHash('sha512').update(hashed).digest('hex')}  ${csafFileName(advisory.id)}\n`, 'text/plain');
        const signingKey = advisory.foreignSignature ? this.foreignKey : this.key.privateKey;
        const message = await openpgp.createMessage({ binary: new Uint8Array(body) });
        put(`${path}.asc`, await openpgp.sign({ message, signingKeys: signingKey, detached: true }), 'application/pgp-signature');
        const url = `${this.base}${path}`;
        entries.push({
          id: advisory.id,
          title: advisory.title,
          link: [
            { rel: 'self', href: url },
            { rel: 'hash', href: `${url}.sha512` },
            { rel: 'signature', href: `${url}.asc` },
          ],
          published: '2026-01-05T08:00:00.000Z',
          updated: advisory.released,
          summary: { content: advisory.title },
          content: { type: 'application/json', src: url },
          format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
        });
      }
      put(`${folder}index.txt`, mine.map((a) => this.documentPath(a).slice(folder.length)).join('\n') + (mine.length > 0 ? '\n' : ''), 'text/plain');
      if (!this.options.noChangesCsv) put(`${folder}changes.csv`, mine.map((a) => `"${this.documentPath(a).slice(folder.length)}","${a.released}"`).join('\n') + (mine.length > 0 ? '\n' : ''), 'text/csv');
      const feedUrl = `${this.base}${folder}csaf-feed-tlp-${tlp.toLowerCase()}.json`;
      put(
        `${folder}csaf-feed-tlp-${tlp.toLowerCase()}.json`,
        JSON.stringify({
          feed: {
            id: `test-cert-csaf-feed-tlp-${tlp.toLowerCase()}`,
            title: `Test-CERT CSAF feed (TLP:${tlp})`,
            link: [{ rel: 'self', href: feedUrl }],
            category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
            updated: mine[0]?.released ?? '2026-01-01T00:00:00.000Z',
            entry: entries,
          },
        }),
        'application/json',
      );
    }
    const distributions =
      this.options.distribution === 'rolie'
        ? [{ rolie: { feeds: (['WHITE', 'GREEN'] as const).map((tlp) => ({ summary: `TLP:${tlp} advisories`, tlp_label: tlp, url: `${this.base}${this.folder(tlp)}csaf-feed-tlp-${tlp.toLowerCase()}.json` })) } }]
        : [{ directory_url: `${this.base}${this.folder('WHITE')}` }];
    put(
      '/.well-known/csaf/provider-metadata.json',
      JSON.stringify({
        canonical_url: this.metadataUrl,
        distributions,
        last_updated: new Date().toISOString(),
        list_on_CSAF_aggregators: true,
        metadata_version: '2.0',
        mirror_on_CSAF_aggregators: true,
        public_openpgp_keys: this.options.noKeys ? [] : [{ fingerprint: this.options.wrongFingerprint ? '0'.repeat(40) : this.key.fingerprint.toUpperCase(), url: `${this.base}${keyPath}` }],
        publisher: { category: 'coordinator', contact_details: 'csaf@example.test', name: 'Test-CERT', namespace: 'https://cert.example.test' },
        role: this.options.role ?? 'csaf_trusted_provider',
      }),
      'application/json',
    );
    this.files = files;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    if (req.headers.authorization !== undefined) this.authorizations.push(req.headers.authorization);
    const file = this.files.get(path);
    if (!file && this.options.otherRoutes?.(req, res, url)) return;
    if (!file || req.method !== 'GET') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    if (path.startsWith(this.folder('GREEN')) && this.options.greenAuthorization !== undefined && req.headers.authorization !== this.options.greenAuthorization) {
      return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    }
    const etag = `"${createHash('sha256').update(file.body).digest('hex').slice(0, 32)}"`;
    if (req.headers['if-none-match'] === etag) {
      this.notModified.push(path);
      return void res.writeHead(304, { etag }).end();
    }
    const since = req.headers['if-modified-since'];
    if (req.headers['if-none-match'] === undefined && since !== undefined && Date.parse(since) >= Date.parse(file.modified)) {
      this.notModified.push(path);
      return void res.writeHead(304, { 'last-modified': file.modified }).end();
    }
    res.writeHead(200, { 'content-type': file.type, etag, 'last-modified': file.modified, 'content-length': file.body.length }).end(file.body);
  }
}

async function generate(userId: string): Promise<{ privateKey: openpgp.PrivateKey; publicArmored: string; fingerprint: string }> {
  const [name = 'Test', email] = userId.replace('>', '').split(' <');
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name, ...(email ? { email } : {}) }], format: 'object' });
  return { privateKey, publicArmored: publicKey.armor(), fingerprint: publicKey.getFingerprint() };
}
