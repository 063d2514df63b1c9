/// <reference lib="dom" />
/**
 * Browser test of the work-list tables and the header search: the advisory list sorts by severity
 * through its column header (aria-sort), opens `/warnmeldungen?q=…&severity=…` with those filters
 * applied and set in the controls, keeps them on reload and back, saves a filter; the header search
 * shows grouped hits (combobox) and opens one by keyboard; axe-clean; screenshots in German and English.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { reportedIncident } from '../support/incidents.js';
import { loginAs } from '../support/session.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const WORD = 'Schleusentor';

describe('browser: tables with URL filters and the header search', function () {
  let harness: BrowserHarness | undefined;
  let page: Page;
  let url = '';
  let hochId = '';

  before(async function () {
    harness = await startBrowserHarness(this);
    url = harness.server.url;
    const analyst = await loginAs(url, 'analyst@lagebild.test');
    for (const severity of ['mittel', 'kritisch', 'niedrig']) await publishedAdvisory(analyst, advisoryBody({ title: { de: `${WORD}: Steuerung ${severity}` }, severity, tlp: 'GREEN' }));
    hochId = await publishedAdvisory(analyst, advisoryBody({ title: { de: `${WORD}: Fernwartung offen`, en: `${WORD}: remote maintenance exposed` }, severity: 'hoch', tlp: 'GREEN' }));
    await reportedIncident(await loginAs(url, 'it@erfurt.lagebild.test'), '2026-05-12T06:10:00Z', { title: `${WORD} am Wasserwerk ausgefallen`, sector: 'water', entityType: 'important' });
    ({ page } = await harness.newPage({ width: 1366, height: 900 }));
    await page.addInitScript(() => window.localStorage.setItem('lagebild.lang', window.localStorage.getItem('lagebild.lang') ?? 'de'));
    await login(page, url, 'analyst@lagebild.test');
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it('sorts the advisory list by severity through its column header, with aria-sort and the sort in the URL', async function () {
    await page.goto(`${url}/warnmeldungen?q=${WORD}`);
    const table = page.getByRole('table', { name: /Warnmeldungen; Spaltenköpfe/ });
    await table.getByRole('link', { name: `${WORD}: Fernwartung offen` }).waitFor();
    const header = table.getByRole('columnheader', { name: /Schweregrad/ });
    expect(await header.getAttribute('aria-sort')).to.equal('none');
    await header.getByRole('button').click();
    await page.waitForURL(/sort=severity/);
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]')?.textContent?.includes('Schweregrad'));
    const severities = async () => (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) => text.trim());
    await page.waitForFunction(() => document.querySelector('tbody tr td:nth-child(2)')?.textContent?.trim() === 'Kritisch');
    expect(await severities()).to.deep.equal(['Kritisch', 'Hoch', 'Mittel', 'Niedrig']);
    await header.getByRole('button').click();
    await page.waitForURL(/order=asc/);
    await page.waitForFunction(() => document.querySelector('tbody tr td:nth-child(2)')?.textContent?.trim() === 'Niedrig');
    expect(await header.getAttribute('aria-sort')).to.equal('ascending');
    expect(await severities()).to.deep.equal(['Niedrig', 'Mittel', 'Hoch', 'Kritisch']);
    await expectNoAxeViolations(page, 'the sorted advisory list');
  });

  it('opens /warnmeldungen?q=…&severity=… with those filters applied and set, keeps them on reload and back', async function () {
    await page.goto(`${url}/warnmeldungen?q=${WORD}&severity=hoch`);
    const table = page.getByRole('table', { name: /Warnmeldungen; Spaltenköpfe/ });
    await table.getByRole('link', { name: `${WORD}: Fernwartung offen` }).waitFor();
    const check = async () => {
      expect(await page.getByLabel('Schweregrad').inputValue()).to.equal('hoch');
      expect(await page.getByRole('searchbox', { name: 'Suchbegriff' }).inputValue()).to.equal(WORD);
      expect(await table.locator('tbody tr').count()).to.equal(1);
    };
    await check();
    await page.reload();
    await table.getByRole('link', { name: `${WORD}: Fernwartung offen` }).waitFor();
    await check();
    // A further filter, then back: the previous view returns with its controls.
    await page.getByLabel('Schweregrad').selectOption('kritisch');
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await table.getByRole('link', { name: `${WORD}: Steuerung kritisch` }).waitFor();
    await page.goBack();
    await table.getByRole('link', { name: `${WORD}: Fernwartung offen` }).waitFor();
    await check();

    // Saved filters: the current URL under a name, chosen again later.
    await page.getByLabel('Name des Filters').fill('Hoch, Schleusen');
    await page.getByRole('button', { name: 'Aktuelle Filter speichern' }).click();
    await page.getByLabel('Gespeicherte Filter').locator('option', { hasText: 'Hoch, Schleusen' }).waitFor({ state: 'attached' });
    await page.goto(`${url}/warnmeldungen`);
    await page.getByLabel('Gespeicherte Filter').selectOption({ label: 'Hoch, Schleusen' });
    await page.waitForURL(/severity=hoch/);
    await table.getByRole('link', { name: `${WORD}: Fernwartung offen` }).waitFor();
    await check();
    await expectNoAxeViolations(page, 'the filtered advisory list');
    await page.screenshot({ path: join(RESULTS_DIR, 'advisory-list-de.png'), fullPage: true });
  });

  it('finds an advisory and an incident from the header search, grouped, and opens a hit by keyboard', async function () {
    await page.goto(`${url}/`);
    const box = page.getByRole('combobox', { name: 'Alles durchsuchen' });
    await box.fill(WORD);
    const listbox = page.getByRole('listbox', { name: 'Alles durchsuchen' });
    await listbox.getByRole('group', { name: 'Warnmeldungen' }).waitFor();
    await listbox.getByRole('group', { name: 'Vorfälle' }).getByRole('option', { name: new RegExp(`${WORD} am Wasserwerk`) }).waitFor();
    expect(await box.getAttribute('aria-expanded')).to.equal('true');
    await expectNoAxeViolations(page, 'the header search with hits');
    await page.screenshot({ path: join(RESULTS_DIR, 'header-search-de.png') });
    // Down to the "Fernwartung" advisory, then Enter.
    const options = listbox.getByRole('option');
    const titles = await options.allTextContents();
    const target = titles.findIndex((title) => title.includes('Fernwartung offen'));
    expect(target).to.be.greaterThan(-1);
    for (let step = 0; step <= target; step++) await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).to.equal(await options.nth(target).getAttribute('id'));
    await box.press('Enter');
    await page.waitForURL(new RegExp(`/warnmeldungen/${hochId}$`));
  });

  it('shows the same pages in English (screenshots looked at)', async function () {
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await page.goto(`${url}/warnmeldungen?q=${WORD}&sort=severity`);
    const table = page.getByRole('table', { name: /Advisories; column headers/ });
    await table.getByRole('link', { name: `${WORD}: remote maintenance exposed` }).waitFor();
    expect((await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) => text.trim())).to.deep.equal(['Critical', 'High', 'Medium', 'Low']);
    await expectNoAxeViolations(page, 'the advisory list in English');
    await page.screenshot({ path: join(RESULTS_DIR, 'advisory-list-en.png'), fullPage: true });
    await page.goto(`${url}/eingang`);
    await page.getByRole('heading', { level: 1, name: 'Feed inbox' }).waitFor();
    await page.getByText('No open items.').waitFor();
    await expectNoAxeViolations(page, 'the empty inbox in English');
    await page.screenshot({ path: join(RESULTS_DIR, 'inbox-empty-en.png'), fullPage: true });
    const box = page.getByRole('combobox', { name: 'Search everything' });
    await box.fill(WORD);
    await page.getByRole('listbox', { name: 'Search everything' }).getByRole('group', { name: 'Incidents' }).waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'header-search-en.png') });
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
