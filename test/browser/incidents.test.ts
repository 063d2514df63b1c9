/// <reference lib="dom" />
/**
 * Browser test of the incident pages: the report wizard (steps, draft, submit), the detail page
 * with Berlin-time deadlines, the thread, the CERT queue, and WCAG 2.1 AA (axe-core) on each.
 * Pending when Debian's Chromium is missing.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from '../support/server.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const DEMO_PASSWORD = 'Lagebild-Test-2026!';

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe violations on ${where}`).to.deep.equal([]);
}

async function login(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
}

describe('browser: incident wizard, detail, thread and CERT queue', function () {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`browser suite pending: ${CHROMIUM} not installed`);
      this.skip();
    }
    this.timeout(240_000);
    server = await startTestServer({ demoPassword: DEMO_PASSWORD, serveClient: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets soc@swnt report through the wizard and the analyst find it in the queue', async function () {
    this.timeout(180_000);
    // The reporter's device runs on UTC (as admin machines often do): what is typed is still German time.
    const context = await browser!.newContext({ locale: 'de-DE', timezoneId: 'UTC', reducedMotion: 'reduce' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await login(page, server!.url, 'soc@swnt.lagebild.test');
    await page.goto(`${server!.url}/vorfaelle/neu`);
    await page.getByRole('heading', { level: 1, name: 'Vorfall melden' }).waitFor();
    await expectNoAxeViolations(page, 'wizard step 1');
    // Without a short title the step does not move on: the field says what is missing and gets the focus.
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.locator('#incident-title-error').getByText(/^Bitte geben Sie einen Kurztitel an/).waitFor();
    expect(await page.getByLabel('Kurztitel').getAttribute('aria-invalid')).to.equal('true');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('incident-title');
    await page.getByRole('heading', { level: 2, name: /Schritt 1 von 5/ }).waitFor();
    await page.getByLabel('Kurztitel').fill('Browser: Phishing-Welle mit Schadcode');
    await page.getByLabel('Beschreibung').fill('Mehrere Postfächer erhielten Rechnungen mit Makros.');
    await page.getByLabel('Kenntniserlangung (deutsche Zeit)').fill('2026-03-28T12:00');
    // Awareness before detection: marked at the awareness field, in the reader's language after a switch too.
    await page.getByLabel('Entdeckt (deutsche Zeit)').fill('2026-03-28T13:00');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.locator('#incident-awarenessAt-error').getByText('Darf nicht vor der Entdeckung liegen.').waitFor();
    await expectNoAxeViolations(page, 'wizard step 1 with problems');
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#incident-awarenessAt-error').getByText('Must not be before the detection.').waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByLabel('Entdeckt (deutsche Zeit)').fill('2026-03-28T11:30');
    expect(await page.locator('#incident-awarenessAt-error').count(), 'corrected, the message goes').to.equal(0);
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Entwurf gespeichert.').waitFor();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByLabel('Verfügbarkeit').check();
    await expectNoAxeViolations(page, 'wizard step 2');
    await page.getByRole('button', { name: 'Weiter' }).click();
    // Prefilled from the SWNT profile: an energy operator, essential entity, KRITIS — never "–".
    expect(await page.getByLabel('Sektor').inputValue()).to.equal('energy');
    expect(await page.getByLabel('Einrichtungsart').inputValue()).to.equal('essential');
    expect(await page.getByLabel('Sektor').locator('option:checked').innerText()).to.equal('Energie');
    await page.getByLabel('Art des Vorfalls').selectOption('phishing');
    await page.getByRole('button', { name: 'Weiter' }).click();
    expect(await page.getByLabel('Ansprechperson').inputValue()).to.equal('Michael Becker');
    await page.getByRole('button', { name: 'Weiter' }).click();
    // The review step shows the server's deadlines before the immutable submission, and asks once more.
    await page.getByText('Ihre Fristen (ab Kenntniserlangung)').waitFor();
    await page.getByText(/Meldung \(72 h\): 31\.03\.2026, 13:00/).waitFor();
    await expectNoAxeViolations(page, 'wizard review');
    // Every answer on the review step leads back to where it is entered, the awareness time too.
    const answers = page.locator('dl.facts');
    expect(await answers.getByRole('button', { name: /^Ändern: / }).count(), 'an answer without "Ändern"').to.equal(await answers.locator('dt').count());
    await answers.getByText('28.03.2026, 11:30', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ändern: Kenntniserlangung (deutsche Zeit)' }).click();
    await page.getByRole('heading', { level: 2, name: /Schritt 1 von 5/ }).waitFor();
    // A change leads straight back to the check, not through the steps in between.
    expect(await page.getByRole('button', { name: 'Weiter' }).count()).to.equal(0);
    await page.getByRole('button', { name: 'Zurück zur Prüfung' }).click();
    await page.getByRole('heading', { level: 2, name: /Schritt 5 von 5/ }).waitFor();
    await page.getByText(/Meldung \(72 h\): 31\.03\.2026, 13:00/).waitFor();
    await page.getByRole('button', { name: 'Als frühe Erstmeldung an das CERT senden' }).click();
    await page.getByRole('dialog', { name: 'Frühe Erstmeldung jetzt an das CERT senden?' }).waitFor();
    await page.getByRole('button', { name: 'Verbindlich senden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Browser: Phishing-Welle mit Schadcode' }).waitFor();
    const deadlines = await page.getByRole('region', { name: 'Meldefristen' }).innerText();
    expect(deadlines).to.contain('Meldung (72 h)');
    expect(deadlines).to.contain('31.03.2026, 13:00');
    await page.getByLabel('Nachricht').fill('Makro-Dokumente liegen vor.');
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.getByText('Makro-Dokumente liegen vor.').waitFor();
    await expectNoAxeViolations(page, 'incident detail');
    // The BSI acknowledgement of the submitted early warning, recorded by keyboard.
    await page.getByText('Eingangsbestätigung des BSI: noch nicht erfasst').waitFor();
    await page.getByText('Eingangsbestätigung erfassen').focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Aktenzeichen des BSI').fill('BSI-MS-2026-0815');
    const soon = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(Date.now() + 120_000)).replace(' ', 'T');
    await page.getByLabel('Bestätigt am').fill(soon);
    await page.getByLabel('Vermerk (optional)').press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Eingangsbestätigung gespeichert.').waitFor();
    await page.getByText(/Aktenzeichen BSI-MS-2026-0815, bestätigt/).waitFor();
    await expectNoAxeViolations(page, 'incident detail with the BSI acknowledgement');
    await context.close();

    const certContext = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const certPage = await certContext.newPage();
    await login(certPage, server!.url, 'analyst@lagebild.test');
    await certPage.goto(`${server!.url}/vorfaelle`);
    await certPage.getByRole('link', { name: 'Browser: Phishing-Welle mit Schadcode' }).waitFor();
    await expectNoAxeViolations(certPage, 'CERT queue');
    // The CERT reads what was reported on the page itself.
    await certPage.getByRole('link', { name: 'Browser: Phishing-Welle mit Schadcode' }).click();
    const report = certPage.getByRole('region', { name: 'Gemeldeter Vorfall' });
    await report.getByText('Mehrere Postfächer erhielten Rechnungen mit Makros.').waitFor();
    expect(await report.innerText()).to.contain('Verfügbarkeit');
    // Changing only the severity leaves the state as it is; the state moves by explicit buttons only.
    const triage = certPage.getByRole('region', { name: 'CERT-Bearbeitung' });
    await triage.getByText('Aktueller Status: neu').waitFor();
    await triage.getByLabel('Schweregrad').selectOption('hoch');
    await triage.getByRole('button', { name: 'Änderungen speichern' }).click();
    await triage.getByText('Gespeichert. Der Status bleibt „neu“.').waitFor();
    await triage.getByText('Aktueller Status: neu').waitFor();
    await triage.getByRole('button', { name: 'Eingang bestätigen' }).click();
    await triage.getByText('Aktueller Status: bestätigt').waitFor();
    await expectNoAxeViolations(certPage, 'CERT workspace');
    await certContext.close();
  });
});
