/**
 * "Does it affect us?" over the real KEV catalog and the demo inventories (LAGEBILD_DEMO_INVENTORY):
 * Erfurt runs Citrix NetScaler ADC 13.1-48.47, so the KEV card of CitrixBleed (CVE-2023-4966)
 * lists Erfurt as possibly affected with the reason, Jena (no Citrix) not; the card's product
 * picture names the product with its source; the CERT's alias edits re-key inventories; a
 * quarantined document is released by a cert_admin only, with a reason, and audited.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { importKevCatalog } from '../../../feeds/sources.js';
import type { FeedAdapter, FeedRunOutput } from '../../../feeds/feed.js';
import { feedItems, feedQuarantine, feedSources } from '../../../server/feeds/feeds.table.js';
import { runFeedSource } from '../../../server/feeds/runner.js';
import { auditLog } from '../../../server/audit/audit.table.js';
import { createLogger } from '../../../server/platform/logger.js';
import { sharedDataDir } from '../../support/feed-sources.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';
import { buildCsafDocument } from '../../support/csaf-provider-fixture.js';
import { organizationIds } from '../../support/advisories.js';

type Card = {
  cves: string[];
  products: { vendor: string; product: string; sources: { sourceName: string; kind: string; itemId: string | null; versions: unknown[] }[] }[];
  affected: { name: string; certainty: string; reasons: { assetId: string; certainty: string; de: string; en: string }[] }[];
};

describe('feeds: product picture, possibly affected and quarantine release', function () {
  this.timeout(180_000);
  let server: TestServer;
  let kevFile: string;

  before(async function () {
    const shared = sharedDataDir();
    if (!shared) this.skip();
    kevFile = join(shared, 'kev', 'known_exploited_vulnerabilities.json');
    server = await startTestServer({ env: { LAGEBILD_DEMO_INVENTORY: 'true' } });
  });
  after(async () => {
    await server?.close();
  });

  async function run(key: string, type: 'cisa-kev' | 'csaf-provider', output: Omit<FeedRunOutput, 'cursor'>) {
    const { db } = server.database;
    await db.insert(feedSources).values({ key, type, name: key === 'kev' ? 'CISA KEV' : 'Vendor CSAF', url: 'https://example.invalid/feed', schedule: '0 * * * *', enabled: false }).onConflictDoNothing();
    const [source] = await db.select().from(feedSources).where(eq(feedSources.key, key));
    const adapter: FeedAdapter = { type, optionsSchema: z.record(z.string(), z.unknown()), run: () => Promise.resolve({ ...output, cursor: null }) };
    const outcome = await runFeedSource({ database: server.database, config: { feedCredentials: {} }, logger: createLogger('silent', false), httpFor: () => ({ get: () => Promise.reject(new Error('no network')) }), adapters: { [type]: adapter } }, source!.id, 'manual');
    if (!outcome.acquired) throw new Error('not acquired');
    return { source: source!, run: outcome.run };
  }

  it('the KEV card of CVE-2023-4966 lists Erfurt (Citrix NetScaler ADC 13.1-48.47) as possibly affected with the reason, not Jena', async () => {
    const { run: kevRun } = await run('kev', 'cisa-kev', importKevCatalog(JSON.parse(readFileSync(kevFile, 'utf8')), { defaultTlp: 'clear' }));
    expect(kevRun).to.include({ status: 'succeeded', newCount: 1_404, failedCount: 0 });
    expect(kevRun.counts).to.include({ records: 1_404, noun: 'entries' });
    expect(kevRun.counts.items).to.deep.equal({ new: 1_404, updated: 0, unchanged: 0 });

    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const response = await analyst.agent.get('/api/v1/feed-items').query({ q: 'CVE-2023-4966' });
    expect(response.status).to.equal(200);
    const card = (response.body as { items: Card[] }).items.find((entry) => entry.cves.includes('CVE-2023-4966'))!;
    expect(card.products.map((product) => `${product.vendor} ${product.product}`)).to.include.members(['Citrix NetScaler ADC', 'Citrix NetScaler Gateway']);
    const adc = card.products.find((product) => product.product === 'NetScaler ADC')!;
    expect(adc.sources).to.deep.equal([{ kind: 'item', sourceKey: 'kev', sourceName: 'CISA KEV', sourceType: 'cisa-kev', itemId: adc.sources[0]!.itemId, versions: [] }]);
    expect(card.affected.map((org) => org.name)).to.deep.equal(['Stadt Erfurt']);
    expect(card.affected[0]).to.deep.include({ certainty: 'possible' });
    expect(card.affected[0]!.reasons).to.deep.equal([{ assetId: card.affected[0]!.reasons[0]!.assetId, certainty: 'possible', de: 'betreibt Citrix NetScaler ADC 13.1-48.47; CISA KEV nennt keine betroffenen Versionen', en: 'runs Citrix NetScaler ADC 13.1-48.47; CISA KEV names no affected versions' }]);
  });

  it('an alias the CERT adds re-keys the inventories: Jena\'s renamed firewall joins the FortiOS KEV cards', async () => {
    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const jena = await loginAs(server.url, 'it@jena.lagebild.test');
    const jenaId = (await organizationIds(admin.agent)).get('Stadt Jena')!;
    const created = await jena.agent.post(`/api/v1/organizations/${jenaId}/assets`).set('x-csrf-token', jena.csrfToken).send({ vendor: 'Fortinet', product: 'Stadtnetz-Firewall', version: '7.0.1' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const before = await admin.agent.get('/api/v1/feed-items').query({ q: 'CVE-2018-13379' });
    const reasonsBefore = (before.body as { items: Card[] }).items[0]!.affected.flatMap((org) => org.reasons.map((reason) => reason.de));
    expect(reasonsBefore.some((reason) => reason.includes('Stadtnetz-Firewall'))).to.equal(false);

    const alias = await admin.agent.post('/api/v1/product-aliases').set('x-csrf-token', admin.csrfToken).send({ kind: 'product', cpeVendor: 'fortinet', cpeProduct: 'fortios', vendor: 'Fortinet', product: 'Stadtnetz-Firewall' });
    expect(alias.status, JSON.stringify(alias.body)).to.equal(201);
    expect(alias.body).to.include({ identity: 'fortinet:fortios', origin: 'cert' });
    const after = await admin.agent.get('/api/v1/feed-items').query({ q: 'CVE-2018-13379' });
    const reasonsAfter = (after.body as { items: Card[] }).items[0]!.affected.flatMap((org) => org.reasons.map((reason) => reason.de));
    expect(reasonsAfter).to.include('betreibt Fortinet Stadtnetz-Firewall 7.0.1; CISA KEV nennt keine betroffenen Versionen');
    const duplicate = await admin.agent.post('/api/v1/product-aliases').set('x-csrf-token', admin.csrfToken).send({ kind: 'product', cpeVendor: 'fortinet', cpeProduct: 'fortios', vendor: 'Fortinet', product: 'Stadtnetz-Firewall' });
    expect(duplicate.status).to.equal(409);
    const list = await admin.agent.get('/api/v1/product-aliases').query({ q: 'Stadtnetz' });
    expect((list.body as { items: unknown[] }).items).to.have.length(1);
    const constituent = await jena.agent.get('/api/v1/product-aliases');
    expect(constituent.status).to.equal(403);
  });

  it('a quarantined document is released only by a cert_admin, with a reason, audited, and then in the inbox with the finding', async () => {
    const document = buildCsafDocument({ id: 'TEST-SEC-W-2026-0042', version: 1, title: 'Quarantäne-Test', lang: 'de-DE', severity: 'hoch', cves: ['CVE-2026-42000'], released: '2026-11-20T10:00:00.000Z', vendor: 'Beispiel', product: 'Leitstand', range: '<2.4.1', tlp: 'WHITE' });
    const { source, run: held } = await run('vendor-csaf', 'csaf-provider', { items: [], stixObjects: [], enrichments: [], problems: [], unchanged: 0, quarantined: [{ ref: 'https://example.invalid/2026/test-sec-w-2026-0042.json', check: 'hash', reason: 'sha512 mismatch: file states 00…, document hashes to 11…', externalId: 'TEST-SEC-W-2026-0042', title: 'Quarantäne-Test', document: document }], records: { total: 1, noun: 'documents', storedAs: 'items' } });
    expect(held).to.include({ status: 'partial', newCount: 0, failedCount: 0 });
    expect(held.counts.quarantined).to.equal(1);
    const { db } = server.database;
    expect(await db.select().from(feedItems).where(eq(feedItems.externalId, 'TEST-SEC-W-2026-0042'))).to.have.length(0);

    const admin = await loginAs(server.url, 'cert-admin@lagebild.test');
    const analyst = await loginAs(server.url, 'analyst@lagebild.test');
    const listed = await analyst.agent.get(`/api/v1/feeds/${source.id}/quarantine`);
    const entry = (listed.body as { items: { id: string; state: string; check: string; reason: string }[] }).items[0]!;
    expect(entry).to.include({ state: 'held', check: 'hash' });
    const byAnalyst = await analyst.agent.post(`/api/v1/feeds/${source.id}/quarantine/${entry.id}/release`).set('x-csrf-token', analyst.csrfToken).send({ reason: 'Hash-Datei beim Anbieter veraltet, telefonisch bestätigt' });
    expect(byAnalyst.status).to.equal(403);
    const noReason = await admin.agent.post(`/api/v1/feeds/${source.id}/quarantine/${entry.id}/release`).set('x-csrf-token', admin.csrfToken).send({ reason: 'ok' });
    expect(noReason.status).to.equal(400);
    const released = await admin.agent.post(`/api/v1/feeds/${source.id}/quarantine/${entry.id}/release`).set('x-csrf-token', admin.csrfToken).send({ reason: 'Hash-Datei beim Anbieter veraltet, telefonisch bestätigt' });
    expect(released.status, JSON.stringify(released.body)).to.equal(200);
    expect(released.body).to.include({ state: 'released', releaseReason: 'Hash-Datei beim Anbieter veraltet, telefonisch bestätigt' });
    const [item] = await db.select().from(feedItems).where(and(eq(feedItems.sourceId, source.id), eq(feedItems.externalId, 'TEST-SEC-W-2026-0042')));
    expect(item!.findings[0]).to.include({ test: 'integrity:hash' });
    expect(item!.findings[0]!.message).to.match(/^Released from quarantine by cert-admin@lagebild\.test on .*: Hash-Datei beim Anbieter veraltet, telefonisch bestätigt — integrity failure: sha512 mismatch/);
    const again = await admin.agent.post(`/api/v1/feeds/${source.id}/quarantine/${entry.id}/release`).set('x-csrf-token', admin.csrfToken).send({ reason: 'noch einmal freigeben bitte' });
    expect(again.status).to.equal(409);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'feed_quarantine.released'));
    expect(audits).to.have.length(1);
    expect((await db.select().from(feedQuarantine).where(eq(feedQuarantine.id, entry.id)))[0]!.itemId).to.equal(item!.id);
    const filtered = await analyst.agent.get('/api/v1/feed-items').query({ findings: 'true' });
    expect((filtered.body as { items: { items: { externalId: string }[] }[] }).items.flatMap((card) => card.items.map((one) => one.externalId))).to.deep.equal(['TEST-SEC-W-2026-0042']);
  });
});
