/**
 * A real HTTP server on 127.0.0.1 serving real-format feed documents (a CISA KEV catalog, a German
 * CSAF 2.0 advisory in BSI style, a STIX 2.1 bundle with a TLP 1.0 marking), and a small test-only
 * adapter that reads them through FeedHttp. It exercises the framework (runner, ingestion, inbox,
 * promotion) without the production adapters, which live on their own branches.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { CveEnrichment, FeedAdapter, FeedItemDraft, FeedProblem } from '../../feeds/feed.js';

export type KevEntry = {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  dueDate: string;
  knownRansomwareCampaignUse: 'Known' | 'Unknown';
  notes: string;
};

export function kevEntry(n: number, overrides: Partial<KevEntry> = {}): KevEntry {
  return {
    cveID: `CVE-2026-${String(10_000 + n)}`,
    vendorProject: n % 2 === 0 ? 'Citrix' : 'Ivanti',
    product: n % 2 === 0 ? 'NetScaler ADC' : 'Connect Secure',
    vulnerabilityName: `Test vulnerability ${n}`,
    dateAdded: '2026-11-01',
    shortDescription: `Remote code execution ${n}.`,
    requiredAction: 'Apply mitigations per vendor instructions.',
    dueDate: '2026-11-22',
    knownRansomwareCampaignUse: n % 3 === 0 ? 'Known' : 'Unknown',
    notes: `https://nvd.nist.gov/vuln/detail/CVE-2026-${String(10_000 + n)}`,
    ...overrides,
  };
}

export function kevCatalog(entries: KevEntry[]) {
  return { title: 'CISA Catalog of Known Exploited Vulnerabilities', catalogVersion: '2026.11.22', dateReleased: '2026-11-22T12:00:00.000Z', count: entries.length, vulnerabilities: entries };
}

/** A CSAF 2.0 document as BSI CERT-Bund publishes them (German, CPE 2.2 in the product tree). */
export function bsiCsaf(options: { id?: string; version?: string; cves: string[]; title?: string }) {
  return {
    document: {
      category: 'csaf_base',
      csaf_version: '2.0',
      lang: 'de-DE',
      title: options.title ?? 'Citrix NetScaler ADC: Mehrere Schwachstellen ermöglichen Codeausführung',
      distribution: { tlp: { label: 'WHITE' } },
      publisher: { category: 'coordinator', name: 'Bundesamt für Sicherheit in der Informationstechnik', namespace: 'https://www.bsi.bund.de' },
      notes: [
        { category: 'summary', text: 'Ein entfernter, anonymer Angreifer kann mehrere Schwachstellen in Citrix NetScaler ADC ausnutzen, um beliebigen Programmcode auszuführen.' },
        { category: 'description', text: 'NetScaler ADC ist ein Application Delivery Controller.' },
      ],
      tracking: { id: options.id ?? 'WID-SEC-W-2026-1234', version: options.version ?? '1', current_release_date: '2026-11-20T10:00:00.000+00:00', initial_release_date: '2026-11-20T10:00:00.000+00:00', status: 'final', revision_history: [] },
      aggregate_severity: { text: 'hoch' },
      references: [{ category: 'self', url: `https://wid.cert-bund.de/portal/wid/securityadvisory?name=${options.id ?? 'WID-SEC-W-2026-1234'}`, summary: 'CSAF Version' }],
    },
    product_tree: {
      branches: [{ category: 'vendor', name: 'Citrix', branches: [{ category: 'product_name', name: 'NetScaler ADC', product: { name: 'Citrix NetScaler ADC', product_id: 'T1', product_identification_helper: { cpe: 'cpe:/a:citrix:netscaler_application_delivery_controller:-' } } }] }],
    },
    vulnerabilities: options.cves.map((cve) => ({
      cve,
      product_status: { known_affected: ['T1'] },
      scores: [{ products: ['T1'], cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }],
      remediations: [{ category: 'vendor_fix', details: 'Aktualisieren Sie auf Version 14.1-29.72 oder neuer.', product_ids: ['T1'] }],
    })),
  };
}

export const TLP1_AMBER = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';

export function stixBundle() {
  return {
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [
      { type: 'indicator', spec_version: '2.1', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-11-20T10:00:00.000Z', modified: '2026-11-20T10:00:00.000Z', name: 'NetScaler exploit source', pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: '2026-11-20T10:00:00.000Z', object_marking_refs: [TLP1_AMBER] },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--1e6b6e8c-3a1f-4b59-8f9a-6c1d2b3e4f50', created: '2026-11-20T10:00:00.000Z', modified: '2026-11-20T10:00:00.000Z', name: 'Unmarked', pattern: "[domain-name:value = 'bad.example']", pattern_type: 'stix', valid_from: '2026-11-20T10:00:00.000Z' },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--2f7c7f9d-4b2a-4c6a-9a7b-7d2e3c4f5a61', created: '2026-11-20T10:00:00.000Z', modified: '2026-11-20T10:00:00.000Z', name: 'Broken: no pattern' },
    ],
  };
}

/** What the fixture server serves; tests change it between runs. */
export type FixtureState = {
  kev: ReturnType<typeof kevCatalog>;
  csaf: ReturnType<typeof bsiCsaf>[];
  bundle: ReturnType<typeof stixBundle> | null;
  /** Answer every request with this status instead. */
  failWith: number | null;
  /** Delay every answer (lock tests). */
  delayMs: number;
  requests: string[];
};

