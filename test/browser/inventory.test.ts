/// <reference lib="dom" />
/**
 * Browser test of "does this affect us?": the inventory page (add with suggestions, CSV import with
 * per-line errors), "Betrifft Sie" on the dashboard, "Warum betroffen" with acknowledgement on the
 * advisory page, the recipient brief and the CERT coverage page — each checked with axe-core.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { processNotificationBatch } from '../../server/notifications/consumer.js';
import { verifyWebhookSignature } from '../../server/notifications/webhook-signature.js';
import { createLogger } from '../../server/platform/logger.js';
import { createMailer } from '../../server/platform/mail.js';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { testConfig } from '../support/config.js';
import { startWebhookReceiver } from '../support/receivers.js';
import { startTestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';

const CHROMIUM = '/usr/bin/chromium';
const DEMO_PASSWORD = 'Lagebild-Test-2026!';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Where a screenshot goes (LAGEBILD_SCREENSHOTS=dir keeps them for looking at; else a temp dir). */
const shot = (name: string) => join(process.env.LAGEBILD_SCREENSHOTS ?? tmpdir(), `${name}.png`);

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${where}`).to.deep.equal([]);
}

async function login(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
}

describe('browser: inventory, affects you, acknowledgement, brief and coverage (a11y)', function () {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let advisoryId = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`browser suite pending: ${CHROMIUM} not installed`);
      this.skip();
    }
    this.timeout(240_000);
    server = await startTestServer({ demoPassword: DEMO_PASSWORD, serveClient: true, env: { SERVER_ROLES: 'web' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', reducedMotion: 'reduce' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });
  after(async function () {
    this.timeout(60_000);
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('adds a product and reports a bad CSV line without storing anything', async function () {
    this.timeout(60_000);
    await login(page, server!.url, 'it@erfurt.lagebild.test');
    await page.goto(`${server!.url}/inventar`);
    await page.getByRole('heading', { level: 1, name: 'Inventar' }).waitFor();
    await page.getByLabel('Hersteller').fill('Citrix');
    await page.getByLabel('Produkt', { exact: true }).fill('NetScaler ADC');
    await page.getByLabel('Version').fill('13.1-48.47');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('cell', { name: '13.1-48.47' }).waitFor();
    // A refused save is worded at render time: after a language switch the banner and its field
    // problem read in the new language, not in the one the save was refused in.
    const banner = page.locator('.inventory__message');
    await page.getByLabel('Hersteller').fill('Fortinet');
    await page.getByLabel('Produkt', { exact: true }).fill('FortiOS');
    await page.getByLabel('CPE').fill('fortinet fortios 7.2');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await banner.getByText('Bitte prüfen Sie Ihre Eingaben.').waitFor();
    await banner.getByText('CPE: Keine gültige CPE', { exact: false }).waitFor();
    // The field itself says what is wrong with it, where it is corrected.
    expect(await page.getByLabel('CPE').getAttribute('aria-invalid')).to.equal('true');
    await page.locator('#asset-cpe-error').getByText('Keine gültige CPE', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await banner.getByText('Please check your input.').waitFor();
    await banner.getByText('Not a valid CPE', { exact: false }).waitFor();
    expect(await banner.innerText(), 'the banner keeps the German sentence after the switch').not.to.contain('Bitte prüfen');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await banner.getByText('Bitte prüfen Sie Ihre Eingaben.').waitFor();
    await page.getByLabel('CPE').fill('');
    await page.getByLabel('Hersteller').fill('');
    await page.getByLabel('Produkt', { exact: true }).fill('');
    const dir = mkdtempSync(join(tmpdir(), 'inventory-csv-'));
    writeFileSync(join(dir, 'bad.csv'), 'vendor,product,version,criticality\nMicrosoft,Exchange Server,15.2.1118.40,hoch\nFortinet,FortiOS,7.2.4,sehr hoch\n');
    // The file field is a styled button with the chosen name in the UI language, never the browser's "Choose File".
    await page.getByText('Keine Datei ausgewählt').waitFor();
    await page.getByLabel('CSV-Datei').setInputFiles(join(dir, 'bad.csv'));
    expect(await page.locator('#csv-file-name').textContent()).to.equal('bad.csv');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the hidden native file input widens the page').to.equal(true);
    await page.getByRole('button', { name: 'Importieren' }).click();
    // Each problem names its line and column, and says what is wrong, in the reader's language (never the parser's English).
    await banner.getByText('Zeile 3, Spalte „criticality“: Keine der möglichen Kritikalitäten: niedrig, mittel, hoch, kritisch.').waitFor();
    expect(await banner.innerText()).not.to.match(/line 3|Invalid option/);
    expect(await page.getByRole('cell', { name: 'Exchange Server' }).count()).to.equal(0);
    await banner.getByText('Nichts importiert. Bitte korrigieren Sie:').waitFor();
    await banner.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('inventory-csv-problem-de') });
    await page.getByRole('button', { name: 'English' }).click();
    await banner.getByText('Nothing imported. Please fix:').waitFor();
    await banner.getByText('Line 3, column "criticality": Not one of the possible criticalities', { exact: false }).waitFor();
    expect(await banner.innerText()).not.to.contain('Nichts importiert');
    expect(await banner.innerText()).not.to.contain('Zeile 3');
    await banner.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('inventory-csv-problem-en') });
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await banner.getByText('Nichts importiert. Bitte korrigieren Sie:').waitFor();
    await expectNoAxeViolations(page, 'the inventory page');
    // On a phone the rows become cards of labelled lines: nothing scrolls sideways inside the card.
    await page.setViewportSize({ width: 390, height: 844 });
    const table = page.locator('.inventory__table');
    expect(await table.evaluate((element) => element.parentElement!.scrollWidth - element.parentElement!.clientWidth), 'the table scrolls sideways at 390 px').to.be.at.most(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).to.equal(true);
    const row = table.locator('tbody tr').filter({ hasText: '13.1-48.47' });
    expect(await row.locator('.table--stack__label').first().isVisible(), 'each line names its column').to.equal(true);
    await row.getByRole('button', { name: 'Bearbeiten: Citrix NetScaler ADC' }).waitFor();
    await expectNoAxeViolations(page, 'the inventory page at 390 px');
    await page.locator('#inventory-list-heading').locator('..').screenshot({ path: shot('inventory-de-390') });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await table.locator('.table--stack__label').first().isVisible(), 'no labels in the wide table').to.equal(false);
  });

  it('shows "Betrifft Sie", why, and takes the acknowledgement; the CERT sees it in the coverage', async function () {
    this.timeout(90_000);
    advisoryId = await publishedAdvisory(await loginAs(server!.url, 'analyst@lagebild.test'), advisoryBody({ recommendations: { de: '**Sofort** auf 13.1-49.15 aktualisieren.\n\n- Sitzungen beenden\n- Protokolle prüfen <img src=x onerror=alert(1)>', en: '**Immediately** update to 13.1-49.15.' } }));
    await page.goto(`${server!.url}/`);
    await page.getByRole('heading', { name: 'Betrifft Sie' }).waitFor();
    await page.getByText('betreibt Citrix NetScaler ADC 13.1-48.47', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, 'the dashboard with an affecting advisory');
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}`);
    await page.getByRole('heading', { name: 'Warum betroffen' }).waitFor();
    await page.getByRole('heading', { name: 'Verlauf der Rückmeldungen' }).waitFor();
    await page.getByText('Noch keine Rückmeldung.').waitFor();
    // Affected and not yet answered: the panel warns (red edge); once fixed it no longer does.
    expect(await page.locator('.affects-panel--warn').count()).to.equal(1);
    // An answer with a comment: the comment field empties, the chosen answer is marked pressed.
    await page.getByLabel('Kommentar (optional)').fill('Patch im Wartungsfenster heute Abend');
    await page.getByRole('button', { name: 'In Bearbeitung' }).click();
    await page.getByText('Rückmeldung gespeichert.').waitFor();
    expect(await page.getByLabel('Kommentar (optional)').inputValue()).to.equal('');
    await page.getByRole('button', { name: 'In Bearbeitung', pressed: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Behoben', pressed: false }).count()).to.equal(1);
    await page.getByRole('button', { name: 'Behoben' }).click();
    await page.getByRole('button', { name: 'Behoben', pressed: true }).waitFor();
    await page.locator('.affects-panel--warn').waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'In Bearbeitung', pressed: true }).count()).to.equal(0);
    // The history, newest first, keeps the earlier answer and its comment.
    const history = page.getByRole('region', { name: 'Verlauf der Rückmeldungen' }).getByRole('listitem');
    await history.nth(1).waitFor();
    expect(await history.count()).to.equal(2);
    expect(await history.nth(0).textContent()).to.match(/^Behoben – /);
    expect(await history.nth(1).textContent()).to.match(/^In Bearbeitung – .*Patch im Wartungsfenster heute Abend/);
    await expectNoAxeViolations(page, 'the advisory page with "Warum betroffen"');
    await page.getByRole('region', { name: 'Warum betroffen' }).screenshot({ path: shot('acknowledgement-de') });
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}/kurzfassung`);
    await page.getByRole('heading', { name: 'Was ist zu tun?' }).waitFor();
    // Markdown rendered, and sanitized: bold and a list, no raw asterisks, no event handler.
    await page.locator('.brief__markdown strong', { hasText: 'Sofort' }).waitFor();
    const items = await page.locator('.brief__markdown li').allTextContents();
    expect(items[0]).to.equal('Sitzungen beenden');
    // Raw HTML in the source is shown as text, never as an element (issue 14: Markdown never drops text).
    expect(items[1]).to.match(/^Protokolle prüfen/);
    expect(items).to.have.length(2);
    expect(await page.getByText('**Sofort**').count()).to.equal(0);
    expect(await page.locator('.brief__markdown [onerror]').count()).to.equal(0);
    await expectNoAxeViolations(page, 'the brief');
    await page.screenshot({ path: shot('brief-de'), fullPage: true });

    await context!.clearCookies();
    await login(page, server!.url, 'analyst@lagebild.test');
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}/abdeckung`);
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor();
    expect(await page.getByRole('row', { name: /Stadt Erfurt/ }).getByText('Behoben').count()).to.equal(1);
    expect(await page.getByRole('img', { name: 'Rückmeldungen im Zeitverlauf' }).count()).to.equal(1);
    // Publication and Erfurt's first answer: two points, each drawn as a dot on the step line.
    expect(await page.locator('.coverage__chart circle').count()).to.equal(2);
    // The CSV export is the same control here as on the overview: a secondary button.
    expect(await page.getByRole('link', { name: 'Als CSV exportieren' }).getAttribute('class')).to.equal('button button--secondary');
    // A work table: sorted by organization until a header says otherwise; sort and filters in the URL.
    expect(await page.getByRole('columnheader', { name: 'Organisation' }).getAttribute('aria-sort')).to.equal('ascending');
    await page.getByRole('columnheader', { name: 'Rückmeldung' }).getByRole('button').click();
    await page.waitForURL(/sort=status/);
    expect(await page.getByRole('columnheader', { name: 'Rückmeldung' }).getAttribute('aria-sort')).to.equal('ascending');
    expect(await page.getByRole('columnheader', { name: 'Rückmeldung' }).getByRole('button').getAttribute('title')).to.match(/ohne Sortierung/);
    const answerFilter = page.getByRole('search', { name: 'Organisationen filtern' }).getByLabel('Rückmeldung');
    await answerFilter.selectOption('open');
    await page.waitForURL(/status=open/);
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor({ state: 'detached' });
    await page.reload();
    await answerFilter.waitFor();
    expect(await answerFilter.inputValue()).to.equal('open');
    expect(new URL(page.url()).searchParams.get('sort')).to.equal('status');
    expect(await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).count()).to.equal(0);
    await answerFilter.selectOption('mitigated');
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor();
    // Back returns to the previous filter.
    await page.goBack();
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor({ state: 'detached' });
    expect(await answerFilter.inputValue()).to.equal('open');
    await page.goForward();
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor();
    await expectNoAxeViolations(page, 'the coverage page');

    // Across advisories: one row per advisory with affected organizations, linking to its coverage.
    await page.goto(`${server!.url}/abdeckung`);
    await page.getByRole('heading', { level: 1, name: 'Abdeckung aller Warnmeldungen' }).waitFor();
    const row = page.getByRole('row', { name: /Kritische Schwachstelle in NetScaler ADC/ }).first();
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).to.include.members(['Kritisch', '1']);
    expect(await page.getByRole('columnheader', { name: 'Veröffentlicht' }).getAttribute('aria-sort')).to.equal('descending');
    await page.getByRole('columnheader', { name: 'Behoben' }).getByRole('button').click();
    await page.waitForURL(/sort=mitigated/);
    expect(await page.getByRole('columnheader', { name: 'Behoben' }).getAttribute('aria-sort')).to.equal('descending');
    expect(await page.getByRole('columnheader', { name: 'Veröffentlicht' }).getAttribute('aria-sort')).to.equal('none');
    await page.getByLabel('Schweregrad').selectOption('niedrig');
    await page.waitForURL(/severity=niedrig/);
    await row.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByLabel('Schweregrad').waitFor();
    expect(await page.getByLabel('Schweregrad').inputValue()).to.equal('niedrig');
    expect(await row.count()).to.equal(0);
    await page.getByLabel('Schweregrad').selectOption('kritisch');
    await row.waitFor();
    expect(await page.getByRole('columnheader', { name: 'Behoben' }).getAttribute('aria-sort')).to.equal('descending');
    expect(await page.getByRole('link', { name: 'Als CSV exportieren' }).getAttribute('class')).to.equal('button button--secondary');
    await expectNoAxeViolations(page, 'the coverage overview');
    await page.screenshot({ path: shot('coverage-overview-de'), fullPage: true });
    await row.getByRole('link').click();
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor();
    // The organization's comment travels with its answer into the CERT's table (here the latest answer has none).
    expect(await page.getByRole('columnheader', { name: 'Kommentar' }).count()).to.equal(1);
    await page.screenshot({ path: shot('coverage-de'), fullPage: true });
    // One point in time (published, nobody has answered yet) is said in words, not drawn as an empty chart.
    // (A product nobody runs: the webhook test below counts Erfurt's matched advisories.)
    const quiet = await publishedAdvisory(
      await loginAs(server!.url, 'analyst@lagebild.test'),
      advisoryBody({ title: { de: 'Schwachstelle in Beispiel Leitstand', en: 'Vulnerability in Beispiel Leitstand' }, products: [{ vendor: 'Beispiel GmbH', product: 'Leitstand', versions: [{ from: '1.0', below: '2.0' }] }] }),
    );
    await page.goto(`${server!.url}/warnmeldungen/${quiet}/abdeckung`);
    await page.getByText('Keine Organisation ist betroffen.').waitFor();
    await page.getByText(/^Noch keine Rückmeldung seit der Veröffentlichung am .+\. Mit den Rückmeldungen erscheint hier ihr Verlauf\.$/).waitFor();
    expect(await page.getByRole('img', { name: 'Rückmeldungen im Zeitverlauf' }).count()).to.equal(0);
    await expectNoAxeViolations(page, 'the coverage page without answers');
    await page.screenshot({ path: shot('coverage-single-de'), fullPage: true });

    // The same pages in English.
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await page.goto(`${server!.url}/abdeckung`);
    await page.getByRole('heading', { level: 1, name: 'Coverage of all advisories' }).waitFor();
    await expectNoAxeViolations(page, 'the coverage overview in English');
    await page.screenshot({ path: shot('coverage-overview-en'), fullPage: true });
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}/abdeckung`);
    await page.getByRole('columnheader', { name: 'Comment' }).waitFor();
    await page.screenshot({ path: shot('coverage-en'), fullPage: true });
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
    await page.goto(`${server!.url}/benachrichtigungen`);
    await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
    await expectNoAxeViolations(page, 'the notification preferences');
  });

  it('lets an org admin add a webhook (secret once), refuses a private address, and sends a test delivery by keyboard', async function () {
    this.timeout(120_000);
    const receiver = await startWebhookReceiver();
    try {
      await context!.clearCookies();
      await login(page, server!.url, 'it@erfurt.lagebild.test');
      await page.goto(`${server!.url}/benachrichtigungen`);
      await page.getByRole('heading', { level: 2, name: 'Webhooks der Organisation' }).waitFor();
      await page.getByText('Noch keine Webhooks eingerichtet.').waitFor();
      await page.getByLabel('Empfänger-URL').fill('http://169.254.169.254/latest/meta-data/');
      await page.getByRole('button', { name: 'Webhook hinzufügen' }).click();
      // The refusal says why in the reader's language (the API's English names the reason, which the client words).
      await page.getByText('Die URL zeigt auf eine Loopback-, private, Link-Local- oder sonst nicht öffentliche Adresse.').waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('The URL points to a loopback, private, link-local or otherwise non-public address.').waitFor();
      await page.getByRole('button', { name: 'Deutsch' }).click();
      await page.getByText('Die URL zeigt auf eine Loopback-', { exact: false }).waitFor();
      await page.getByLabel('Empfänger-URL').fill(`${receiver.url}/lagebild`);
      await page.getByRole('checkbox', { name: 'Aktualisierte Warnmeldung' }).uncheck();
      await page.getByRole('button', { name: 'Webhook hinzufügen' }).click();
      await page.getByText('Webhook hinzugefügt.').waitFor();
      const secret = await page.getByTestId('webhook-secret').innerText();
      expect(secret).to.match(/^[A-Za-z0-9_-]{43}$/);
      const row = page.getByRole('row', { name: new RegExp(`${receiver.url}/lagebild`) });
      expect(await row.getByRole('checkbox', { name: 'Aktualisierte Warnmeldung' }).isChecked()).to.equal(false);
      expect(await row.innerText()).to.contain('noch keine');
      await page.getByRole('button', { name: `Test senden: ${receiver.url}/lagebild` }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Testzustellung angenommen (HTTP 200).').waitFor();
      await row.getByText(/erfolgreich \(HTTP 200\)/).waitFor();
      expect(receiver.requests.map((request) => JSON.parse(request.body) as { event: string }).map((body) => body.event)).to.deep.equal(['webhook.test']);
      expect(verifyWebhookSignature(secret, receiver.requests[0]!.body, receiver.requests[0]!.headers['x-lagebild-signature'] as string, new Date())).to.equal(true);
      // The advisory published earlier affects Erfurt: the consumer delivers it, the log shows it.
      await processNotificationBatch(server!.database.db, { mailer: createMailer(undefined, 'lagebild@test', createLogger('silent', false)), baseUrl: server!.url, settings: testConfig().settings });
      expect(receiver.requests.map((request) => (JSON.parse(request.body) as { event: string }).event)).to.deep.equal(['webhook.test', 'advisory.matched']);
      await page.reload();
      await row.getByText('Zustellprotokoll').click();
      await row.getByRole('cell', { name: 'advisory.matched' }).waitFor();
      expect(await row.getByRole('cell', { name: 'zugestellt' }).count()).to.equal(1);
      await expectNoAxeViolations(page, 'the webhook section');
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Webhooks der Organisation' }).waitFor();
      expect(await page.getByTestId('webhook-secret').count(), 'the secret is shown only once').to.equal(0);
    } finally {
      await receiver.close();
    }
  });
});
