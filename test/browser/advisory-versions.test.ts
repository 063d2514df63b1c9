/// <reference lib="dom" />
/**
 * Browser test of an advisory's life after publication: preparing a revision in the editor (CVSS
 * with its live base score, products, 422 errors at their fields), publishing it as version 2,
 * the versions page with the diff of the changed fields, withdrawing through the confirmation
 * dialog, and a TLP:RED advisory addressed to one named person. axe-core on every page state.
 */
import { tmpdir } from 'node:os';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { advisoryBody, publishedAdvisory } from '../support/advisories.js';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { loginAs } from '../support/session.js';

const ANALYST = 'analyst@lagebild.test';
const OLD_TITLE = 'Schwachstelle im Versionsverlauf-Testgerät';
const NEW_TITLE = 'Aktiv ausgenutzte Schwachstelle im Versionsverlauf-Testgerät';
const RED_TITLE = 'Nur für den ISB des Landkreises Gotha';
const SHOTS = process.env.LAGEBILD_SCREENSHOTS;
/** Where a screenshot goes (LAGEBILD_SCREENSHOTS=dir to keep them for looking at; else discarded). */
const shot = (name: string) => `${SHOTS ?? tmpdir()}/${name}.png`;

describe('browser: advisory revisions, version diff, withdrawal and TLP:RED recipients', function () {
  let harness: BrowserHarness | undefined;
  let page: Page;
  let url = '';
  let advisoryId = '';

  before(async function () {
    harness = await startBrowserHarness(this);
    url = harness.server.url;
    ({ page } = await harness.newPage());
    const analyst = await loginAs(url, ANALYST);
    advisoryId = await publishedAdvisory(analyst, advisoryBody({ title: { de: OLD_TITLE }, severity: 'hoch', cvss: [] }));
    await login(page, url, ANALYST);
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it('prepares a revision in the editor with a live CVSS score and errors at their fields', async function () {
    await page.goto(`${url}/warnmeldungen/${advisoryId}`);
    await page.getByRole('heading', { level: 1, name: OLD_TITLE }).waitFor();
    await page.getByRole('link', { name: 'Revision vorbereiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Revision vorbereiten' }).waitFor();
    // The form starts from the published content, products and references included.
    expect(await page.getByLabel('Titel (Deutsch)').inputValue()).to.equal(OLD_TITLE);
    expect(await page.getByLabel('Hersteller').inputValue()).to.equal('Citrix');
    expect(await page.getByLabel('Referenz 1').inputValue()).to.equal('https://support.citrix.com/article/CTX579459');
    await expectNoAxeViolations(page, 'the revision editor');

    await page.getByLabel('Titel (Deutsch)').fill(NEW_TITLE);
    await page.getByLabel('Schweregrad').selectOption('kritisch');
    await page.getByRole('button', { name: 'CVSS-Vektor hinzufügen' }).click();
    await page.getByLabel('CVSS-Vektor 1').fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    await page.getByText('Basiswert 9.8 (kritisch), CVSS 3.1').waitFor();
    // A broken CPE is flagged while typing, by the same parser the server uses.
    await page.getByLabel('CPE (optional)').fill('cpe:2.3:a:citrix');
    expect(await page.getByLabel('CPE (optional)').getAttribute('aria-invalid')).to.equal('true');
    await page.getByLabel('CPE (optional)').fill('cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.1:*:*:*:*:*:*:*');
    expect(await page.getByLabel('CPE (optional)').getAttribute('aria-invalid')).to.equal(null);
    await page.getByRole('button', { name: 'Versionsbereich zu Produkt 1 hinzufügen' }).click();
    const range = page.getByRole('group', { name: 'Versionsbereich 2' });
    await range.getByLabel('Art').selectOption('exact');
    await range.getByLabel('Version', { exact: true }).fill('14.1-4.42');

    // A CVE id the server rejects: the 422 error lands at the CVE field (path cves.N).
    await page.getByLabel('CVE-Kennungen').fill('CVE-2023-4966, CVE-12');
    await page.getByRole('button', { name: 'Revision speichern' }).click();
    await page.getByText('Die Warnmeldung konnte nicht gespeichert werden.').waitFor();
    expect(await page.getByLabel('CVE-Kennungen').getAttribute('aria-invalid')).to.equal('true');
    await expectNoAxeViolations(page, 'the revision editor with errors');

    await page.getByLabel('CVE-Kennungen').fill('CVE-2023-4966');
    await page.getByRole('button', { name: 'Revision speichern' }).click();
    await page.getByText('Revision gespeichert.').waitFor();
  });

  it('keeps version 1 in force until the revision is published as version 2', async function () {
    const reader = await loginAs(url, 'it@erfurt.lagebild.test');
    const before = await reader.agent.get(`/api/v1/advisories/${advisoryId}`);
    expect(before.body.title.de).to.equal(OLD_TITLE);
    expect(before.body.pendingRevision).to.equal(null);

    const opener = page.getByRole('button', { name: 'Revision veröffentlichen' });
    await opener.click();
    // "Check your answers": TLP and its meaning, audience, reach and channels, then the change note.
    const dialog = page.getByRole('dialog', { name: 'Revision veröffentlichen?' });
    await dialog.waitFor();
    await dialog.getByText('TLP:GREEN – für alle Organisationen im CERT-Verbund, nicht öffentlich.').waitFor();
    await dialog.getByText('Alle angemeldeten Mitglieder des CERT-Verbunds.').waitFor();
    await dialog.getByText(/^\d+ Personen in \d+ Organisationen/).waitFor();
    await dialog.getByText(/^in Lagebild: \d+$/).waitFor();
    await expectNoAxeViolations(page, 'the publish-revision dialog');
    await page.screenshot({ path: shot('publish-dialog-de') });
    // Escape cancels and gives the focus back; nothing was published.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Revision veröffentlichen');
    expect((await reader.agent.get(`/api/v1/advisories/${advisoryId}`)).body.version).to.equal(1);

    await opener.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Revision jetzt veröffentlichen' }).click();
    // Without a change note the dialog says what is missing, at the field.
    await dialog.getByText('Bitte beschreiben Sie die Änderung').waitFor();
    expect(await dialog.getByLabel('Was hat sich geändert und warum? (Deutsch)').getAttribute('aria-invalid')).to.equal('true');
    await dialog.getByLabel('Was hat sich geändert und warum? (Deutsch)').fill('Aktive Ausnutzung bestätigt, Schweregrad auf kritisch angehoben.');
    await dialog.getByRole('button', { name: 'Revision jetzt veröffentlichen' }).click();
    await page.getByRole('heading', { level: 1, name: NEW_TITLE }).waitFor();
    const main = page.getByRole('main');
    await main.getByText(/^Version 2 vom /).waitFor();
    await main.getByText('Schweregrad: Kritisch').waitFor();
    const after = await reader.agent.get(`/api/v1/advisories/${advisoryId}`);
    expect(after.body).to.include({ version: 2, status: 'revised' });
    expect(after.body.cvss[0].baseScore).to.equal(9.8);
    expect(after.body.products[0].versions).to.deep.equal([{ from: '13.1', below: '13.1-49.15' }, { exact: '14.1-4.42' }]);
  });

  it('shows the versions and the changed fields side by side, usable by keyboard', async function () {
    await page.getByRole('link', { name: 'Versionen vergleichen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Versionen und Änderungen' }).waitFor();
    const table = page.getByRole('table', { name: /Geänderte Felder von Version 1 zu Version 2/ });
    await table.waitFor();
    const titleRow = table.getByRole('row', { name: /Titel \(Deutsch\)/ });
    // Word by word: only the added words are marked, the unchanged rest of the title is plain text.
    expect(await titleRow.locator('del').count()).to.equal(0);
    expect(await titleRow.locator('.diff__before').textContent()).to.equal(OLD_TITLE);
    expect(await titleRow.locator('ins').allTextContents()).to.deep.equal(['neu: Aktiv ausgenutzte ']);
    expect(await titleRow.locator('.diff__after').textContent()).to.equal(`neu: ${NEW_TITLE}`);
    expect(await titleRow.getByRole('cell', { name: 'geändert' }).count()).to.equal(1);
    // The change note is listed with its version.
    await page.getByRole('table').first().getByRole('row', { name: /Aktive Ausnutzung bestätigt/ }).waitFor();
    const severityRow = table.getByRole('row', { name: /Schweregrad/ });
    expect(await severityRow.locator('del').textContent()).to.contain('hoch');
    expect(await severityRow.locator('ins').textContent()).to.contain('kritisch');
    await table.getByRole('row', { name: /CVSS-Vektoren/ }).locator('ins', { hasText: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }).waitFor();
    await expectNoAxeViolations(page, 'the versions and diff page');
    await page.screenshot({ path: shot('versions-diff-de'), fullPage: true });

    // Comparing a version with itself, by keyboard: select, Tab to the button, Enter.
    await page.getByLabel('Ältere Version').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Vergleichen');
    await page.keyboard.press('Enter');
    await page.getByText('Version 2 und Version 2 unterscheiden sich nicht.').waitFor();
    expect(new URL(page.url()).search).to.equal('?von=2&bis=2');
  });

  it('withdraws after confirming in an accessible dialog', async function () {
    await page.getByRole('link', { name: 'Zurück zur Warnmeldung' }).click();
    await page.getByRole('heading', { level: 1, name: NEW_TITLE }).waitFor();
    const withdraw = page.getByRole('button', { name: 'Zurückziehen', exact: true });
    await withdraw.click();
    const dialog = page.getByRole('dialog', { name: 'Warnmeldung zurückziehen?' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'the withdraw dialog');
    // Escape cancels and gives the focus back to the button that opened the dialog.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await withdraw.evaluate((element) => element === document.activeElement)).to.equal(true);

    await withdraw.click();
    await dialog.getByLabel('Begründung').fill('Der Hersteller hat die Meldung zurückgenommen.');
    await dialog.getByRole('button', { name: 'Endgültig zurückziehen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Die Warnmeldung wurde zurückgezogen.').waitFor();
    await page.getByText(/^Diese Warnmeldung wurde am .* zurückgezogen\.$/).waitFor();
    expect(await page.getByRole('button', { name: 'Zurückziehen', exact: true }).count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Revision vorbereiten' }).count()).to.equal(0);
    const analyst = await loginAs(url, ANALYST);
    expect((await analyst.agent.get(`/api/v1/advisories/${advisoryId}`)).body.status).to.equal('withdrawn');
  });

  it('addresses a TLP:RED advisory to one named person picked in the editor', async function () {
    await page.goto(`${url}/warnmeldungen/neu`);
    await page.getByRole('heading', { level: 1, name: 'Neue Warnmeldung' }).waitFor();
    await page.getByLabel('Titel (Deutsch)').fill(RED_TITLE);
    await page.getByLabel('Zusammenfassung (Deutsch)').fill('Ein gezielter Angriff auf die Kreisverwaltung wird vorbereitet.');
    await page.getByLabel('Text (Deutsch, Markdown)').fill('Details nur für den ISB.');
    await page.getByRole('radio', { name: /TLP:RED – / }).check();
    await page.getByLabel('Person suchen (Name oder E-Mail-Adresse)').fill('lk-gotha');
    await page.getByRole('button', { name: 'Personen suchen' }).click();
    await page.getByRole('button', { name: 'Andreas Schubert (Landkreis Gotha) hinzufügen' }).click();
    await page.getByText('Ausgewählt: 1').waitFor();
    await page.getByRole('radio', { name: /PAP:AMBER/ }).check();
    await expectNoAxeViolations(page, 'the editor with TLP:RED recipients');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    // From the editor too, publishing goes through the summary: RED reaches the named person and the author.
    const confirm = page.getByRole('dialog', { name: 'Warnmeldung veröffentlichen?' });
    await confirm.getByText('Namentlich: Andreas Schubert').waitFor();
    await confirm.getByText(/^2 Personen in 2 Organisationen/).waitFor();
    await expectNoAxeViolations(page, 'the publish dialog for TLP:RED');
    await page.screenshot({ path: shot('publish-dialog-red-de') });
    await confirm.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await page.getByRole('heading', { level: 1, name: RED_TITLE }).waitFor();
    const redId = new URL(page.url()).pathname.split('/').pop() ?? '';

    const isb = await loginAs(url, 'isb@lk-gotha.lagebild.test');
    const seen = await isb.agent.get(`/api/v1/advisories/${redId}`);
    expect(seen.status).to.equal(200);
    expect(seen.body).to.include({ tlp: 'RED', pap: 'PAP:AMBER' });
    expect(seen.body.abilities).to.deep.equal({ edit: false, publish: false, export: true });
    const colleague = await loginAs(url, 'it@waltershausen.lagebild.test');
    expect((await colleague.agent.get(`/api/v1/advisories/${redId}`)).status).to.equal(404);
  });

  it('shows organization staff no editing actions', async function () {
    const { context, page: isbPage } = await harness!.newPage();
    try {
      await login(isbPage, url, 'isb@lk-gotha.lagebild.test');
      await isbPage.goto(`${url}/warnmeldungen/${advisoryId}`);
      await isbPage.getByRole('heading', { level: 1, name: NEW_TITLE }).waitFor();
      expect(await isbPage.getByRole('heading', { name: 'Bearbeitung' }).count()).to.equal(0);
      await isbPage.goto(`${url}/warnmeldungen/${advisoryId}/bearbeiten`);
      await isbPage.getByRole('heading', { level: 1 }).waitFor();
      expect(await isbPage.getByLabel('Titel (Deutsch)').count()).to.equal(0);
    } finally {
      await context.close();
    }
  });

  it('raised no script errors and no CSP violations', function () {
    expectCleanPages(harness);
  });
});
