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
    const dir = mkdtempSync(join(tmpdir(), 'inventory-csv-'));
    writeFileSync(join(dir, 'bad.csv'), 'vendor,product,version,criticality\nMicrosoft,Exchange Server,15.2.1118.40,hoch\nFortinet,FortiOS,7.2.4,sehr hoch\n');
    await page.getByLabel('CSV-Datei').setInputFiles(join(dir, 'bad.csv'));
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.getByText('line 3: criticality', { exact: false }).waitFor();
    expect(await page.getByRole('cell', { name: 'Exchange Server' }).count()).to.equal(0);
    await expectNoAxeViolations(page, 'the inventory page');
  });

  it('shows "Betrifft Sie", why, and takes the acknowledgement; the CERT sees it in the coverage', async function () {
    this.timeout(90_000);
    advisoryId = await publishedAdvisory(await loginAs(server!.url, 'analyst@lagebild.test'), advisoryBody());
    await page.goto(`${server!.url}/`);
    await page.getByRole('heading', { name: 'Betrifft Sie' }).waitFor();
    await page.getByText('betreibt Citrix NetScaler ADC 13.1-48.47', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, 'the dashboard with an affecting advisory');
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}`);
    await page.getByRole('heading', { name: 'Warum betroffen' }).waitFor();
    await page.getByRole('button', { name: 'Behoben' }).click();
    await page.getByText('Rückmeldung gespeichert.').waitFor();
    await expectNoAxeViolations(page, 'the advisory page with "Warum betroffen"');
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}/kurzfassung`);
    await page.getByRole('heading', { name: 'Was ist zu tun?' }).waitFor();
    await expectNoAxeViolations(page, 'the brief');

    await context!.clearCookies();
    await login(page, server!.url, 'analyst@lagebild.test');
    await page.goto(`${server!.url}/warnmeldungen/${advisoryId}/abdeckung`);
    await page.getByRole('rowheader', { name: 'Stadt Erfurt' }).waitFor();
    expect(await page.getByRole('row', { name: /Stadt Erfurt/ }).getByText('Behoben').count()).to.equal(1);
    expect(await page.getByRole('img', { name: 'Rückmeldungen im Zeitverlauf' }).count()).to.equal(1);
    await expectNoAxeViolations(page, 'the coverage page');
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
      await page.getByText(/non-public address/).waitFor();
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
      expect(receiver.requests.map((request) => (JSON.parse(request.body) as { event: string }).event)).to.deep.equal(['webhook.test', 'advisory.affects_you']);
      await page.reload();
      await row.getByText('Zustellprotokoll').click();
      await row.getByRole('cell', { name: 'advisory.affects_you' }).waitFor();
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
