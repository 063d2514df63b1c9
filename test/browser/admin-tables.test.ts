/// <reference lib="dom" />
/**
 * Browser test of the administration work tables (issue 18): the audit trail sorted by the server
 * through its time header (aria-sort, `order` in the URL), the members table with URL filters, sort
 * a confirmed bulk lock (the own account not selectable, and no claim it cannot be undone) and an unlock
 * per row (German) and in bulk (English), and a feed source's run history sorted
 * over the loaded runs (the header's tooltip says so) with its number of runs in the URL. Each page
 * axe-clean in German and English; screenshots written to test-results/ and looked at.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { recordAudit } from '../../server/audit/record-audit.js';
import { feedRuns, feedSources } from '../../server/feeds/feeds.table.js';
import { organizations } from '../../server/organizations/organizations.table.js';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { loginAs } from '../support/session.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe('browser: administration tables (audit trail, members, feed runs)', function () {
  let harness: BrowserHarness | undefined;
  let url = '';
  let admin: Page;
  let jenaAdmin: Page;
  let sourceId = '';
  let sourceName = '';

  before(async function () {
    harness = await startBrowserHarness(this);
    url = harness.server.url;
    const { db } = harness.server.database;
    // Two more members of Stadt Jena beside its org_admin, added through the API.
    const certAdmin = await loginAs(url, 'cert-admin@lagebild.test');
    const [jena] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Jena'));
    for (const member of [
      { email: 'anna.beispiel@jena.lagebild.test', name: 'Anna Beispiel', role: 'member' },
      { email: 'bernd.muster@jena.lagebild.test', name: 'Bernd Muster', role: 'read_only' },
    ]) {
      const response = await certAdmin.agent.post(`/api/v1/organizations/${jena!.id}/members`).set('X-CSRF-Token', certAdmin.csrfToken).send(member);
      expect(response.status, JSON.stringify(response.body)).to.equal(201);
    }
    // Three recorded runs of one configured source: succeeded, failed with a timeout, partial.
    const [source] = await db.select({ id: feedSources.id, name: feedSources.name }).from(feedSources).where(eq(feedSources.key, 'cisa-kev'));
    expect(source, 'the configured CISA KEV source').to.not.equal(undefined);
    sourceId = source!.id;
    sourceName = source!.name;
    const at = (day: number, seconds = 0) => new Date(Date.UTC(2026, 4, day, 8, 0, seconds));
    await db.insert(feedRuns).values([
      { sourceId, trigger: 'schedule', status: 'succeeded', startedAt: at(1), finishedAt: at(1, 12), newCount: 5, unchangedCount: 40 },
      { sourceId, trigger: 'manual', status: 'failed', startedAt: at(2), finishedAt: at(2, 3), failedCount: 2, error: 'timeout: no answer within 30000 ms', problems: [{ ref: 'known_exploited_vulnerabilities.json', message: 'no answer' }] },
      { sourceId, trigger: 'schedule', status: 'partial', startedAt: at(3), finishedAt: at(3, 20), newCount: 1, failedCount: 1 },
    ]);
    ({ page: admin } = await harness.newPage({ width: 1366, height: 900 }));
    ({ page: jenaAdmin } = await harness.newPage({ width: 1366, height: 900 }));
    for (const page of [admin, jenaAdmin]) await page.addInitScript(() => window.localStorage.setItem('lagebild.lang', window.localStorage.getItem('lagebild.lang') ?? 'de'));
    await login(admin, url, 'cert-admin@lagebild.test');
    await login(jenaAdmin, url, 'it@jena.lagebild.test');
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it('opens the audit trail with the filters of the URL, sorts it by time on the server and keeps that on reload and back', async () => {
    await admin.goto(`${url}/verwaltung/protokoll?action=session.login.`);
    await admin.getByRole('heading', { level: 1, name: 'Prüfprotokoll' }).waitFor();
    expect(await admin.getByLabel('Vorgang').inputValue()).to.equal('session.login.');
    const table = admin.getByRole('table', { name: /Prüfprotokoll; Spaltenköpfe/ });
    await table.getByRole('cell', { name: 'it@jena.lagebild.test' }).first().waitFor();
    // Each action reads as words, with its key (what the filter takes) below; the details as labelled pairs, never JSON.
    const keys = (await table.locator('tbody tr td:nth-child(3) code').allTextContents()).map((text) => text.trim());
    expect(keys.length).to.be.greaterThan(0);
    expect(keys.every((action) => action.startsWith('session.login.'))).to.equal(true);
    const succeeded = table.getByRole('row').filter({ hasText: 'session.login.succeeded' }).first();
    expect(await succeeded.locator('td:nth-child(3) .audit-action').textContent()).to.equal('Anmeldung erfolgreich');
    expect(await succeeded.locator('td:nth-child(5) dl').textContent()).to.contain('Verfahren: Passwort');
    // The object by its name today, its id (what the object filter takes) below.
    const jenaLogin = table.getByRole('row').filter({ hasText: 'session.login.succeeded' }).filter({ hasText: 'it@jena.lagebild.test' }).first();
    expect(await jenaLogin.locator('td:nth-child(4) .audit-object').textContent()).to.match(/^Konto .+ <it@jena\.lagebild\.test>$/);
    expect(await jenaLogin.locator('td:nth-child(4) .audit-object__id').textContent()).to.match(/^[0-9a-f-]{36}$/);
    expect(await table.locator('tbody').textContent()).not.to.match(/[{}]/);
    const header = table.getByRole('columnheader', { name: /Zeitpunkt/ });
    expect(await header.getAttribute('aria-sort')).to.equal('descending');
    const times = async () => table.locator('tbody tr td:first-child time').evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')));
    const newestFirst = await times();
    expect(newestFirst).to.deep.equal([...newestFirst].sort((a, b) => b - a));
    await admin.screenshot({ path: join(RESULTS_DIR, 'audit-de.png'), fullPage: true });
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    // The table is named in the page's language: find it (and the row) by the English caption now.
    const tableEn = admin.getByRole('table', { name: /Audit trail; column headers/ });
    const succeededEn = tableEn.getByRole('row').filter({ hasText: 'session.login.succeeded' }).first();
    await succeededEn.locator('td:nth-child(3) .audit-action', { hasText: 'Sign-in succeeded' }).waitFor();
    expect(await succeededEn.locator('td:nth-child(5) dl').textContent()).to.contain('Method: password');
    expect(await tableEn.locator('tbody').textContent()).not.to.match(/[{}]/);
    await expectNoAxeViolations(admin, 'the audit trail (English)');
    await admin.screenshot({ path: join(RESULTS_DIR, 'audit-en.png'), fullPage: true });
    await admin.getByRole('button', { name: 'Deutsch' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Prüfprotokoll' }).waitFor();

    await header.getByRole('button').click();
    await admin.waitForURL(/order=asc/);
    await admin.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]')?.textContent?.includes('Zeitpunkt'));
    await table.locator('tbody tr').first().waitFor();
    const oldestFirst = await times();
    expect(oldestFirst).to.deep.equal([...newestFirst].reverse());
    await admin.reload();
    await table.locator('tbody tr').first().waitFor();
    expect(await header.getAttribute('aria-sort')).to.equal('ascending');
    expect(await admin.getByLabel('Vorgang').inputValue()).to.equal('session.login.');
    await admin.goBack();
    await admin.waitForFunction(() => document.querySelector('th[aria-sort="descending"]')?.textContent?.includes('Zeitpunkt'));
    expect(admin.url()).not.to.contain('order=asc');
    // The user id filter of the API is a field too; a malformed id is the server's 400, shown, never a crash.
    await admin.getByLabel('Benutzer-ID').fill('keine-uuid');
    await admin.getByRole('button', { name: 'Filter anwenden' }).click();
    await admin.waitForURL(/actorUserId=keine-uuid/);
    await admin.getByRole('region', { name: 'Einträge' }).getByRole('alert').waitFor();
    await expectNoAxeViolations(admin, 'the audit trail with a rejected filter');

    // An advisory is named by id only (its title is content under TLP): the id links to its page.
    const advisoryId = randomUUID();
    await harness!.server.database.db.transaction((tx) => recordAudit(tx, { userId: null, label: 'job:test' }, { action: 'advisory.published', objectType: 'advisory', objectId: advisoryId }));
    await admin.goto(`${url}/verwaltung/protokoll?action=advisory.published`);
    const link = table.getByRole('link', { name: advisoryId });
    await link.waitFor();
    expect(await link.getAttribute('href')).to.equal(`/warnmeldungen/${advisoryId}`);
  });

  it('filters and sorts the members in the URL, locks the selected accounts after a confirmation and unlocks one', async () => {
    await jenaAdmin.goto(`${url}/verwaltung/mitglieder`);
    await jenaAdmin.getByRole('heading', { level: 1, name: 'Mitglieder' }).waitFor();
    const table = jenaAdmin.getByRole('table', { name: /Mitglieder von Stadt Jena/ });
    await table.getByRole('row', { name: /Anna Beispiel/ }).waitFor();
    // Sorted by name by default; the e-mail header sorts by e-mail, the URL says so.
    expect((await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) => text.trim())).to.deep.equal(['Anna Beispiel', 'Bernd Muster', 'Thomas Lehmann']);
    await table.getByRole('columnheader', { name: /E-Mail-Adresse/ }).getByRole('button').click();
    await jenaAdmin.waitForURL(/sort=email/);
    expect(await table.getByRole('columnheader', { name: /E-Mail-Adresse/ }).getAttribute('aria-sort')).to.equal('ascending');
    expect((await table.locator('tbody tr td:nth-child(3)').allTextContents()).map((text) => text.trim())).to.deep.equal(['anna.beispiel@jena.lagebild.test', 'bernd.muster@jena.lagebild.test', 'it@jena.lagebild.test']);

    await jenaAdmin.getByRole('search', { name: 'Mitglieder filtern' }).getByLabel('Rolle').selectOption({ label: 'Nur Lesezugriff' });
    await jenaAdmin.waitForURL(/role=read_only/);
    await jenaAdmin.getByText('1 von 3 Mitgliedern angezeigt').waitFor();
    await jenaAdmin.reload();
    await table.getByRole('row', { name: /Bernd Muster/ }).waitFor();
    expect(await table.locator('tbody tr').count()).to.equal(1);
    expect(await jenaAdmin.getByRole('search', { name: 'Mitglieder filtern' }).getByLabel('Rolle').inputValue()).to.equal('read_only');
    await jenaAdmin.goBack();
    await table.getByRole('row', { name: /Anna Beispiel/ }).waitFor();
    expect(jenaAdmin.url()).to.contain('sort=email');

    // A member's role is chosen in the app's field style (the shared SelectField), not a bare native select.
    const role = table.getByRole('combobox', { name: 'Rolle von Bernd Muster' });
    expect(await role.evaluate((select) => select.closest('.field') !== null && select.getBoundingClientRect().height >= 36)).to.equal(true);
    expect(await table.getByRole('combobox', { name: 'Rolle von Thomas Lehmann' }).isDisabled(), 'not the own role').to.equal(true);

    // The own account cannot be selected: "all" selects the two others.
    expect(await table.getByRole('checkbox', { name: 'Zeile auswählen: Thomas Lehmann' }).isDisabled()).to.equal(true);
    await table.getByRole('checkbox', { name: 'Alle Zeilen auswählen' }).check();
    await jenaAdmin.getByText('2 Zeilen ausgewählt', { exact: true }).waitFor();
    await jenaAdmin.getByRole('button', { name: 'Ausgewählte Konten sperren' }).click();
    const dialog = jenaAdmin.getByRole('dialog', { name: '2 Konten sperren?' });
    await dialog.getByText(/Alle Anmeldungen dieser Konten enden sofort/).waitFor();
    // Locking can be undone (unlock below), so the dialog must not say otherwise.
    expect(await dialog.getByText('Dies lässt sich nicht rückgängig machen.').count()).to.equal(0);
    await expectNoAxeViolations(jenaAdmin, 'the bulk lock confirmation');
    await jenaAdmin.screenshot({ path: join(RESULTS_DIR, 'members-bulk-de.png') });
    await dialog.getByRole('button', { name: 'Ausgewählte Konten sperren' }).click();
    await jenaAdmin.getByText('2 Konten gesperrt.').waitFor();
    await table.getByRole('row', { name: /Anna Beispiel/ }).getByRole('cell', { name: 'Gesperrt' }).waitFor();
    await table.getByRole('row', { name: /Bernd Muster/ }).getByRole('cell', { name: 'Gesperrt' }).waitFor();
    await table.getByRole('row', { name: /Thomas Lehmann/ }).getByRole('cell', { name: 'Aktiv' }).waitFor();
    const members = await jenaAdmin.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { memberships: { organization: { id: string; name: string } }[] };
      const jena = me.memberships.find((membership) => membership.organization.name === 'Stadt Jena')!.organization.id;
      return ((await (await fetch(`/api/v1/organizations/${jena}/members`)).json()) as { items: { email: string; active: boolean }[] }).items;
    });
    expect(members.filter((member) => !member.active).map((member) => member.email).sort()).to.deep.equal(['anna.beispiel@jena.lagebild.test', 'bernd.muster@jena.lagebild.test']);

    // A locked row offers the unlock instead of the lock; it asks first, and is not styled as dangerous.
    expect(await table.getByRole('button', { name: 'Konto sperren: Bernd Muster' }).count()).to.equal(0);
    await table.getByRole('button', { name: 'Konto entsperren: Bernd Muster' }).click();
    const unlock = jenaAdmin.getByRole('dialog', { name: 'Konto von Bernd Muster entsperren?' });
    await unlock.getByText('Bernd Muster kann sich danach wieder anmelden', { exact: false }).waitFor();
    expect(await unlock.getByRole('button', { name: 'Konto entsperren' }).getAttribute('class')).not.to.contain('danger');
    await expectNoAxeViolations(jenaAdmin, 'the unlock confirmation');
    await jenaAdmin.screenshot({ path: join(RESULTS_DIR, 'members-unlock-de.png') });
    await unlock.getByRole('button', { name: 'Konto entsperren' }).click();
    await jenaAdmin.getByText('Das Konto von Bernd Muster ist entsperrt.').waitFor();
    await table.getByRole('row', { name: /Bernd Muster/ }).getByRole('cell', { name: 'Aktiv' }).waitFor();
    await table.getByRole('button', { name: 'Konto sperren: Bernd Muster' }).waitFor();
    const afterUnlock = await jenaAdmin.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { memberships: { organization: { id: string; name: string } }[] };
      const jena = me.memberships.find((membership) => membership.organization.name === 'Stadt Jena')!.organization.id;
      return ((await (await fetch(`/api/v1/organizations/${jena}/members`)).json()) as { items: { email: string; active: boolean }[] }).items;
    });
    expect(afterUnlock.filter((member) => !member.active).map((member) => member.email)).to.deep.equal(['anna.beispiel@jena.lagebild.test']);

    await jenaAdmin.getByRole('search', { name: 'Mitglieder filtern' }).getByLabel('Konto').selectOption({ label: 'Gesperrt' });
    await jenaAdmin.waitForURL(/status=inactive/);
    await jenaAdmin.getByText('1 von 3 Mitgliedern angezeigt').waitFor();
    await expectNoAxeViolations(jenaAdmin, 'the members table');
    await jenaAdmin.screenshot({ path: join(RESULTS_DIR, 'members-de.png'), fullPage: true });
  });

  it("sorts a source's loaded runs by a header that says so, with the number of runs and the sort in the URL", async () => {
    await admin.goto(`${url}/quellen?runs=${sourceId}`);
    const table = admin.getByRole('table', { name: new RegExp(`Läufe von ${sourceName}`) });
    await table.locator('tbody tr').nth(2).waitFor();
    const results = () => table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(await results()).to.deep.equal(['teilweise', 'fehlgeschlagen', 'erfolgreich']);
    const failedRow = table.getByRole('row').filter({ hasText: 'fehlgeschlagen' });
    expect(await failedRow.textContent()).to.contain('von Hand');
    expect(await failedRow.textContent()).to.contain('Zeitüberschreitung');
    expect(await failedRow.textContent()).to.contain('1 abgelehntes Dokument');
    const header = table.getByRole('columnheader', { name: /Fehlerhaft/ });
    expect(await header.getByRole('button').getAttribute('title')).to.equal('Sortiert die 20 zuletzt geladenen Läufe, nicht den ganzen Verlauf; für ältere Läufe die Anzahl erhöhen.');
    await header.getByRole('button').click();
    await admin.waitForURL(/runsSort=failed/);
    expect(await header.getAttribute('aria-sort')).to.equal('descending');
    expect(await results()).to.deep.equal(['fehlgeschlagen', 'teilweise', 'erfolgreich']);
    await admin.getByLabel('Anzahl der letzten Läufe').selectOption('50');
    await admin.waitForURL(/runsLimit=50/);
    await admin.reload();
    await table.locator('tbody tr').nth(2).waitFor();
    expect(await results()).to.deep.equal(['fehlgeschlagen', 'teilweise', 'erfolgreich']);
    expect(await admin.getByLabel('Anzahl der letzten Läufe').inputValue()).to.equal('50');
    expect(await header.getByRole('button').getAttribute('title')).to.contain('Sortiert die 50');
    await expectNoAxeViolations(admin, 'the run history');
    await admin.screenshot({ path: join(RESULTS_DIR, 'feed-runs-de.png'), fullPage: true });
    // Closing the history takes it and its view out of the URL.
    await admin.getByRole('button', { name: `Verlauf: ${sourceName}` }).click();
    await admin.waitForURL((target) => !target.search.includes('runs'));
  });

  it('shows the three tables in English with localized values (screenshots looked at)', async () => {
    for (const page of [admin, jenaAdmin]) await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'en'));
    await admin.goto(`${url}/verwaltung/protokoll?action=membership.`);
    const audit = admin.getByRole('table', { name: /Audit trail; column headers/ });
    await audit.locator('tbody tr').first().waitFor();
    expect(await audit.getByRole('columnheader', { name: /Time/ }).getAttribute('aria-sort')).to.equal('descending');
    // The organization in the details by its name, not its id.
    const details = await audit.locator('tbody tr td:nth-child(5)').allTextContents();
    expect(details.some((text) => text.includes('Organization: Stadt Jena'))).to.equal(true);
    expect(details.join(' ')).not.to.match(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await expectNoAxeViolations(admin, 'the audit trail in English');
    await admin.screenshot({ path: join(RESULTS_DIR, 'audit-en.png'), fullPage: true });

    await jenaAdmin.goto(`${url}/verwaltung/mitglieder?sort=role`);
    const members = jenaAdmin.getByRole('table', { name: /Members of Stadt Jena/ });
    await members.getByRole('row', { name: /Anna Beispiel/ }).getByRole('cell', { name: 'Locked' }).waitFor();
    expect(await members.getByRole('combobox', { name: 'Role of Bernd Muster' }).locator('option:checked').textContent()).to.equal('Read-only access');
    expect((await members.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) => text.trim())).to.deep.equal(['Thomas Lehmann', 'Anna Beispiel', 'Bernd Muster']);
    await expectNoAxeViolations(jenaAdmin, 'the members table in English');
    await jenaAdmin.screenshot({ path: join(RESULTS_DIR, 'members-en.png'), fullPage: true });
    // The bulk unlock: only the locked account changes.
    await members.getByRole('checkbox', { name: 'Select row: Anna Beispiel' }).check();
    await members.getByRole('checkbox', { name: 'Select row: Bernd Muster' }).check();
    await jenaAdmin.getByRole('button', { name: 'Unlock selected accounts' }).click();
    const unlock = jenaAdmin.getByRole('dialog', { name: 'Unlock 2 accounts?' });
    await unlock.getByText('These people can sign in again afterwards. Accounts already active stay as they are.').waitFor();
    await expectNoAxeViolations(jenaAdmin, 'the bulk unlock confirmation in English');
    await jenaAdmin.screenshot({ path: join(RESULTS_DIR, 'members-unlock-en.png') });
    await unlock.getByRole('button', { name: 'Unlock selected accounts' }).click();
    await jenaAdmin.getByText('1 account unlocked.').waitFor();
    await members.getByRole('row', { name: /Anna Beispiel/ }).getByRole('cell', { name: 'Active' }).waitFor();

    await admin.goto(`${url}/quellen?runs=${sourceId}&runsSort=failed`);
    const runs = admin.getByRole('table', { name: new RegExp(`Runs of ${sourceName}`) });
    await runs.locator('tbody tr').nth(2).waitFor();
    expect((await runs.locator('tbody tr td:nth-child(4)').allTextContents()).map((text) => text.trim())).to.deep.equal(['failed', 'partial', 'succeeded']);
    expect(await runs.locator('tbody tr').first().textContent()).to.contain('by hand');
    expect(await runs.getByRole('columnheader', { name: /Failed/ }).getByRole('button').getAttribute('title')).to.contain('Sorts the 20 latest runs loaded');
    await expectNoAxeViolations(admin, 'the run history in English');
    await admin.screenshot({ path: join(RESULTS_DIR, 'feed-runs-en.png'), fullPage: true });
    for (const page of [admin, jenaAdmin]) await page.evaluate(() => window.localStorage.setItem('lagebild.lang', 'de'));
  });

  it('keeps the tables and a 200-character name inside a phone screen: wide tables scroll in their own box', async () => {
    // A name without a space (the API's longest) widened the members page (3,384 px at 500 characters); the tables widened their pages on a phone.
    const certAdmin = await loginAs(url, 'cert-admin@lagebild.test');
    const { db } = harness!.server.database;
    const [jena] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, 'Stadt Jena'));
    const longName = 'N'.repeat(200);
    const added = await certAdmin.agent.post(`/api/v1/organizations/${jena!.id}/members`).set('X-CSRF-Token', certAdmin.csrfToken).send({ email: 'lang.name@jena.lagebild.test', name: longName, role: 'member' });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const { page: jenaPhone, context: jenaContext } = await harness!.newPage({ width: 390, height: 844 });
    const { page: certPhone, context: certContext } = await harness!.newPage({ width: 390, height: 844 });
    await login(jenaPhone, url, 'it@jena.lagebild.test');
    await login(certPhone, url, 'cert-admin@lagebild.test');
    const pages: [Page, string, string][] = [
      [jenaPhone, '/verwaltung/mitglieder', 'members'],
      [jenaPhone, '/profil', 'profile'],
      [certPhone, '/quellen', 'sources'],
      [certPhone, '/verwaltung/protokoll', 'audit'],
    ];
    for (const [phone, path, name] of pages) {
      await phone.goto(`${url}${path}`);
      await phone.locator('main table').first().waitFor();
      if (name === 'members') await phone.locator('main tbody tr', { hasText: longName }).waitFor({ timeout: 5000 }).catch(async () => { throw new Error(await phone.locator('main').innerText()); });
      const widths = await phone.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        tables: Array.from(document.querySelectorAll('main table'), (table) => table.parentElement!.getBoundingClientRect().right),
      }));
      expect(widths.page, `${path}: no sideways scrolling at 390 px`).to.be.at.most(390);
      for (const right of widths.tables) expect(right, `${path}: each table's box ends inside the screen`).to.be.at.most(390);
      await phone.screenshot({ path: join(RESULTS_DIR, `phone-${name}-de.png`), fullPage: true });
    }
    await jenaContext.close();
    await certContext.close();
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
