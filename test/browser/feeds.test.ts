/// <reference lib="dom" />
/**
 * Browser test of the feed pages: a CERT admin adds a source pointing at a 127.0.0.1 fixture server
 * on "Quellen", runs it now, finds the CVE-correlated card on "Eingang" (BSI text beside the KEV
 * entry) and promotes it into the draft editor; axe-core (WCAG 2.1 AA) on both pages.
 * Pending when Debian's Chromium is missing.
 */
import { expect } from 'chai';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { bsiCsaf, fixtureAdapter, kevCatalog, kevEntry, startFeedFixtureServer, type FixtureServer } from '../support/feed-fixtures.js';
import { platformFeedHttp } from '../../server/feeds/http-factory.js';
import { assets } from '../../server/inventory/inventory.table.js';
import { organizations } from '../../server/organizations/organizations.table.js';
import { cpeKeyOf, matchKeyOf } from '../../server/matching/normalize.js';
import { eq } from 'drizzle-orm';
import { loginAs } from '../support/session.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a screenshot goes (LAGEBILD_SCREENSHOTS=dir keeps them for looking at; else a temp dir). */
const shot = (name: string) => join(process.env.LAGEBILD_SCREENSHOTS ?? tmpdir(), `${name}.png`);

describe('browser: feed sources and inbox', function () {
  let harness: BrowserHarness | undefined;
  let fixtures: FixtureServer | undefined;
  const http = platformFeedHttp({ proxy: { httpsProxy: undefined, noProxy: undefined } }, { backoffBaseMs: 20 });

  before(async function () {
    fixtures = await startFeedFixtureServer({ kev: kevCatalog([kevEntry(1), kevEntry(2), kevEntry(3)]), csaf: [bsiCsaf({ cves: ['CVE-2026-10002'] })] });
    harness = await startBrowserHarness(this, { feedHttp: http, feedAdapters: { 'cisa-kev': fixtureAdapter } });
    // Stadt Erfurt runs NetScaler ADC (version not recorded): the card must say so.
    const { db } = harness.server.database;
    const [erfurt] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Erfurt'));
    await db.insert(assets).values({ organizationId: erfurt!.id, vendor: 'Citrix', product: 'NetScaler ADC', matchKey: matchKeyOf('Citrix', 'NetScaler ADC'), cpeKey: cpeKeyOf(null) ?? null });
  });
  after(async () => {
    await harness?.close();
    await fixtures?.close();
    await http.close();
  });

  it('adds and runs a source, then promotes a correlated card to a draft', async function () {
    this.timeout(180_000);
    const { page } = await harness!.newPage();
    await login(page, harness!.server.url, 'cert-admin@lagebild.test');
    await page.getByRole('navigation').getByRole('link', { name: 'Quellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quellen' }).waitFor();
    await page.getByTestId('feed-sources').waitFor();
    await expectNoAxeViolations(page, 'Quellen');

    await page.getByRole('button', { name: 'Quelle hinzufügen' }).click();
    await page.getByLabel('Name').fill('Fixture KEV');
    await page.getByLabel('Typ').selectOption('cisa-kev');
    await page.getByLabel('URL').fill(fixtures!.url);
    await page.getByLabel('Private Netzadressen erlauben (nur interne Spiegel)').check();
    // The server refuses a schedule that is no cron expression; its English problem is worded by its key, and follows a language switch.
    await page.getByLabel('Zeitplan (Cron: Minute Stunde Tag Monat Wochentag)').fill('täglich um 3');
    await page.getByRole('button', { name: 'Speichern' }).click();
    const formAlert = page.locator('.feeds-form [role="alert"]');
    await formAlert.getByText('Bitte prüfen Sie Ihre Eingaben. Zeitplan (Cron: Minute Stunde Tag Monat Wochentag): Kein gültiger Zeitplan', { exact: false }).waitFor();
    expect(await formAlert.innerText()).not.to.contain('Expected');
    await page.screenshot({ path: shot('sources-problem-de') });
    await page.getByRole('button', { name: 'English' }).click();
    await formAlert.getByText('Please check your input. Schedule (cron: minute hour day month weekday): Not a valid schedule', { exact: false }).waitFor();
    expect(await formAlert.innerText()).not.to.contain('Zeitplan');
    await page.screenshot({ path: shot('sources-problem-en') });
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await formAlert.getByText('Kein gültiger Zeitplan', { exact: false }).waitFor();
    await page.getByLabel('Zeitplan (Cron: Minute Stunde Tag Monat Wochentag)').fill('0 3 * * *');
    await expectNoAxeViolations(page, 'Quellen: form');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.locator('#main').getByText('Quelle gespeichert.').waitFor();

    await page.getByRole('button', { name: 'Jetzt ausführen: Fixture KEV' }).click();
    await page.locator('#main').getByText(/Fixture KEV: erfolgreich — 7 neu/).waitFor();
    // The table reloads after the status message; wait for the row rather than read it once.
    const row = page.getByRole('row', { name: /Fixture KEV/ });
    await row.getByText('erfolgreich').waitFor();
    expect(await row.textContent()).to.not.contain('noch nie');

    await page.getByRole('navigation').getByRole('link', { name: 'Eingang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    const table = page.getByRole('table', { name: /Eingang als Triage-Tabelle/ });
    await table.waitFor();
    await expectNoAxeViolations(page, 'Eingang');
    const citrixRow = table.getByRole('row').filter({ hasText: 'CVE-2026-10002' });
    await citrixRow.getByText('KEV', { exact: true }).waitFor();
    // A card's heading is its first CVE (and "+n" for more), never a list of ids.
    expect((await table.locator('tbody tr td:nth-child(2)').allTextContents()).every((text) => /^(CVE-\d{4}-\d+( \+\d+)?|ohne CVE)$/.test(text.trim()))).to.equal(true);

    // Keyboard triage: j/k move the active row, x selects it, ? shows the keys.
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).click();
    await page.keyboard.press('j');
    const activeRow = table.locator('tbody tr[aria-current="true"]');
    await activeRow.waitFor();
    const first = await activeRow.getAttribute('data-row-id');
    await page.keyboard.press('j');
    const count = await table.locator('tbody tr').count();
    if (count > 1) expect(await activeRow.getAttribute('data-row-id')).not.to.equal(first);
    await page.keyboard.press('k');
    expect(await activeRow.getAttribute('data-row-id')).to.equal(first);
    await page.keyboard.press('x');
    await page.getByText('1 Zeile ausgewählt', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Ausgewählte verwerfen' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ausgewählte Meldungen verwerfen?' });
    await confirm.getByText(/1 Zeile wird verworfen/).waitFor();
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    await page.keyboard.press('x');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Tastenkürzel im Eingang' });
    await help.waitFor();
    await expectNoAxeViolations(page, 'the inbox key help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // The details of the active row: who in Thuringia runs the product.
    await citrixRow.getByRole('button', { name: 'CVE-2026-10002' }).click();
    const details = page.getByTestId('inbox-details');
    await details.getByText('Citrix NetScaler ADC: Mehrere Schwachstellen ermöglichen Codeausführung').first().waitFor();
    const affected = details.getByTestId('feed-card-affected');
    await affected.getByRole('heading', { level: 3, name: 'Betrifft in Thüringen (1)' }).waitFor();
    expect(await affected.getByRole('listitem').textContent()).to.match(/^Stadt Erfurt: betreibt Citrix NetScaler ADC/);
    // The KEV due date (2026-11-22 in the catalogue) in the UI's date format, not as ISO.
    await details.getByText('Aktiv ausgenutzt (KEV), Frist 22.11.2026').waitFor();
    expect(await details.getByText('2026-11-22').count()).to.equal(0);

    // Filters live in the URL; text fields apply on Enter, the KEV box at once.
    await page.getByLabel('Hersteller').fill('ivanti');
    await page.getByLabel('Hersteller').press('Enter');
    await table.getByRole('row').filter({ hasText: 'CVE-2026-10001' }).waitFor();
    await page.waitForURL(/vendor=ivanti/);
    expect(await table.getByRole('row').filter({ hasText: 'CVE-2026-10002' }).count()).to.equal(0);
    await page.goBack();
    await citrixRow.waitFor();

    // Someone else promotes a card meanwhile (the third KEV entry's, kept for this): the server's refusal
    // (INVALID_STATE, in English) is worded for this action in the reader's language, and follows a switch.
    const other = await loginAs(harness!.server.url, 'cert-admin@lagebild.test');
    const otherCards = (await other.agent.get('/api/v1/feed-items').query({ vendor: 'ivanti' })).body.items as { cves: string[]; items: { id: string }[] }[];
    const takenCard = otherCards.find((card) => card.cves.includes('CVE-2026-10003'));
    const promoted = await other.agent.post(`/api/v1/feed-items/${takenCard!.items[0]!.id}/promote`).set('x-csrf-token', other.csrfToken).send({});
    expect(promoted.status, JSON.stringify(promoted.body)).to.be.oneOf([200, 201]);
    const takenRow = table.getByRole('row').filter({ hasText: 'CVE-2026-10003' });
    await takenRow.getByRole('button', { name: 'CVE-2026-10003' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).click();
    await page.keyboard.press('p');
    const inboxAlert = page.locator('#main').getByRole('alert').filter({ hasText: 'Aktion fehlgeschlagen' });
    await inboxAlert.getByText('Aktion fehlgeschlagen: Diese Meldung wurde bereits als Warnmeldung übernommen. Laden Sie den Eingang neu.').waitFor();
    expect(await inboxAlert.innerText()).not.to.contain('already been promoted');
    await page.screenshot({ path: shot('inbox-problem-de') });
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#main').getByText('Action failed: This item has already been promoted to an advisory. Reload the inbox.').waitFor();
    await page.screenshot({ path: shot('inbox-problem-en') });
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await inboxAlert.waitFor();
    await page.getByLabel('Nur aktiv ausgenutzte (CISA KEV)').check();
    await page.waitForURL(/kev=true/);
    await citrixRow.waitFor();

    // p on the active row promotes it to an advisory draft.
    await citrixRow.getByRole('button', { name: 'CVE-2026-10002' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).click();
    await page.keyboard.press('p');
    await page.waitForURL(/\/warnmeldungen\/[0-9a-f-]+\/bearbeiten$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('input, textarea')).some((field) => (field as HTMLInputElement).value.includes('Mehrere Schwachstellen')));

    // "Alle" shows every state, so it has a state column (sortable like the other ranked columns).
    await page.goto(`${harness!.server.url}/eingang?state=all`);
    const all = page.getByRole('table', { name: /Eingang als Triage-Tabelle/ });
    await all.getByRole('row').filter({ hasText: 'CVE-2026-10002' }).waitFor();
    const header = all.getByRole('columnheader', { name: 'Status' });
    await header.waitFor();
    const stateColumn = (await all.locator('thead th').allTextContents()).findIndex((text) => text.trim().startsWith('Status')) + 1;
    expect(stateColumn).to.be.greaterThan(0);
    expect((await all.getByRole('row').filter({ hasText: 'CVE-2026-10002' }).locator(`td:nth-child(${stateColumn})`).textContent())?.trim()).to.equal('übernommen');
    expect((await all.getByRole('row').filter({ hasText: 'CVE-2026-10001' }).locator(`td:nth-child(${stateColumn})`).textContent())?.trim()).to.match(/^(neu|gesehen)$/);
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).to.match(/ascending|descending/);
    await expectNoAxeViolations(page, 'Eingang: Alle');
    await page.screenshot({ path: shot('inbox-all-de'), fullPage: true });
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await page.reload();
    await page.getByRole('columnheader', { name: 'State' }).waitFor();
    await page.getByRole('table').getByRole('row').filter({ hasText: 'CVE-2026-10002' }).getByText('promoted', { exact: true }).waitFor();
    await page.screenshot({ path: shot('inbox-all-en'), fullPage: true });
    await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
    await page.reload();

    // A card with only an English source (KEV): its text lands in the English fields; German is the analyst's to write.
    const ivanti = all.getByRole('row').filter({ hasText: 'CVE-2026-10001' });
    await ivanti.getByRole('button', { name: 'CVE-2026-10001' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).click();
    await page.keyboard.press('p');
    await page.waitForURL(/\/warnmeldungen\/[0-9a-f-]+\/bearbeiten$/);
    await page.getByTestId('german-missing').getByText('Die deutsche Fassung fehlt noch').waitFor();
    expect(await page.getByLabel(/^Titel \(Englisch\)/).inputValue()).to.match(/Test vulnerability 1/);
    expect(await page.getByLabel(/^Titel \(Deutsch\)/).inputValue()).to.equal('');
    await page.screenshot({ path: shot('editor-german-missing-de'), fullPage: false });
    // The draft saves as it is (German is needed to publish, not to save); the notice stays.
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Entwurf gespeichert.').waitFor();
    expect(await page.getByText('Die Warnmeldung konnte nicht gespeichert werden.').count()).to.equal(0);
    await page.getByTestId('german-missing').getByText('Zum Veröffentlichen noch auf Deutsch zu schreiben:').waitFor();
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
