/// <reference lib="dom" />
/**
 * Browser test of the advisory pages: the editor (create + publish), list, search, detail,
 * WCAG 2.1 AA (axe-core), and TLP:AMBER audience filtering as another organization sees it.
 *
 * Runs Debian's Chromium (/usr/bin/chromium) through playwright-core; without it the suite is
 * reported as pending, never as passed.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { advisoryBody, organizationIds, publishedAdvisory } from '../support/advisories.js';
import { startTestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const DEMO_PASSWORD = 'Lagebild-Test-2026!';
const ANALYST = 'analyst@lagebild.test';
const ERFURT = 'it@erfurt.lagebild.test';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const GREEN_TITLE = 'Schwachstelle im Zwiebelrouter Testgerät';
const AMBER_TITLE = 'Vertraulicher Hinweis für den Landkreis Gotha';

function formatViolations(violations: AxeResults['violations']): string {
  return violations
    .map((v) => `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replaceAll('\n', '\n      ')}`).join('\n')}`)
    .join('\n');
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.violations.length > 0) console.log(`axe violations on ${where}:\n${formatViolations(results.violations)}`);
  expect(results.violations.map((v) => v.id), `axe violations on ${where}`).to.deep.equal([]);
}

async function login(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
}

describe('browser: advisories (editor, list, search, detail, TLP audience)', function () {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let greenId = '';
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`browser suite pending: ${CHROMIUM} not installed`);
      this.skip();
    }
    this.timeout(240_000);
    server = await startTestServer({ demoPassword: DEMO_PASSWORD, serveClient: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', reducedMotion: 'reduce' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  after(async function () {
    this.timeout(60_000);
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('lets an analyst write and publish a TLP:GREEN advisory in the editor', async function () {
    await login(page, server!.url, ANALYST);
    await page.goto(`${server!.url}/warnmeldungen/neu`);
    await page.getByRole('heading', { level: 1, name: 'Neue Warnmeldung' }).waitFor();
    await expectNoAxeViolations(page, 'the advisory editor');

    // Publishing without the German texts shows the errors next to the fields.
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByText('Die Warnmeldung konnte nicht gespeichert werden.').waitFor();
    expect(await page.getByLabel('Titel (Deutsch)').getAttribute('aria-invalid')).to.equal('true');

    await page.getByLabel('Titel (Deutsch)').fill(GREEN_TITLE);
    await page.getByLabel('Titel (Englisch)').fill('Vulnerability in the onion router test device');
    await page.getByLabel('Zusammenfassung (Deutsch)').fill('Ein Angreifer kann das Testgerät über das Netz übernehmen.');
    await page.getByLabel('Text (Deutsch, Markdown)').fill('## Beschreibung\n\nDie **Zwiebelrouter**-Firmware prüft Eingaben nicht.');
    await page.getByLabel('Schweregrad').selectOption('hoch');
    await page.getByLabel('CVE-Kennungen').fill('CVE-2024-3400, cve-2023-4966');
    // The Markdown preview renders (sanitized) HTML.
    await page.locator('.editor__preview strong', { hasText: 'Zwiebelrouter' }).waitFor();
    // The TLP picker is a radio group; AMBER reveals the audience selection.
    await page.getByRole('radio', { name: /TLP:AMBER – / }).check();
    await page.getByLabel('Empfängerorganisationen').waitFor();
    await page.getByRole('radio', { name: /TLP:GREEN/ }).check();
    expect(await page.getByLabel('Empfängerorganisationen').count()).to.equal(0);
    await expectNoAxeViolations(page, 'the filled advisory editor');

    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Entwurf gespeichert.').waitFor();
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByRole('heading', { level: 1, name: GREEN_TITLE }).waitFor();
    greenId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(greenId).to.match(/^[0-9a-f-]{36}$/);
  });

  it('shows the advisory detail without accessibility violations', async function () {
    const main = page.getByRole('main');
    await main.getByText('TLP:GREEN').first().waitFor();
    await main.getByText('Schweregrad: Hoch').waitFor();
    await main.getByText('CVE-2024-3400').waitFor();
    await main.getByText('CVE-2023-4966').waitFor();
    await main.locator('.prose strong', { hasText: 'Zwiebelrouter' }).waitFor();
    await main.getByText(/^Version 1 vom /).waitFor();
    const stix = main.getByRole('link', { name: 'STIX exportieren' });
    expect(await stix.getAttribute('href')).to.equal(`/api/v1/advisories/${greenId}/stix`);
    await expectNoAxeViolations(page, 'the advisory detail');
  });

  it('lists and finds the advisory without accessibility violations', async function () {
    await page.getByRole('link', { name: 'Zurück zu den Warnmeldungen' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Warnmeldungen' }).waitFor();
    const main = page.getByRole('main');
    await main.getByRole('link', { name: GREEN_TITLE }).waitFor();
    await expectNoAxeViolations(page, 'the advisory list');

    // Filters: severity "Kritisch" hides it, "Hoch" shows it again.
    await page.getByLabel('Schweregrad').selectOption('kritisch');
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await main.getByText('Keine Warnmeldungen gefunden.').waitFor();
    await page.getByLabel('Schweregrad').selectOption('hoch');
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await main.getByRole('link', { name: GREEN_TITLE }).waitFor();

    await page.getByRole('searchbox', { name: 'Volltextsuche' }).fill('Zwiebelrouter');
    await page.getByRole('button', { name: 'Suchen', exact: true }).click();
    await main.getByRole('heading', { level: 2, name: /Suchergebnisse/ }).waitFor();
    await main.getByRole('link', { name: GREEN_TITLE }).waitFor();
    await main.locator('.advisory-item__snippet mark').first().waitFor();
    await expectNoAxeViolations(page, 'the advisory search results');
  });

  it('hides a TLP:AMBER advisory for Landkreis Gotha from Stadt Erfurt', async function () {
    const analyst = await loginAs(server!.url, ANALYST, DEMO_PASSWORD);
    const orgs = await organizationIds(analyst.agent);
    const gotha = orgs.get('Landkreis Gotha');
    expect(gotha).to.be.a('string');
    const amberId = await publishedAdvisory(
      analyst,
      advisoryBody({ title: { de: AMBER_TITLE }, tlp: 'AMBER', pap: undefined, audience: { organizations: [gotha], sharingGroups: [], users: [] } }),
    );

    const erfurtContext = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', reducedMotion: 'reduce' });
    erfurtContext.setDefaultTimeout(15_000);
    try {
      const erfurt = await erfurtContext.newPage();
      erfurt.on('pageerror', (error) => pageErrors.push(error.message));
      await login(erfurt, server!.url, ERFURT);
      await erfurt.getByRole('link', { name: 'Alle Warnmeldungen anzeigen' }).click();
      await erfurt.getByRole('heading', { level: 1, name: 'Warnmeldungen' }).waitFor();
      const main = erfurt.getByRole('main');
      await main.getByRole('link', { name: GREEN_TITLE }).waitFor();
      expect(await main.getByText(AMBER_TITLE).count()).to.equal(0);
      // Organization admins are not CERT staff: no editor link.
      expect(await main.getByRole('link', { name: 'Neue Warnmeldung' }).count()).to.equal(0);

      await erfurt.goto(`${server!.url}/warnmeldungen/${amberId}`);
      await erfurt.getByRole('heading', { level: 1, name: 'Warnmeldung nicht gefunden' }).waitFor();
      expect(await erfurt.getByText(AMBER_TITLE).count()).to.equal(0);
    } finally {
      await erfurtContext.close();
    }
  });

  it('raised no script errors and no CSP violations', function () {
    expect(pageErrors, 'page errors').to.deep.equal([]);
    expect(cspViolations, 'CSP violations').to.deep.equal([]);
  });
});
