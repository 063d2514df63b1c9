/// <reference lib="dom" />
/**
 * Browser test of the feed pages: a CERT admin adds a source pointing at a 127.0.0.1 fixture server
 * on "Quellen", runs it now, finds the CVE-correlated card on "Eingang" (BSI text beside the KEV
 * entry) and promotes it into the draft editor; axe-core (WCAG 2.1 AA) on both pages.
 * Pending when Debian's Chromium is missing.
 */
import { expect } from 'chai';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { bsiCsaf, fixtureAdapter, kevCatalog, kevEntry, startFeedFixtureServer, type FixtureServer } from '../support/feed-fixtures.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { assets } from '../../server/inventory/inventory.table.js';
import { organizations } from '../../server/organizations/organizations.table.js';
import { cpeKeyOf, matchKeyOf } from '../../server/matching/normalize.js';
import { eq } from 'drizzle-orm';

describe('browser: feed sources and inbox', function () {
  let harness: BrowserHarness | undefined;
  let fixtures: FixtureServer | undefined;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });

  before(async function () {
    fixtures = await startFeedFixtureServer({ kev: kevCatalog([kevEntry(1), kevEntry(2)]), csaf: [bsiCsaf({ cves: ['CVE-2026-10002'] })] });
    harness = await startBrowserHarness(this, { feedHttp: http, feedAdapters: { 'cisa-kev': fixtureAdapter } });
    // Stadt Erfurt runs NetScaler ADC (version not recorded): the card must say so.
    const { db } = harness.server.database;
    const [erfurt] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Erfurt'));
    await db.insert(assets).values({ organizationId: erfurt!.id, vendor: 'Citrix', product: 'NetScaler ADC', matchKey: matchKeyOf('Citrix', 'NetScaler ADC'), cpeKey: cpeKeyOf(null) ?? null });
  });
  after(async () => {
    await harness?.close();
    await fixtures?.close();
    await http.close();
  });

  it('adds and runs a source, then promotes a correlated card to a draft', async function () {
    this.timeout(180_000);
    const { page } = await harness!.newPage();
    await login(page, harness!.server.url, 'cert-admin@lagebild.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Quellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quellen' }).waitFor();
    await page.getByTestId('feed-sources').waitFor();
    await expectNoAxeViolations(page, 'Quellen');

    await page.getByRole('button', { name: 'Quelle hinzufügen' }).click();
    await page.getByLabel('Name').fill('Fixture KEV');
    await page.getByLabel('Typ').selectOption('cisa-kev');
    await page.getByLabel('URL').fill(fixtures!.url);
    await page.getByLabel('Zeitplan (Cron: Minute Stunde Tag Monat Wochentag)').fill('0 3 * * *');
    await page.getByLabel('Private Netzadressen erlauben (nur interne Spiegel)').check();
    await expectNoAxeViolations(page, 'Quellen: form');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.locator('#main').getByText('Quelle gespeichert.').waitFor();

    await page.getByRole('button', { name: 'Jetzt ausführen: Fixture KEV' }).click();
    await page.locator('#main').getByText(/Fixture KEV: erfolgreich — 5 neu/).waitFor();
    // The table reloads after the status message; wait for the row rather than read it once.
    const row = page.getByRole('row', { name: /Fixture KEV/ });
    await row.getByText('erfolgreich').waitFor();
    expect(await row.textContent()).to.not.contain('noch nie');

    await page.getByRole('navigation').getByRole('link', { name: 'Eingang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    await page.getByTestId('feed-cards').waitFor();
    await expectNoAxeViolations(page, 'Eingang');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: 'CVE-2026-10002' }) });
    await card.getByText('Citrix NetScaler ADC: Mehrere Schwachstellen ermöglichen Codeausführung').first().waitFor();
    await card.getByText(/Aktiv ausgenutzt \(KEV\)/).first().waitFor();
    const affected = card.getByTestId('feed-card-affected');
    await affected.getByRole('heading', { level: 3, name: 'Betrifft in Thüringen (1)' }).waitFor();
    expect(await affected.getByRole('listitem').textContent()).to.match(/^Stadt Erfurt: betreibt Citrix NetScaler ADC/);

    // Keyboard: the filter form works without a mouse.
    await page.getByLabel('Hersteller').fill('ivanti');
    await page.getByLabel('Hersteller').press('Enter');
    await page.getByRole('heading', { level: 2, name: 'CVE-2026-10001' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'CVE-2026-10002' }).count()).to.equal(0);
    await page.getByLabel('Hersteller').fill('');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByRole('heading', { level: 2, name: 'CVE-2026-10002' }).waitFor();

    await card.getByRole('button', { name: 'Als Entwurf übernehmen' }).click();
    await page.waitForURL(/\/warnmeldungen\/[0-9a-f-]+\/bearbeiten$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('input, textarea')).some((field) => (field as HTMLInputElement).value.includes('Mehrere Schwachstellen')));
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
