/// <reference lib="dom" />
/**
 * Browser test of the client foundations (issue 18): the English UI names severities in English on
 * the advisory list, the inbox and the notification settings (inventory); in German the same
 * places read "Hoch"/"Kritisch"; with the system in dark mode the pages switch to the dark palette
 * and axe-core (WCAG 2.1 AA, colour contrast included) stays clean.
 * LAGEBILD_SCREENSHOTS=<dir> saves 1366×900 screenshots of each page in both languages and modes.
 * Pending when Debian's Chromium is missing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { bsiCsaf, fixtureAdapter, kevCatalog, kevEntry, startFeedFixtureServer, type FixtureServer } from '../support/feed-fixtures.js';
import { loginAs } from '../support/session.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';

const SHOTS = process.env.LAGEBILD_SCREENSHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

async function severityTexts(page: Page): Promise<string[]> {
  return page.locator('#main .severity').allTextContents();
}

describe('browser: enumerated values in both languages, dark mode', function () {
  let harness: BrowserHarness | undefined;
  let fixtures: FixtureServer | undefined;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });

  before(async function () {
    fixtures = await startFeedFixtureServer({ kev: kevCatalog([kevEntry(1)]), csaf: [bsiCsaf({ cves: ['CVE-2026-10002'] })] });
    harness = await startBrowserHarness(this, { feedHttp: http, feedAdapters: { 'cisa-kev': fixtureAdapter } });
    const admin = await loginAs(harness.server.url, 'cert-admin@lagebild.test');
    await publishedAdvisory(admin, advisoryBody());
    await publishedAdvisory(admin, advisoryBody({ severity: 'hoch', title: { de: 'Schwachstelle in Ivanti Connect Secure', en: 'Vulnerability in Ivanti Connect Secure' }, cves: ['CVE-2024-21887'], products: [{ vendor: 'Ivanti', product: 'Connect Secure', versions: [{ from: '9.0', below: '22.7R2.5' }] }] }));
    const source = await admin.agent
      .post('/api/v1/feeds')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ type: 'cisa-kev', name: 'Fixture KEV', url: fixtures.url, schedule: '0 3 * * *', allowPrivateNetwork: true, options: { withCsaf: true } });
    expect(source.status, JSON.stringify(source.body)).to.equal(201);
    const run = await admin.agent.post(`/api/v1/feeds/${source.body.id as string}/run`).set('X-CSRF-Token', admin.csrfToken).send();
    expect(run.status, JSON.stringify(run.body)).to.equal(200);
  });
  after(async () => {
    await harness?.close();
    await fixtures?.close();
    await http.close();
  });

  it('shows severities in German and in English on the advisory list, the inbox and the notification settings', async function () {
    this.timeout(180_000);
    const { page } = await harness!.newPage({ width: 1366, height: 900 });
    const url = harness!.server.url;
    await login(page, url, 'cert-admin@lagebild.test');

    await page.goto(`${url}/warnmeldungen`);
    await page.getByRole('heading', { level: 1, name: 'Warnmeldungen' }).waitFor();
    await page.locator('#main .severity').first().waitFor();
    expect((await severityTexts(page)).join(' ')).to.match(/Kritisch/).and.to.match(/Hoch/);
    await shot(page, 'advisories-de');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Advisories' }).waitFor();
    const english = (await severityTexts(page)).join(' ');
    expect(english).to.match(/Critical/).and.to.match(/High/);
    expect(english).to.not.match(/kritisch|hoch/i);
    await expectNoAxeViolations(page, 'advisory list (English)');
    await shot(page, 'advisories-en');

    await page.goto(`${url}/eingang`);
    // The inbox is a triage table (issue 18): the first row's details show each source's item.
    await page.locator('#main tbody tr').first().waitFor();
    await page.keyboard.press('j');
    await page.getByTestId('inbox-details').waitFor();
    const meta = (await page.locator('#main .feed-item__meta').allTextContents()).join(' ');
    expect(meta).to.match(/· High\b/);
    expect(meta).to.not.match(/\bhoch\b/i);
    await shot(page, 'inbox-en');

    await page.goto(`${url}/benachrichtigungen`);
    await page.locator('#prefs-severity option').first().waitFor({ state: 'attached' });
    const options = await page.locator('#prefs-severity option').allTextContents();
    expect(options).to.deep.equal(['Low', 'Medium', 'High', 'Critical']);
    await shot(page, 'notifications-en');

    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
    expect(await page.locator('#prefs-severity option').allTextContents()).to.deep.equal(['Niedrig', 'Mittel', 'Hoch', 'Kritisch']);
    await page.goto(`${url}/eingang`);
    // The inbox is a triage table (issue 18): the first row's details show each source's item.
    await page.locator('#main tbody tr').first().waitFor();
    await page.keyboard.press('j');
    await page.getByTestId('inbox-details').waitFor();
    expect((await page.locator('#main .feed-item__meta').allTextContents()).join(' ')).to.match(/· Hoch\b/);
    await shot(page, 'inbox-de');
  });

  it('follows a dark system setting with the dark palette and stays axe-clean', async function () {
    this.timeout(240_000);
    const { page } = await harness!.newPage({ width: 1366, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    const url = harness!.server.url;
    await login(page, url, 'cert-admin@lagebild.test');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).to.equal('rgb(15, 23, 34)');
    await expectNoAxeViolations(page, 'dashboard (dark)');
    await shot(page, 'dashboard-dark-de');

    const pages: [string, string][] = [
      ['/warnmeldungen', 'advisories'],
      ['/eingang', 'inbox'],
      ['/inventar', 'inventory'],
      ['/benachrichtigungen', 'notifications'],
      ['/vorfaelle', 'incidents'],
      ['/quellen', 'sources'],
    ];
    for (const [path, name] of pages) {
      await page.goto(`${url}${path}`);
      await page.locator('#main h1').waitFor();
      await page.waitForLoadState('networkidle');
      await expectNoAxeViolations(page, `${path} (dark)`);
      await shot(page, `${name}-dark-de`);
    }
    // An advisory with its TLP label and version ranges, in English.
    await page.goto(`${url}/warnmeldungen`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Critical vulnerability in NetScaler ADC' }).first().click();
    await page.getByText('from 13.1, below 13.1-49.15').waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations(page, 'advisory (dark, English)');
    await shot(page, 'advisory-dark-en');
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
