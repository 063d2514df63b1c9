/// <reference lib="dom" />
/**
 * Browser test of the main navigation and the signed-out start (walkthrough findings): at 1366 px the
 * navigation keeps to one row in German and English — the analyst sees every item, "Abdeckung"
 * included; the CERT administrator's longer list puts what does not fit into "Mehr", reachable and
 * closable by keyboard — and at 390 px every item stays visible, wrapping as before. The login page
 * loads without a single console error: being signed out is not an error (GET /api/v1/session).
 * Axe-clean; screenshots written to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** The top edge of every item of the main navigation's row, and their names. */
async function navRow(page: Page): Promise<{ names: string[]; tops: number[] }> {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll<HTMLElement>('.site-nav__list > li'));
    return {
      names: items.map((item) => (item.querySelector('a, button')?.textContent ?? '').trim()),
      tops: items.map((item) => Math.round(item.getBoundingClientRect().top)),
    };
  });
}

async function useLanguage(page: Page, lang: 'de' | 'en'): Promise<void> {
  await page.evaluate((value) => window.localStorage.setItem('lagebild.lang', value), lang);
  await page.reload();
  await page.locator('.site-nav__list').waitFor();
}

describe('browser: main navigation on one row, and a signed-out start without console errors', function () {
  let harness: BrowserHarness | undefined;
  let url = '';

  before(async function () {
    harness = await startBrowserHarness(this);
    url = harness.server.url;
    mkdirSync(RESULTS_DIR, { recursive: true });
  });
  after(async () => harness?.close());

  it('loads the login page with no console error at all (the session probe answers "not signed in" with 200)', async () => {
    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const { page } = await harness!.newPage(viewport);
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      const probe = page.waitForResponse((response) => response.url().endsWith('/api/v1/session') && response.request().method() === 'GET');
      await page.goto(`${url}/`);
      await page.getByRole('heading', { level: 1, name: 'Anmeldung' }).waitFor();
      expect((await probe).status()).to.equal(200);
      await page.waitForLoadState('networkidle');
      expect(errors, `console errors at ${viewport.width} px`).to.deep.equal([]);
    }
  });

  it("keeps the analyst's navigation on one row at 1366 px, with Abdeckung, in German and English", async () => {
    const { page } = await harness!.newPage({ width: 1366, height: 900 });
    await login(page, url, 'analyst@lagebild.test');
    for (const lang of ['de', 'en'] as const) {
      await useLanguage(page, lang);
      const { names, tops } = await navRow(page);
      expect(names, lang).to.include(lang === 'de' ? 'Abdeckung' : 'Coverage');
      expect(new Set(tops).size, `${lang}: one row (${names.join(', ')})`).to.equal(1);
      expect(await page.locator('.site-nav__more').count(), `${lang}: no "More" needed`).to.equal(0);
      await page.locator('.site-nav').screenshot({ path: join(RESULTS_DIR, `nav-analyst-${lang}-1366.png`) });
    }
    await useLanguage(page, 'de');
  });

  it('puts what does not fit for the CERT administrator into "Mehr", by keyboard, and marks the current page there', async () => {
    const { page } = await harness!.newPage({ width: 1366, height: 900 });
    await login(page, url, 'cert-admin@lagebild.test');
    for (const lang of ['de', 'en'] as const) {
      await useLanguage(page, lang);
      const { names, tops } = await navRow(page);
      expect(new Set(tops).size, `${lang}: one row (${names.join(', ')})`).to.equal(1);
      const more = page.getByRole('navigation', { name: lang === 'de' ? 'Hauptnavigation' : 'Main navigation' }).getByRole('button', { name: lang === 'de' ? 'Mehr' : 'More' });
      // Every item is reachable: on the row or behind "More" (which the keyboard opens and Escape closes).
      await more.focus();
      await page.keyboard.press('Enter');
      expect(await more.getAttribute('aria-expanded')).to.equal('true');
      const panel = page.locator('.site-nav__panel');
      const hidden = (await panel.getByRole('link').allTextContents()).map((text) => text.trim());
      expect([...names.slice(0, -1), ...hidden]).to.include.members(lang === 'de' ? ['Abdeckung', 'Verwaltung', 'Eingang', 'Quellen'] : ['Coverage', 'Administration', 'Feed inbox', 'Sources']);
      await expectNoAxeViolations(page, `the navigation with "More" open (${lang})`);
      await page.locator('.site-nav').screenshot({ path: join(RESULTS_DIR, `nav-cert-admin-${lang}-1366-open.png`) });
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.site-nav__panel') !== null), 'Tab enters the panel').to.equal(true);
      await page.keyboard.press('Escape');
      expect(await more.getAttribute('aria-expanded')).to.equal('false');
      expect(await more.evaluate((button) => button === document.activeElement), 'focus back on "More"').to.equal(true);
      // From the panel to a page: it closes, and "More" shows that the current page is inside it.
      await more.click();
      await panel.getByRole('link', { name: lang === 'de' ? 'Verwaltung' : 'Administration' }).click();
      await page.waitForURL(/\/verwaltung$/);
      expect(await more.getAttribute('aria-expanded')).to.equal('false');
      expect(await more.getAttribute('class')).to.contain('is-active');
      expect(await panel.getByRole('link', { name: lang === 'de' ? 'Verwaltung' : 'Administration', includeHidden: true }).getAttribute('aria-current')).to.equal('page');
      await page.goto(`${url}/`);
    }
    await useLanguage(page, 'de');
  });

  it('shows every item at 390 px, wrapping over several rows, with no "More"', async () => {
    const { page } = await harness!.newPage({ width: 390, height: 844 });
    await login(page, url, 'cert-admin@lagebild.test');
    for (const lang of ['de', 'en'] as const) {
      await useLanguage(page, lang);
      const { names, tops } = await navRow(page);
      expect(names).to.include.members(lang === 'de' ? ['Abdeckung', 'Verwaltung'] : ['Coverage', 'Administration']);
      expect(await page.locator('.site-nav__more').count()).to.equal(0);
      expect(new Set(tops).size, 'several rows').to.be.greaterThan(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling').to.equal(true);
      await expectNoAxeViolations(page, `the navigation at 390 px (${lang})`);
      await page.locator('.site-nav').screenshot({ path: join(RESULTS_DIR, `nav-cert-admin-${lang}-390.png`) });
    }
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
