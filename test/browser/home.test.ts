/// <reference lib="dom" />
/**
 * Browser test of the home pages on the situation picture (issue 15) with the demo history: the CERT
 * analyst sees the district map with its table alternative and the charts with their text
 * alternatives and sets the threat level; Stadt Erfurt's header follows live, its bell counts a new
 * advisory live, and its page never shows the utility's incident; the Lageberichte pages; axe-clean
 * in German and English. Screenshots go to test-results/ at 1366×900.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { loginAs } from '../support/session.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const VIEWPORT = { width: 1366, height: 900 };
/** The promise for live changes; a wait, not a measurement. */
const LIVE_WITHIN_MS = 5_000;

function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(RESULTS_DIR, `home-${name}.png`), fullPage: true });
}

describe('browser: home pages on the situation picture (issue 15)', function () {
  let harness: BrowserHarness | undefined;
  let analyst: Page;
  let erfurt: Page;

  before(async function () {
    harness = await startBrowserHarness(this, { env: { LAGEBILD_DEMO_HISTORY: 'true' } });
    mkdirSync(RESULTS_DIR, { recursive: true });
    ({ page: analyst } = await harness.newPage(VIEWPORT));
    ({ page: erfurt } = await harness.newPage(VIEWPORT));
    await login(analyst, harness.server.url, 'analyst@lagebild.test');
    await login(erfurt, harness.server.url, 'it@erfurt.lagebild.test');
    for (const page of [analyst, erfurt]) await page.locator('.connection[data-state="online"]').waitFor();
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it("the analyst's home page: the district map with its table, the charts with text alternatives, the utility's incident with its deadline", async () => {
    const main = analyst.getByRole('main');
    await main.getByRole('heading', { level: 1, name: 'Lagebild Thüringen' }).waitFor();
    await analyst.getByTestId('district-map').waitFor();
    await main.getByText('Tabelle anzeigen', { exact: false }).first().click();
    const table = analyst.getByTestId('district-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).to.equal(22);
    expect(await table.locator('tr', { hasText: 'Landkreis Nordhausen' }).textContent()).to.match(/1/);
    const figures = main.locator('figure.chart');
    expect(await figures.count()).to.equal(3);
    for (const caption of await figures.locator('figcaption').allTextContents()) expect(caption.trim().length, 'every chart states its finding in words').to.be.greaterThan(20);
    expect(await figures.locator('details summary').allTextContents()).to.deep.equal(['Daten als Tabelle', 'Daten als Tabelle', 'Daten als Tabelle']);
    expect(await figures.first().locator('.recharts-legend-item-text').allTextContents()).to.deep.equal(['Kritisch', 'Hoch', 'Mittel', 'Niedrig']);
    const incidents = analyst.getByTestId('incident-table');
    expect(await incidents.textContent()).to.include('Stadtwerke Nordthüringen');
    // The demo's Erfurt incident submitted its 72-hour notification: nothing of it is overdue.
    const erfurtRow = (await incidents.locator('tr', { hasText: 'Stadt Erfurt' }).textContent()) ?? '';
    expect(erfurtRow).not.to.include('Meldung (72');
    expect(erfurtRow).not.to.include('überfällig');
    expect(await main.textContent()).not.to.include('0 von 0');
    await expectNoAxeViolations(analyst, 'the CERT home page (German)');
    await shot(analyst, 'cert-de');
  });

  it("Erfurt's page does not show the utility's incident; the demo level is in the header", async () => {
    const main = erfurt.getByRole('main');
    await main.getByRole('heading', { level: 1, name: 'Ihr Lagebild' }).waitFor();
    expect(await erfurt.getByTestId('threat-level').textContent()).to.include('Lagestufe 2 – Erhöht');
    const text = (await erfurt.locator('body').textContent()) ?? '';
    for (const secret of ['Stadtwerke Nordthüringen', 'Ransomware auf Abrechnungsservern', 'SWNT']) expect(text).not.to.include(secret);
    expect(await erfurt.getByTestId('district-map').count()).to.equal(0);
    await expectNoAxeViolations(erfurt, "Erfurt's home page (German)");
    await shot(erfurt, 'erfurt-de');
  });

  it("the analyst sets level 3 with a confirmation: Erfurt's header shows it without reload and announces it", async () => {
    const before = await erfurt.evaluate(() => performance.getEntriesByType('navigation').length + window.location.href);
    await analyst.getByText('Lagestufe ändern').click();
    await analyst.getByLabel('Neue Lagestufe').selectOption('3');
    await analyst.getByLabel('Begründung (Deutsch)').fill('Aktive Ausnutzung von Schwachstellen in VPN-Gateways bei mehreren Thüringer Kommunen.');
    await analyst.getByRole('button', { name: 'Lagestufe setzen' }).click();
    await analyst.getByText('„Lagestufe 3 – Hoch“ wird sofort allen angemeldeten Nutzerinnen und Nutzern angezeigt').waitFor();
    await analyst.getByRole('button', { name: 'Lagestufe setzen' }).click();
    await erfurt.getByTestId('threat-level').filter({ hasText: 'Lagestufe 3 – Hoch' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await erfurt.getByText('Die Lagestufe wurde geändert: Lagestufe 3 – Hoch').waitFor({ state: 'attached', timeout: LIVE_WITHIN_MS });
    expect(await erfurt.evaluate(() => performance.getEntriesByType('navigation').length + window.location.href), 'no reload').to.equal(before);
    await analyst.getByTestId('threat-level').filter({ hasText: 'Lagestufe 3 – Hoch' }).waitFor({ timeout: LIVE_WITHIN_MS });
  });

  it("Erfurt's bell counts a new critical advisory without reload", async () => {
    const count = async () => Number((await erfurt.getByTestId('bell-count').textContent())?.match(/\d+/)?.[0] ?? 0);
    const before = await count();
    const cert = await loginAs(harness!.server.url, 'analyst@lagebild.test');
    await publishedAdvisory(cert, advisoryBody({ title: { de: 'Kritische Schwachstelle in Veeam Backup & Replication', en: 'Critical vulnerability in Veeam Backup & Replication' }, products: [], cves: ['CVE-2024-40711'] }));
    await erfurt.waitForFunction((n) => Number(document.querySelector('[data-testid="bell-count"]')?.textContent?.match(/\d+/)?.[0] ?? 0) === n, before + 1, { timeout: LIVE_WITHIN_MS * 2 });
    await erfurt.getByTestId('bell').click();
    await erfurt.getByRole('region', { name: 'Benachrichtigungen' }).getByRole('link', { name: 'Kritische Schwachstelle in Veeam Backup & Replication' }).waitFor();
    await expectNoAxeViolations(erfurt, "Erfurt's home page with the bell open");
    await shot(erfurt, 'erfurt-bell-de');
    await erfurt.getByTestId('bell').click();
  });

  it('in English: the header level, the map and the charts, axe-clean', async () => {
    for (const page of [erfurt, analyst]) {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByTestId('threat-level').filter({ hasText: 'Level 3 – High' }).waitFor();
    }
    await erfurt.getByRole('heading', { level: 1, name: 'Your situation picture' }).waitFor();
    await analyst.getByRole('heading', { level: 1 }).waitFor();
    expect(await analyst.locator('figure.chart details summary').first().textContent()).to.equal('Data as a table');
    // The advisory chart's legend goes by severity, not by the alphabet (which put Low before Medium).
    const legend = await analyst.locator('figure.chart').first().locator('.recharts-legend-item-text').allTextContents();
    expect(legend).to.deep.equal(['Critical', 'High', 'Medium', 'Low']);
    // Legal deadlines follow the UI language (the server's label is German: "… MEZ").
    const deadlines = (await analyst.getByTestId('incident-table').textContent()) ?? '';
    expect(deadlines).to.match(/Notification \(72 h\): \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} (CET|CEST)/);
    expect(deadlines).not.to.match(/MEZ|MESZ|Meldung/);
    await expectNoAxeViolations(erfurt, "Erfurt's home page (English)");
    await expectNoAxeViolations(analyst, 'the CERT home page (English)');
    await shot(erfurt, 'erfurt-en');
    await shot(analyst, 'cert-en');
  });

  it('the Lageberichte: the analyst drafts, writes the assessment and sees who will receive it before publishing; Erfurt reads it', async () => {
    await analyst.getByRole('button', { name: 'Deutsch' }).click();
    await erfurt.getByRole('button', { name: 'Deutsch' }).click();
    await erfurt.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Lageberichte' }).click();
    await erfurt.getByText('Noch keine Lageberichte.').waitFor();
    await expectNoAxeViolations(erfurt, 'the Lageberichte (empty, German)');
    await shot(erfurt, 'reports-empty-de');

    await analyst.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Lageberichte' }).click();
    await analyst.getByRole('heading', { level: 2, name: 'Lagebericht entwerfen' }).waitFor();
    expect(await analyst.getByLabel('Kennzeichnung').inputValue(), 'the restrictive label is preselected').to.equal('amber');
    await analyst.getByLabel('Kennzeichnung').selectOption('green');
    await analyst.getByRole('button', { name: 'Entwurf aus den Daten erstellen' }).click();
    await analyst.getByRole('heading', { level: 2, name: 'Warnmeldungen im Zeitraum' }).waitFor();
    expect(await analyst.getByRole('button', { name: 'Veröffentlichen …' }).isDisabled(), 'no publishing without the assessment').to.equal(true);
    const incidents = (await analyst.locator('section', { has: analyst.getByRole('heading', { name: 'Gemeldete Vorfälle' }) }).textContent()) ?? '';
    expect(incidents).to.include('ein Energieversorger');
    expect(incidents).not.to.include('Stadtwerke');
    await analyst.getByLabel('Bewertung des CERT', { exact: true }).fill('Die Lage ist angespannt: VPN-Gateways werden aktiv angegriffen, ein Energieversorger meldete einen Ransomware-Vorfall.');
    await analyst.getByRole('button', { name: 'Abschnitte speichern' }).click();
    await analyst.getByRole('button', { name: 'Veröffentlichen …' }).and(analyst.locator(':enabled')).waitFor();
    await expectNoAxeViolations(analyst, 'a Lagebericht draft (German)');
    await shot(analyst, 'report-draft-de');
    await analyst.getByRole('button', { name: 'Veröffentlichen …' }).click();
    const dialog = analyst.getByRole('dialog', { name: 'Lagebericht veröffentlichen?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).to.include('per E-Mail mit dem PDF');
    expect(await dialog.textContent()).to.include('nicht mehr geändert oder zurückgezogen');
    await expectNoAxeViolations(analyst, 'the publish confirmation');
    await shot(analyst, 'report-confirm-de');
    await dialog.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await analyst.locator('.report-page__meta').getByText('Veröffentlicht', { exact: true }).waitFor();

    const row = erfurt.getByRole('link', { name: /^Lagebericht / });
    await row.waitFor({ timeout: LIVE_WITHIN_MS });
    await row.click();
    await erfurt.getByText('Die Lage ist angespannt').waitFor();
    await erfurt.getByRole('button', { name: 'English' }).click();
    await erfurt.getByRole('heading', { level: 2, name: 'Advisories in the period' }).waitFor();
    await expectNoAxeViolations(erfurt, 'a published Lagebericht (English)');
    await shot(erfurt, 'report-en');
    const pdf = await erfurt.request.get(`${harness!.server.url}${(await erfurt.getByRole('link', { name: 'English', exact: true }).getAttribute('href'))!}`);
    expect(pdf.status()).to.equal(200);
    expect(pdf.headers()['content-type']).to.equal('application/pdf');
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
