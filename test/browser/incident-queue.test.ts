/// <reference lib="dom" />
/**
 * Browser test of the CERT incident queue as a work table: sorting by a column header (aria-sort,
 * the sort in the URL), a filter in the URL that opens applied and survives reload, an assignee
 * picked from the CERT directory in the triage card and shown in the queue's assignee column; the
 * reporter's own list in the same table; axe-clean; screenshots in German and English.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { reportedIncident } from '../support/incidents.js';
import { loginAs } from '../support/session.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const WORD = 'Pumpwerk';

describe('browser: the CERT incident queue as a sortable, filterable table with the assignee directory', function () {
  let harness: BrowserHarness | undefined;
  let page: Page;
  let url = '';
  const ids: Record<'niedrig' | 'kritisch' | 'mittel', string> = { niedrig: '', kritisch: '', mittel: '' };

  before(async function () {
    harness = await startBrowserHarness(this);
    url = harness.server.url;
    const soc = await loginAs(url, 'soc@swnt.lagebild.test');
    const erfurt = await loginAs(url, 'it@erfurt.lagebild.test');
    const analyst = await loginAs(url, 'analyst@lagebild.test');
    ids.niedrig = await reportedIncident(soc, '2026-05-12T08:00:00Z', { title: `${WORD}: Phishing an Leitstelle` });
    ids.kritisch = await reportedIncident(erfurt, '2026-05-11T08:00:00Z', { title: `${WORD}: Ransomware Steuerung`, sector: 'water', entityType: 'important' });
    ids.mittel = await reportedIncident(soc, '2026-05-13T08:00:00Z', { title: `${WORD}: DDoS Kundenportal` });
    for (const [severity, id] of Object.entries(ids)) {
      const rated = await analyst.agent.post(`/api/v1/incidents/${id}/triage`).set('x-csrf-token', analyst.csrfToken).send({ severity });
      expect(rated.status, JSON.stringify(rated.body)).to.equal(200);
    }
    ({ page } = await harness.newPage({ width: 1366, height: 900 }));
    await page.addInitScript(() => window.localStorage.setItem('lagebild.lang', window.localStorage.getItem('lagebild.lang') ?? 'de'));
    await login(page, url, 'analyst@lagebild.test');
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  const table = () => page.getByRole('table', { name: /Vorfälle, sortierbar|Incidents, sortable/ });
  const titles = async () => (await table().locator('tbody tr td:first-child').allTextContents()).map((text) => text.trim()).filter((text) => text.startsWith(WORD));

  it('sorts the queue by severity through its column header, with aria-sort and the sort in the URL', async function () {
    await page.goto(`${url}/vorfaelle?q=${WORD}`);
    await table().getByRole('link', { name: `${WORD}: Ransomware Steuerung` }).waitFor();
    await page.getByText('Sortiert nach Dringlichkeit').waitFor();
    await expectNoAxeViolations(page, 'the CERT queue');
    const header = table().getByRole('columnheader', { name: /Schweregrad/ });
    expect(await header.getAttribute('aria-sort')).to.equal('none');
    await header.getByRole('button').click();
    await page.waitForURL(/sort=severity/);
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]')?.textContent?.includes('Schweregrad'));
    await page.waitForFunction((word) => document.querySelector('tbody tr td:first-child')?.textContent?.includes(`${word}: Ransomware`), WORD);
    expect(await titles()).to.deep.equal([`${WORD}: Ransomware Steuerung`, `${WORD}: DDoS Kundenportal`, `${WORD}: Phishing an Leitstelle`]);
    await header.getByRole('button').click();
    await page.waitForURL(/order=asc/);
    await page.waitForFunction((word) => document.querySelector('tbody tr td:first-child')?.textContent?.includes(`${word}: Phishing`), WORD);
    expect(await header.getAttribute('aria-sort')).to.equal('ascending');
    expect(await titles()).to.deep.equal([`${WORD}: Phishing an Leitstelle`, `${WORD}: DDoS Kundenportal`, `${WORD}: Ransomware Steuerung`]);
    // Back to the queue's own order in one click.
    await page.getByRole('button', { name: 'Nach Dringlichkeit sortieren' }).click();
    await page.waitForURL((current) => !current.search.includes('sort='));
    await expectNoAxeViolations(page, 'the sorted CERT queue');
  });

  it('opens /vorfaelle?severity=kritisch&q=… with the filters applied and set in the controls, and keeps them on reload', async function () {
    await page.goto(`${url}/vorfaelle?q=${WORD}&severity=kritisch`);
    await table().getByRole('link', { name: `${WORD}: Ransomware Steuerung` }).waitFor();
    const check = async () => {
      expect(await page.getByLabel('Schweregrad').inputValue()).to.equal('kritisch');
      expect(await page.getByRole('searchbox', { name: 'Titel enthält' }).inputValue()).to.equal(WORD);
      expect(await titles()).to.deep.equal([`${WORD}: Ransomware Steuerung`]);
    };
    await check();
    await page.reload();
    await table().getByRole('link', { name: `${WORD}: Ransomware Steuerung` }).waitFor();
    await check();
    // A filter set in the controls becomes the URL; back returns to the previous one.
    await page.getByLabel('Schweregrad').selectOption('mittel');
    await page.getByRole('button', { name: 'Filtern', exact: true }).click();
    await table().getByRole('link', { name: `${WORD}: DDoS Kundenportal` }).waitFor();
    expect(page.url()).to.contain('severity=mittel');
    await page.goBack();
    await table().getByRole('link', { name: `${WORD}: Ransomware Steuerung` }).waitFor();
    await check();
  });

  it('assigns from the CERT directory in the triage card ("me" first), and the queue shows the assignee', async function () {
    await page.goto(`${url}/vorfaelle/${ids.kritisch}`);
    const triage = page.getByRole('region', { name: 'CERT-Bearbeitung' });
    const select = triage.getByLabel('Zuständig');
    await select.locator('option', { hasText: 'Katrin Hoffmann' }).waitFor({ state: 'attached' });
    const options = (await select.locator('option').allTextContents()).map((text) => text.trim());
    expect(options[0]).to.equal('Jonas Weber (ich)');
    expect(options).to.include('Katrin Hoffmann');
    // Only CERT staff: no constituent of the demo community is offered.
    expect(options).to.not.include('Michael Becker');
    await select.selectOption({ label: 'Katrin Hoffmann' });
    await triage.getByRole('button', { name: 'Änderungen speichern' }).click();
    await triage.getByText(/Gespeichert/).waitFor();
    await expectNoAxeViolations(page, 'the triage card with the directory');

    await page.goto(`${url}/vorfaelle?q=${WORD}`);
    const row = table().locator(`tr[data-row-id="${ids.kritisch}"]`);
    await row.getByText('Katrin Hoffmann').waitFor();
    const headers = (await table().locator('thead th').allTextContents()).map((text) => text.replace(/[▲▼↕]/g, '').trim());
    expect(headers).to.include.members(['Vorfall', 'Organisation', 'Sektor', 'Schweregrad', 'Status', 'Zuständig', 'Nächste Frist', 'Gemeldet am']);
    expect(await row.innerText()).to.contain('Wasser');
    // The early-warning deadline of a May 2026 report is long past: the stage is named and marked overdue.
    expect(await row.locator('.deadline-cell.overdue').innerText()).to.match(/Meldung|Erstmeldung/);
    await page.screenshot({ path: join(RESULTS_DIR, 'incident-queue-de.png'), fullPage: true });

    // The assignee filter offers the directory and narrows the queue to that person.
    await page.getByLabel('Zuständig').selectOption({ label: 'Katrin Hoffmann' });
    await page.getByRole('button', { name: 'Filtern', exact: true }).click();
    await page.waitForURL(/assignee=/);
    await page.waitForFunction((word) => Array.from(document.querySelectorAll('tbody tr td:first-child')).filter((cell) => cell.textContent?.startsWith(word)).length === 1, WORD);
    expect(await titles()).to.deep.equal([`${WORD}: Ransomware Steuerung`]);
  });

  it('shows the queue in English with localized values (screenshot looked at)', async function () {
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await page.goto(`${url}/vorfaelle?q=${WORD}`);
    await table().getByRole('link', { name: `${WORD}: Ransomware Steuerung` }).waitFor();
    const row = table().locator(`tr[data-row-id="${ids.kritisch}"]`);
    const text = await row.innerText();
    expect(text).to.match(/critical/i);
    expect(text).to.contain('new');
    expect(text).to.contain('Water');
    expect(text).to.not.contain('kritisch');
    await expectNoAxeViolations(page, 'the CERT queue in English');
    await page.screenshot({ path: join(RESULTS_DIR, 'incident-queue-en.png'), fullPage: true });
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
  });

  it("shows a reporter its own organization's incidents in the same table, sortable", async function () {
    const reporter = await harness!.newPage({ width: 1366, height: 900 });
    await login(reporter.page, url, 'soc@swnt.lagebild.test');
    await reporter.page.goto(`${url}/vorfaelle?q=${WORD}&sort=severity`);
    const own = reporter.page.getByRole('table', { name: /Vorfälle, sortierbar/ });
    await own.getByRole('link', { name: `${WORD}: DDoS Kundenportal` }).waitFor();
    const rows = (await own.locator('tbody tr td:first-child').allTextContents()).map((text) => text.trim()).filter((text) => text.startsWith(WORD));
    expect(rows).to.deep.equal([`${WORD}: DDoS Kundenportal`, `${WORD}: Phishing an Leitstelle`]);
    expect(await reporter.page.getByRole('button', { name: 'CERT-Warteschlange' }).count()).to.equal(0);
    expect(await reporter.page.getByLabel('Zuständig').count()).to.equal(0);
    await expectNoAxeViolations(reporter.page, "the reporter's own incidents");
    await reporter.page.screenshot({ path: join(RESULTS_DIR, 'incident-list-reporter-de.png'), fullPage: true });
    await reporter.context.close();
  });
});
