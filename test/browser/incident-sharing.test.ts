/// <reference lib="dom" />
/**
 * Browser test of the share dialog (the must-show of issue 17): the CERT shares a reported
 * incident's indicators at TLP:GREEN; the dialog deselects 10.20.30.40, the reporter's e-mail
 * address and the EICAR hash; the preview shows only the C2 address; another organization's
 * Indikatoren page then lists only that. axe on the dialog and the page. Pending without Chromium.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { reportedIncident } from '../support/incidents.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const CHROMIUM = '/usr/bin/chromium';
const DEMO_PASSWORD = 'Lagebild-Test-2026!';
/** Where a screenshot goes (LAGEBILD_SCREENSHOTS=dir keeps them for looking at; else a temp dir). */
const shot = (name: string) => join(process.env.LAGEBILD_SCREENSHOTS ?? tmpdir(), `${name}.png`);
const EICAR = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';

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

describe('browser: sharing an incident that cannot leak, and the Indikatoren page', function () {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let incidentId = '';

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`browser suite pending: ${CHROMIUM} not installed`);
      this.skip();
    }
    this.timeout(240_000);
    server = await startTestServer({ demoPassword: DEMO_PASSWORD, serveClient: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const soc = await loginAs(server.url, 'soc@swnt.lagebild.test', DEMO_PASSWORD);
    incidentId = await reportedIncident(soc, '2026-05-12T08:00:00Z', { contact: { name: 'Michael Becker', email: 'soc@swnt.lagebild.test', phone: '+49 3631 0000' } });
    const added = await soc.agent.post(`/api/v1/incidents/${incidentId}/indicators`).set('x-csrf-token', soc.csrfToken).send({ tlp: 'GREEN', items: [{ type: 'ipv4', value: '10.20.30.40' }, { type: 'email', value: 'soc@swnt.lagebild.test' }, { type: 'sha256', value: EICAR }, { type: 'ipv4', value: '185.220.101.47' }] });
    expect(added.status).to.equal(201);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shares only the C2 address at GREEN from the dialog, and another organization sees only that', async function () {
    this.timeout(180_000);
    const context = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await login(page, server!.url, 'analyst@lagebild.test');
    await page.goto(`${server!.url}/vorfaelle/${incidentId}`);
    await page.getByRole('button', { name: 'Bereinigt teilen …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Indikatoren bereinigt teilen' });
    await dialog.getByText('Hash der EICAR-Testdatei', { exact: false }).waitFor();
    expect(await dialog.getByLabel('185.220.101.47', { exact: true }).isChecked()).to.equal(true);
    for (const value of ['10.20.30.40', 'soc@swnt.lagebild.test', EICAR]) expect(await dialog.getByLabel(value, { exact: true }).isChecked(), value).to.equal(false);
    await expectNoAxeViolations(page, 'share dialog');
    // Ticking a flagged item asks for a reason; without one the preview names the problem in German.
    await dialog.getByLabel('10.20.30.40', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await dialog.getByText('Einige gewählte Indikatoren sind markiert.', { exact: false }).waitFor();
    await dialog.getByLabel('10.20.30.40', { exact: true }).uncheck();
    await dialog.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    const preview = dialog.getByRole('region', { name: 'Das erhalten die Empfänger' });
    await preview.getByText('Indikatoren aus einem Vorfall bei einem Energieversorger').waitFor();
    const previewText = await preview.innerText();
    expect(previewText).to.contain('185.220.101.47');
    for (const secret of ['10.20.30.40', 'soc@swnt', 'Becker', 'Nordthüringen', EICAR]) expect(previewText, secret).to.not.contain(secret);
    await dialog.getByRole('button', { name: 'Jetzt teilen' }).click();
    await page.getByText('Geteilt: 1 Indikator als TLP:GREEN.').waitFor();
    await context.close();

    const jenaContext = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 900 } });
    jenaContext.setDefaultTimeout(15_000);
    const jena = await jenaContext.newPage();
    await login(jena, server!.url, 'it@jena.lagebild.test');
    await jena.getByRole('link', { name: 'Indikatoren' }).click();
    await jena.getByRole('heading', { level: 1, name: 'Indikatoren' }).waitFor();
    await jena.getByRole('cell', { name: '185.220.101.47', exact: true }).waitFor();
    const body = await jena.locator('main').innerText();
    for (const secret of ['10.20.30.40', 'soc@swnt', 'Becker', EICAR]) expect(body, secret).to.not.contain(secret);
    // Sorting is a header button with aria-sort, kept in the URL; newest first until then.
    expect(await jena.getByRole('columnheader', { name: 'Geteilt' }).getAttribute('aria-sort')).to.equal('descending');
    await jena.getByRole('columnheader', { name: 'Indikator' }).getByRole('button').click();
    await jena.waitForURL(/sort=value/);
    expect(await jena.getByRole('columnheader', { name: 'Indikator' }).getAttribute('aria-sort')).to.equal('ascending');
    expect(await jena.getByRole('columnheader', { name: 'Geteilt' }).getAttribute('aria-sort')).to.equal('none');
    // A filter is a URL parameter: a reload keeps it, in the control and in the list.
    const c2 = jena.getByRole('cell', { name: '185.220.101.47', exact: true });
    await jena.getByLabel('TLP', { exact: true }).selectOption('AMBER');
    await jena.waitForURL(/tlp=AMBER/);
    await c2.waitFor({ state: 'detached' });
    await jena.reload();
    await jena.getByText(/^\d+ Indikator(en)?$/).waitFor();
    expect(await jena.getByLabel('TLP', { exact: true }).inputValue()).to.equal('AMBER');
    expect(await c2.count()).to.equal(0);
    expect(new URL(jena.url()).searchParams.get('sort')).to.equal('value');
    await jena.getByLabel('TLP', { exact: true }).selectOption('GREEN');
    await c2.waitFor();
    await jena.screenshot({ path: shot('indicators-de'), fullPage: true });
    await jena.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await jena.reload();
    await jena.getByRole('columnheader', { name: 'Indicator' }).waitFor();
    await expectNoAxeViolations(jena, 'indicators page in English');
    await jena.screenshot({ path: shot('indicators-en'), fullPage: true });
    await jena.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
    await jena.reload();
    await jena.getByRole('columnheader', { name: 'Indikator' }).waitFor();
    await expectNoAxeViolations(jena, 'Indikatoren page');
    await jenaContext.close();
  });

  it('lets pasted indicators follow the package TLP, keeps a reporter label and the analyst\'s own choices', async function () {
    this.timeout(180_000);
    const soc = await loginAs(server!.url, 'soc@swnt.lagebild.test', DEMO_PASSWORD);
    const second = await reportedIncident(soc, '2026-05-13T08:00:00Z', { contact: { name: 'Michael Becker', email: 'soc@swnt.lagebild.test', phone: '+49 3631 0000' } });
    expect((await soc.agent.post(`/api/v1/incidents/${second}/indicators`).set('x-csrf-token', soc.csrfToken).send({ tlp: 'GREEN', items: [{ type: 'ipv4', value: '185.220.101.47' }] })).status).to.equal(201);
    const context = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await login(page, server!.url, 'analyst@lagebild.test');
    await page.goto(`${server!.url}/vorfaelle/${second}`);
    // Pasted without choosing a TLP: no label of their own.
    expect(await page.locator('#indicator-tlp').inputValue()).to.equal('');
    await page.getByLabel(/^Indikatoren einfügen/).fill('C2 45.155.205[.]233, intern 192.168.7.7');
    await page.getByRole('button', { name: 'Vorschau', exact: true }).click();
    await page.getByRole('button', { name: '2 Indikatoren hinzufügen' }).click();
    await page.getByText('45.155.205.233', { exact: true }).waitFor();
    await page.getByText('TLP wie die Freigabe').first().waitFor();

    await page.getByRole('button', { name: 'Bereinigt teilen …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Indikatoren bereinigt teilen' });
    const publicBox = dialog.getByLabel('45.155.205.233', { exact: true });
    const privateBox = dialog.getByLabel('192.168.7.7', { exact: true });
    const labelledBox = dialog.getByLabel('185.220.101.47', { exact: true });
    await dialog.getByText('Privater Adressbereich', { exact: false }).first().waitFor();
    expect(await publicBox.isChecked(), 'a public C2 address goes out at the package TLP').to.equal(true);
    expect(await privateBox.isChecked(), 'a private address is held back').to.equal(false);
    expect(await labelledBox.isChecked()).to.equal(true);
    await dialog.getByText('TLP:GREEN wie das Paket').first().waitFor();
    await dialog.getByText('TLP:GREEN – eigens eingestuft (bleibt)').waitFor();
    await page.screenshot({ path: shot('share-dialog-de') });

    // CLEAR: the unlabelled rows follow; the reporter's GREEN label is now stricter and deselects its row.
    await dialog.getByLabel('TLP des Pakets').selectOption('CLEAR');
    await dialog.getByText('Vom Melder als TLP:GREEN eingestuft', { exact: false }).waitFor();
    expect(await labelledBox.isChecked()).to.equal(false);
    expect(await publicBox.isChecked()).to.equal(true);
    await dialog.getByText('TLP:CLEAR wie das Paket').first().waitFor();
    // A row the analyst decided on keeps the decision when the package TLP changes again.
    await publicBox.uncheck();
    await dialog.getByLabel('TLP des Pakets').selectOption('GREEN');
    await dialog.getByText('TLP:GREEN – eigens eingestuft (bleibt)').waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('Vom Melder als TLP:GREEN'));
    expect(await labelledBox.isChecked()).to.equal(true);
    expect(await publicBox.isChecked()).to.equal(false);
    await expectNoAxeViolations(page, 'share dialog with unlabelled indicators');

    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await page.reload();
    await page.getByRole('button', { name: 'Sanitize and share …' }).click();
    const english = page.getByRole('dialog', { name: 'Share sanitized indicators' });
    await english.getByText('TLP:GREEN as the package').first().waitFor();
    await english.getByText('TLP:GREEN – labelled individually (kept)').waitFor();
    await page.screenshot({ path: shot('share-dialog-en') });
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
    await context.close();
  });
});