export type FixtureServer = { url: string; state: FixtureState; close(): Promise<void> };

/** Starts the fixture server on 127.0.0.1 (ephemeral port). KEV answers with an ETag and honours If-None-Match. */
export async function startFeedFixtureServer(initial: Partial<FixtureState> = {}): Promise<FixtureServer> {
  const state: FixtureState = { kev: kevCatalog([kevEntry(1), kevEntry(2)]), csaf: [], bundle: null, failWith: null, delayMs: 0, requests: [], ...initial };
  const server: Server = createServer((req, res) => {
    state.requests.push(req.url ?? '');
    const answer = () => {
      if (state.failWith) {
        res.writeHead(state.failWith, { 'content-type': 'text/plain' }).end('upstream trouble');
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      let body: unknown;
      if (path === '/kev.json') body = state.kev;
      else if (path === '/csaf.json') body = state.csaf;
      else if (path === '/bundle.json' && state.bundle) body = state.bundle;
      else {
        res.writeHead(404).end();
        return;
      }
      const text = JSON.stringify(body);
      const etag = `"${Buffer.from(text).length.toString(16)}-${hash(text)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag }).end(text);
    };
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hash(text: string): string {
  let h = 0;
  for (let index = 0; index < text.length; index += 1) h = (Math.imul(31, h) + text.charCodeAt(index)) | 0;
  return (h >>> 0).toString(16);
}

const CursorSchema = z.object({ kevEtag: z.string().optional() }).optional();

/**
 * Test-only adapter (type `cisa-kev`): the KEV catalog at `<url>/kev.json` → vulnerability items +
 * KEV enrichments (conditional request with the stored ETag); `<url>/csaf.json` → German advisory
 * items; `<url>/bundle.json` → STIX objects.
 */
export const fixtureAdapter: FeedAdapter = {
  type: 'cisa-kev',
  optionsSchema: z.object({ withCsaf: z.boolean().default(true), withBundle: z.boolean().default(true) }),
  async run(context) {
    const base = context.source.url.replace(/\/+$/, '');
    const cursor = CursorSchema.parse(context.cursor) ?? {};
    const items: FeedItemDraft[] = [];
    const enrichments: CveEnrichment[] = [];
    const problems: FeedProblem[] = [];
    let unchanged = 0;
    const kev = await context.http.get(`${base}/kev.json`, { accept: ['application/json'], ...(cursor.kevEtag ? { etag: cursor.kevEtag } : {}) });
    if (kev.status === 304) unchanged += 1;
    else {
      const catalog = JSON.parse(kev.body.toString('utf8')) as ReturnType<typeof kevCatalog>;
      for (const entry of catalog.vulnerabilities) {
        items.push({
          externalId: entry.cveID,
          kind: 'vulnerability',
          title: { en: `${entry.vendorProject} ${entry.product}: ${entry.vulnerabilityName}` },
          summary: { en: entry.shortDescription },
          remediation: { en: entry.requiredAction },
          cves: [entry.cveID],
          products: [{ vendor: entry.vendorProject, product: entry.product, versions: [] }],
          references: [`https://www.cisa.gov/known-exploited-vulnerabilities-catalog?search=${entry.cveID}`],
          tlp: context.source.defaultTlp,
        });
        enrichments.push({ cve: entry.cveID, kev: { dateAdded: entry.dateAdded, dueDate: entry.dueDate, knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse === 'Known', vendor: entry.vendorProject, product: entry.product, requiredAction: entry.requiredAction } });
      }
    }
    const options = context.source.options as { withCsaf: boolean; withBundle: boolean };
    if (options.withCsaf) {
      const csaf = await context.http.get(`${base}/csaf.json`, { accept: ['application/json'] });
      for (const doc of JSON.parse(csaf.body.toString('utf8')) as ReturnType<typeof bsiCsaf>[]) {
        const notes = doc.document.notes;
        items.push({
          externalId: doc.document.tracking.id,
          kind: 'advisory',
          title: { de: doc.document.title },
          summary: { de: notes.find((note) => note.category === 'summary')?.text },
          remediation: { de: doc.vulnerabilities[0]?.remediations[0]?.details },
          url: doc.document.references[0]?.url,
          revision: doc.document.tracking.version,
          cves: doc.vulnerabilities.map((vulnerability) => vulnerability.cve),
          severity: 'hoch',
          cvss: [...new Set(doc.vulnerabilities.flatMap((vulnerability) => vulnerability.scores.map((score) => score.cvss_v3.vectorString)))],
          products: [{ vendor: 'Citrix', product: 'NetScaler ADC', versions: [], cpe: 'cpe:2.3:a:citrix:netscaler_application_delivery_controller:-:*:*:*:*:*:*:*' }],
          references: doc.document.references.map((reference) => reference.url),
          tlp: 'clear',
          document: doc,
        });
      }
    }
    const stixObjects: Record<string, unknown>[] = [];
    if (options.withBundle) {
      const bundle = await context.http.get(`${base}/bundle.json`, { accept: ['application/json'] }).catch(() => null);
      if (bundle) stixObjects.push(...(JSON.parse(bundle.body.toString('utf8')) as { objects: Record<string, unknown>[] }).objects);
    }
    return { items, stixObjects, enrichments, problems, cursor: { kevEtag: kev.etag ?? cursor.kevEtag }, unchanged };
  },
};
