/// <reference lib="dom" />
/**
 * Browser test of the web client shell: login, dashboard, language switch, keyboard use and
 * WCAG 2.1 AA (axe-core), against the real app (API + built client) on a fresh demo database.
 *
 * Runs Debian's Chromium (/usr/bin/chromium) through playwright-core; without it the suite is
 * reported as pending, never as passed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectCleanPages, expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import type { TestServer } from '../support/server.js';

const USER_EMAIL = 'it@erfurt.lagebild.test';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Describes the focused element, for assertions on keyboard focus (no DOM types needed here). */
async function focused(page: Page): Promise<{ tag: string; id: string; text: string; className: string }> {
  const element = page.locator(':focus');
  if ((await element.count()) === 0) return { tag: 'body', id: '', text: '', className: '' };
  const tag = (await page.locator('h1:focus').count()) > 0 ? 'h1' : 'other';
  return {
    tag,
    id: (await element.getAttribute('id')) ?? '',
    text: ((await element.textContent()) ?? '').trim(),
    className: (await element.getAttribute('class')) ?? '',
  };
}

function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

describe('browser: web client shell (login, dashboard, i18n, a11y)', function () {
  let harness: BrowserHarness | undefined;
  let server: TestServer | undefined;
  let page: Page;

  before(async function () {
    harness = await startBrowserHarness(this);
    server = harness.server;
    mkdirSync(RESULTS_DIR, { recursive: true });
    ({ page } = await harness.newPage({ width: 1280, height: 860 }));
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it('shows the German login page without accessibility violations', async function () {
    await page.goto(`${server!.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Anmeldung' }).waitFor();
    expect(await htmlLang(page)).to.equal('de');
    expect(await page.title()).to.equal('Anmeldung – Lagebild');
    expect(await page.getByText('CERT-Thüringen', { exact: true }).first().isVisible()).to.equal(true);
    await page.getByLabel('E-Mail-Adresse').waitFor();
    await expectNoAxeViolations(page, 'the login page');
    await page.screenshot({ path: join(RESULTS_DIR, 'login.png'), fullPage: true });
  });

  it('serves the client for deep links but leaves API paths to the API', async function () {
    const deepLink = await page.request.get(`${server!.url}/advisories/some-id`, { headers: { Accept: 'text/html' } });
    expect(deepLink.status()).to.equal(200);
    expect(deepLink.headers()['cache-control']).to.equal('no-cache');
    const html = await deepLink.text();
    expect(html).to.contain('<div id="root">');
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'hashed entry script in index.html').to.be.a('string');
    const asset = await page.request.get(`${server!.url}${script}`);
    expect(asset.status()).to.equal(200);
    expect(asset.headers()['cache-control']).to.equal('public, max-age=31536000, immutable');
    const missingAsset = await page.request.get(`${server!.url}/assets/missing-0000.js`, { headers: { Accept: 'text/html' } });
    expect(missingAsset.status()).to.equal(404);
    const api = await page.request.get(`${server!.url}/api/v1/me`, { headers: { Accept: 'text/html' } });
    expect(api.status()).to.equal(401);
    expect(api.headers()['content-type']).to.match(/problem\+json/);
  });

  it('reaches the skip link first and signs in with the keyboard only', async function () {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Anmeldung' }).waitFor();

    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip.text).to.equal('Zum Inhalt springen');
    expect(skip.className).to.contain('skip-link');
    expect(await page.locator('.skip-link').isVisible()).to.equal(true);

    await page.keyboard.press('Enter');
    expect((await focused(page)).id).to.equal('main');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).to.equal('login-email');
    await page.keyboard.type(USER_EMAIL);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).to.equal('login-password');

    // A wrong password: the error is announced (role=alert) and tied to the fields.
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'nicht korrekt' });
    await alert.waitFor();
    expect(await page.locator('#login-password').getAttribute('aria-describedby')).to.contain('login-form-error');
    expect((await focused(page)).id).to.equal('login-password');
    await expectNoAxeViolations(page, 'the login page with an error');

    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
    // After login, focus starts at the page heading.
    expect((await focused(page)).tag).to.equal('h1');
  });

  it('shows the empty dashboard for Stadt Erfurt without accessibility violations', async function () {
    const main = page.getByRole('main');
    await main.getByText('Guten Tag, ').waitFor();
    await main.getByText('Stadt Erfurt', { exact: true }).waitFor();
    // Erfurt has no open incident: the situation picture shows no empty incident panel (issue 15).
    for (const heading of ['Betrifft Sie', 'Neue Warnmeldungen']) {
      await main.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    await main.getByText('Keine offenen Warnmeldungen für Ihre Organisation.').waitFor();

    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    // it@erfurt is the org_admin of Stadt Erfurt, so the administration entry is there too.
    expect(await nav.getByRole('link').allTextContents()).to.deep.equal(['Lagebild', 'Warnmeldungen', 'Lageberichte', 'Vorfälle', 'Indikatoren', 'Inventar', 'Verwaltung']);
    expect(await nav.getByRole('link', { name: 'Lagebild' }).getAttribute('aria-current')).to.equal('page');
    expect(await page.title()).to.equal('Lagebild – CERT-Thüringen');
    await expectNoAxeViolations(page, 'the dashboard (German)');
  });

  it('switches to English and back, remembering the choice', async function () {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your situation picture' }).waitFor();
    expect(await htmlLang(page)).to.equal('en');
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 2, name: 'Affecting you' }).waitFor();
    await main.getByText('No open advisories for your organization.').waitFor();
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).to.equal('true');
    await expectNoAxeViolations(page, 'the dashboard (English)');

    // The language is stored locally, the session in the cookie: both survive a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your situation picture' }).waitFor();
    expect(await htmlLang(page)).to.equal('en');

    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
    expect(await htmlLang(page)).to.equal('de');
    await main.getByRole('heading', { level: 2, name: 'Betrifft Sie' }).waitFor();
  });

  it('saves a screenshot of the dashboard', async function () {
    await page.mouse.move(0, 0);
    if ((await page.locator(':focus').count()) > 0) await page.locator(':focus').blur();
    const path = join(RESULTS_DIR, 'dashboard.png');
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).to.equal(true);
  });

  it('signs out through the user menu', async function () {
    const menuButton = page.getByRole('button', { name: /Benutzermenü/ });
    await menuButton.click();
    expect(await menuButton.getAttribute('aria-expanded')).to.equal('true');
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmeldung' }).waitFor();
    await page.getByText('Sie wurden abgemeldet.').first().waitFor();
    const me = await page.request.get(`${server!.url}/api/v1/me`);
    expect(me.status()).to.equal(401);
  });

  it('raised no script errors and no CSP violations', function () {
    expectCleanPages(harness);
  });
});
