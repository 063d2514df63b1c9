/// <reference lib="dom" />
/**
 * Browser test of the advisory pages: the editor (create + publish), list, search, detail,
 * WCAG 2.1 AA (axe-core), and TLP:AMBER audience filtering as another organization sees it.
 *
 * Runs Debian's Chromium (/usr/bin/chromium) through playwright-core; without it the suite is
 * reported as pending, never as passed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { advisoryBody, organizationIds, publishedAdvisory } from '../support/advisories.js';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import type { TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';

const ANALYST = 'analyst@lagebild.test';
const ERFURT = 'it@erfurt.lagebild.test';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

const GREEN_TITLE = 'Schwachstelle im Zwiebelrouter Testgerät';
const ENGLISH_TITLE = 'Onion router test device: remote code execution';
const AMBER_TITLE = 'Vertraulicher Hinweis für den Landkreis Gotha';

/** Waits until the draft `id` has the English title (the editor's save finished). */
async function expectTitle(list: () => Promise<{ id: string; title: { de: string; en?: string } }[]>, id: string, title: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const item = (await list()).find((entry) => entry.id === id);
    if (item?.title.en === title) {
      expect(item.title.de).to.equal('');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect.fail(`the draft ${id} never got the title ${title}`);
}

describe('browser: advisories (editor, list, search, detail, TLP audience)', function () {
  let harness: BrowserHarness | undefined;
  let server: TestServer | undefined;
  let page: Page;
  let greenId = '';

  before(async function () {
    harness = await startBrowserHarness(this);
    server = harness.server;
    ({ page } = await harness.newPage());
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
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
    // What only the server checks comes back in German too (zod's code and limits, worded by the client).
    await page.getByLabel('Titel (Deutsch)').fill('T'.repeat(301));
    await page.getByLabel('CVE-Kennungen').fill('CVE-2024-3400, CVE-123');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Höchstens 300 Zeichen (zu lang).').waitFor();
    await page.getByText(/^Keine CVE-Kennung – erwartet wird die Form CVE-2024-3400/).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('At most 300 characters (too long).').waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByLabel('Titel (Deutsch)').fill(GREEN_TITLE);
    await page.getByLabel('CVE-Kennungen').fill('CVE-2024-3400, cve-2023-4966');
    // The editor's own checks of a CVSS vector, a CPE and a version range say what is wrong in the reader's language, not the parsers' English.
    await page.getByRole('button', { name: 'CVSS-Vektor hinzufügen' }).click();
    await page.getByLabel('CVSS-Vektor 1', { exact: true }).fill('CVSS:3.1/AV:Q');
    await page.getByRole('button', { name: 'Produkt hinzufügen' }).click();
    await page.getByLabel('Hersteller', { exact: true }).fill('Zwiebel');
    await page.getByLabel('Produktname').fill('Router');
    await page.getByLabel('CPE (optional)').fill('cpe:2.3:a:zwiebel:router');
    // The CPE is checked as the user types.
    await page.getByText('Eine CPE 2.3 hat 11 Attribute nach „cpe:2.3:“, diese hat 3.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Versionsbereich zu Produkt 1 hinzufügen' }).click();
    await page.getByLabel('Ab Version (einschließlich)').fill('2.0');
    await page.getByLabel('Version der Obergrenze').fill('1.0');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    const cvssError = page.getByText('„Q“ ist kein Wert der Metrik AV (Attack Vector); möglich sind: N, A, L, P.');
    await cvssError.waitFor();
    await page.getByText('Dieser Bereich enthält keine Version: 2.0 liegt nicht unter 1.0.').waitFor();
    expect(await page.locator('.editor').innerText()).not.to.match(/Invalid value|Empty range|must have 11 attributes/);
    await cvssError.scrollIntoViewIfNeeded();
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'advisory-editor-parse-problems-de.png') });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('"Q" is not a value of the metric AV (Attack Vector); possible are: N, A, L, P.').waitFor();
    await page.getByText('This range contains no version: 2.0 is not below 1.0.').waitFor();
    await page.getByText('A CPE 2.3 has 11 attributes after "cpe:2.3:", this one has 3.', { exact: false }).waitFor();
    await page.getByText('"Q" is not a value', { exact: false }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS_DIR, 'advisory-editor-parse-problems-en.png') });
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await cvssError.waitFor();
    await page.getByRole('button', { name: 'CVSS-Vektor 1 entfernen' }).click();
    await page.getByRole('button', { name: 'Produkt 1 entfernen' }).click();
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
    // Publishing goes through the summary of label, audience and channels (issue 18).
    const confirm = page.getByRole('dialog', { name: 'Warnmeldung veröffentlichen?' });
    // The test server has no SMTP: the summary says mail is off instead of promising a count of mails.
    await confirm.getByText('E-Mail-Versand ist abgeschaltet (kein SMTP konfiguriert)').waitFor();
    expect(await confirm.getByText(/per E-Mail: \d/).count()).to.equal(0);
    await expectNoAxeViolations(page, 'the publish summary');
    await confirm.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
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

    // Words filter the same table (full-text index, German and English).
    await page.getByRole('searchbox', { name: 'Suchbegriff' }).fill('Zwiebelrouter');
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.waitForURL(/q=Zwiebelrouter/);
    await main.getByRole('link', { name: GREEN_TITLE }).waitFor();
    await expectNoAxeViolations(page, 'the advisory search results');
  });

  it('hides a TLP:AMBER advisory for Landkreis Gotha from Stadt Erfurt', async function () {
    const analyst = await loginAs(server!.url, ANALYST);
    const orgs = await organizationIds(analyst.agent);
    const gotha = orgs.get('Landkreis Gotha');
    expect(gotha).to.be.a('string');
    const amberId = await publishedAdvisory(
      analyst,
      advisoryBody({ title: { de: AMBER_TITLE }, tlp: 'AMBER', pap: undefined, audience: { organizations: [gotha], sharingGroups: [], users: [] } }),
    );

    const { context: erfurtContext, page: erfurt } = await harness!.newPage();
    try {
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

  it('saves a draft with English text only, marks the German fields as needed to publish, and refuses to publish it', async function () {
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server!.url}/warnmeldungen/neu`);
    await page.getByRole('heading', { level: 1, name: 'Neue Warnmeldung' }).waitFor();
    await page.getByLabel('Titel (Englisch)').fill(ENGLISH_TITLE);
    await page.getByLabel('Zusammenfassung (Englisch)').fill('An attacker can take over the test device over the network.');
    await page.getByLabel('Text (Englisch, Markdown)').fill('The **onion router** firmware does not check its input.');
    const notice = page.getByTestId('german-missing');
    await notice.getByText('Zum Veröffentlichen noch auf Deutsch zu schreiben: Titel, Zusammenfassung und Text.').waitFor();
    // Marked as needed to publish, not as an error.
    expect(await page.getByText('Noch nicht auf Deutsch geschrieben – zum Veröffentlichen nötig.').count()).to.equal(3);
    expect(await page.getByLabel('Titel (Deutsch)').getAttribute('aria-invalid')).to.equal(null);
    expect(await page.getByLabel('Titel (Deutsch)').getAttribute('aria-describedby')).to.match(/-pending$/);

    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Entwurf gespeichert.').waitFor();
    expect(await page.getByText('Die Warnmeldung konnte nicht gespeichert werden.').count()).to.equal(0);
    await notice.waitFor();
    await expectNoAxeViolations(page, 'the editor of an English-only draft');
    await page.screenshot({ path: join(RESULTS_DIR, 'advisory-editor-english-draft-de.png'), fullPage: true });

    // Saved again (a PATCH with German still empty): the English edit is stored.
    const analyst = await loginAs(server!.url, ANALYST);
    const drafts = async () => (await analyst.agent.get('/api/v1/advisories').query({ status: 'draft', limit: 500 })).body.items as { id: string; title: { de: string; en?: string } }[];
    const saved = (await drafts()).find((item) => item.title.en === ENGLISH_TITLE);
    expect(saved?.title.de).to.equal('');
    await page.getByLabel('Titel (Englisch)').fill(`${ENGLISH_TITLE} (updated)`);
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await expectTitle(() => drafts(), saved!.id, `${ENGLISH_TITLE} (updated)`);

    // Publishing stops at the summary with the clear reason; nothing is published.
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    const confirm = page.getByRole('dialog', { name: 'Warnmeldung veröffentlichen?' });
    await confirm.getByText('Die deutsche Fassung fehlt noch – schreiben Sie im Editor Titel, Zusammenfassung und Text').waitFor();
    expect(await confirm.getByRole('button', { name: 'Jetzt veröffentlichen' }).isDisabled()).to.equal(true);
    await page.screenshot({ path: join(RESULTS_DIR, 'advisory-publish-german-missing-de.png') });
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    expect((await analyst.agent.get(`/api/v1/advisories/${saved!.id}`)).body.status).to.equal('draft');

    // Reopened in English: the same marks, in English.
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    try {
      await page.goto(`${server!.url}/warnmeldungen/${saved!.id}/bearbeiten`);
      await page.getByTestId('german-missing').getByText('Still to be written in German before publishing: title, summary, and text.').waitFor();
      expect(await page.getByText('Not yet written in German – needed to publish.').count()).to.equal(3);
      expect(await page.getByText('(needed to publish)').count()).to.equal(3);
      await expectNoAxeViolations(page, 'the editor of an English-only draft (English)');
      await page.screenshot({ path: join(RESULTS_DIR, 'advisory-editor-english-draft-en.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(RESULTS_DIR, 'advisory-editor-english-draft-en-390.png'), fullPage: true });
      // Nothing runs past the card's edge at 390 px (no sideways scrolling).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
    }
  });

  it('raised no script errors and no CSP violations', function () {
    expectCleanPages(harness);
  });
});
