/// <reference lib="dom" />
/**
 * Browser test of issue 19's screens: the forced password change after a login with an operator's
 * one-time password, the OpenPGP key upload with fingerprint confirmation (and the platform key),
 * and the scheduled jobs with their history for cert_admin — German and English, axe-checked.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import * as openpgp from 'openpgp';
import { hashPassword } from '../../server/auth/password.js';
import { organizations } from '../../server/organizations/organizations.table.js';
import { jobRuns } from '../../server/platform/job-runs.table.js';
import { memberships, users } from '../../server/users/users.table.js';
import { expectCleanPages, expectNoAxeViolations, login, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const ONE_TIME = 'Einmal-Passwort-7Qx!';
const CHOSEN = 'Eigenes-Passwort-fuer-Lagebild-2026';

describe('browser: one-time password, OpenPGP key, scheduled jobs (issue 19)', function () {
  let harness: BrowserHarness | undefined;
  let url: string;

  before(async function () {
    // Web role only: the jobs page lists the job registry either way, and a scheduler of the test
    // server's own (reminders every 5 min, escalation every 10) would put its runs over the ones
    // this suite inserts and shows.
    harness = await startBrowserHarness(this, { env: { SERVER_ROLES: 'web' } });
    url = harness.server.url;
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it('after a login with a one-time password shows nothing but the password change, then the platform', async () => {
    const db = harness!.server.database.db;
    const [cert] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.kind, 'cert'));
    const [user] = await db.insert(users).values({ email: 'leitung@cert.lagebild.test', name: 'Erika Leitung', locale: 'de', passwordHash: await hashPassword(ONE_TIME), passwordChangeRequired: true }).returning({ id: users.id });
    await db.insert(memberships).values({ userId: user!.id, organizationId: cert!.id, role: 'cert_admin' });

    const { page } = await harness!.newPage();
    await page.goto(`${url}/`);
    await page.getByLabel('E-Mail-Adresse').fill('leitung@cert.lagebild.test');
    await page.getByLabel('Passwort').fill(ONE_TIME);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 2, name: 'Eigenes Passwort festlegen' }).waitFor();
    // No navigation, no dashboard: the server would refuse every other request anyway.
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).count()).to.equal(0);
    await expectNoAxeViolations(page, 'the forced password change');

    await page.getByLabel('Einmalpasswort').fill(ONE_TIME);
    await page.getByLabel('Neues Passwort', { exact: true }).fill(CHOSEN);
    await page.getByLabel('Neues Passwort wiederholen').fill(CHOSEN);
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();

    // The one-time password is spent; the chosen one works.
    const oneTime = await page.request.post(`${url}/api/v1/session`, { data: { email: 'leitung@cert.lagebild.test', password: ONE_TIME } });
    expect(oneTime.status()).to.equal(401);
    const [stored] = await db.select({ required: users.passwordChangeRequired }).from(users).where(eq(users.id, user!.id));
    expect(stored!.required).to.equal(false);
  });

  it('stores an OpenPGP key only after the fingerprint shown was confirmed, and shows the platform key', async () => {
    const generated = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'IT Erfurt', email: 'it@erfurt.lagebild.test' }], format: 'armored' });
    const fingerprint = (await openpgp.readKey({ armoredKey: generated.publicKey })).getFingerprint().toUpperCase();
    const grouped = fingerprint.match(/.{4}/g)!.join(' ');

    const { page } = await harness!.newPage();
    await login(page, url, 'it@erfurt.lagebild.test');
    await page.goto(`${url}/profil`);
    const section = page.getByRole('region', { name: 'Verschlüsselte E-Mail (OpenPGP)' });
    await section.getByText('Kein Schlüssel hinterlegt').waitFor();
    // The platform's signing key, so the signature of every notification can be checked.
    await section.getByRole('link', { name: 'Öffentlichen Schlüssel herunterladen' }).waitFor();
    expect(await section.locator('code.fingerprint').first().textContent()).to.match(/^[0-9A-F]{4}( [0-9A-F]{4})+$/);

    await section.getByLabel('Öffentlicher Schlüssel (ASCII-Armor)').fill(generated.publicKey);
    await section.getByRole('button', { name: 'Schlüssel prüfen' }).click();
    const confirm = section.getByRole('group', { name: 'Fingerabdruck bestätigen' });
    await confirm.waitFor();
    expect(await confirm.locator('code.fingerprint').textContent()).to.equal(grouped);
    const save = confirm.getByRole('button', { name: 'Schlüssel speichern' });
    expect(await save.isDisabled(), 'nothing is stored before the fingerprint is confirmed').to.equal(true);
    expect(await (await page.request.get(`${url}/api/v1/me/openpgp-key`)).json()).to.deep.equal({ key: null });
    await expectNoAxeViolations(page, 'the fingerprint confirmation');
    await page.screenshot({ path: join(RESULTS_DIR, 'openpgp-confirm-de.png'), fullPage: true });

    await confirm.getByLabel('Ich habe den Fingerabdruck verglichen, er stimmt überein.').check();
    await save.click();
    await section.getByText('Schlüssel gespeichert.').waitFor();
    await section.getByRole('heading', { name: 'Hinterlegter Schlüssel' }).waitFor();
    const stored = await page.request.get(`${url}/api/v1/me/openpgp-key`);
    expect(stored.status()).to.equal(200);
    expect(((await stored.json()) as { key: { fingerprint: string } }).key.fingerprint.toUpperCase()).to.equal(fingerprint);

    await section.getByRole('button', { name: 'Schlüssel entfernen' }).click();
    await section.getByText('Schlüssel entfernt.').waitFor();
    const removed = await page.request.get(`${url}/api/v1/me/openpgp-key`);
    expect(removed.status(), 'no key is a state, not a failed request').to.equal(200);
    expect(await removed.json()).to.deep.equal({ key: null });
  });

  it('shows cert_admin every scheduled job with next and latest run, and the history filtered by job, in German and English', async () => {
    const db = harness!.server.database.db;
    const started = new Date(Date.now() - 3_600_000);
    await db.insert(jobRuns).values([
      { name: 'notifications.daily-digest', status: 'succeeded', scheduledFor: started, startedAt: started, finishedAt: new Date(started.getTime() + 1_250), instance: 'vm:1' },
      { name: 'matching.escalation', status: 'failed', scheduledFor: started, startedAt: new Date(started.getTime() + 60_000), finishedAt: new Date(started.getTime() + 61_000), instance: 'vm:1', error: 'Datenbank nicht erreichbar' },
      { name: 'incidents.deadline-reminders', status: 'succeeded', scheduledFor: started, startedAt: new Date(started.getTime() + 90_000), finishedAt: new Date(started.getTime() + 90_400), instance: 'vm:1', result: { reminders: 2 } },
      // What the scheduler stores for database.maintenance (embedded-maintenance.ts `MaintenanceSummary`).
      { name: 'database.maintenance', status: 'succeeded', scheduledFor: started, startedAt: new Date(started.getTime() + 120_000), finishedAt: new Date(started.getTime() + 121_500), instance: 'vm:1', result: { tables: [{ table: 'public.feed_items', vacuum: true, analyze: true, reasons: ['5000 dead rows > 250', '7000 rows changed since the last analysis > 150'], ms: 1250 }], ms: 1400 } },
    ]);

    const { page } = await harness!.newPage();
    await login(page, url, 'cert-admin@lagebild.test');
    await page.goto(`${url}/verwaltung`);
    await page.getByRole('link', { name: 'Geplante Aufträge' }).click();
    await page.getByRole('heading', { level: 1, name: 'Geplante Aufträge' }).waitFor();
    await page.getByText('Zeitzone Europe/Berlin').waitFor();
    const jobs = page.getByRole('region', { name: 'Geplante Aufträge' });
    const digest = jobs.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Tägliche Zusammenfassung/ }) });
    // The rows arrive after the heading and the time-zone line (their own request): wait for them.
    // Exact: the outcome cell says "Erfolgreich beendet; …" too, the status cell just "erfolgreich".
    await digest.getByText('erfolgreich', { exact: true }).waitFor();
    expect(await digest.getByText('erfolgreich', { exact: true }).count()).to.equal(1);
    await digest.getByText('Erfolgreich beendet; dieser Auftrag meldet keine Zahlen.').waitFor();
    const escalation = jobs.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Eskalation unbeantworteter Warnmeldungen/ }) });
    await escalation.getByText('Datenbank nicht erreichbar').waitFor();
    // What a run did, in words: a job's own summary, a failure's error; never the stored JSON.
    const reminders = jobs.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Fristerinnerungen für Meldungen/ }) });
    await reminders.getByText('2 Fristerinnerungen verschickt.').waitFor();
    expect(await jobs.textContent()).not.to.match(/[{}]/);
    await expectNoAxeViolations(page, 'the scheduled jobs');

    const history = page.getByRole('region', { name: 'Verlauf' });
    await history.getByRole('cell', { name: 'Tägliche Zusammenfassung' }).waitFor();
    const maintenance = history.getByRole('row').filter({ hasText: '1 Tabelle gepflegt (1,4 s).' });
    await maintenance.getByText('1 Tabelle gepflegt (1,4 s).').waitFor();
    expect(await maintenance.locator('dl').textContent()).to.equal('public.feed_items: VACUUM und ANALYZE in 1,3\u00a0s, weil: 5.000 tote Zeilenversionen (Grenze 250); 7.000 geänderte Zeilen seit der letzten Analyse (Grenze 150)');
    expect(await history.textContent()).not.to.match(/[{}]/);
    await escalation.getByRole('button', { name: 'Verlauf von Eskalation unbeantworteter Warnmeldungen' }).click();
    await history.getByRole('cell', { name: 'Tägliche Zusammenfassung' }).waitFor({ state: 'detached' });
    // The rows leave while the filtered page loads: wait for it before counting.
    await history.getByRole('cell', { name: 'Eskalation unbeantworteter Warnmeldungen' }).first().waitFor();
    expect(await history.getByRole('cell', { name: 'Eskalation unbeantworteter Warnmeldungen' }).count()).to.equal(1);
    await history.getByLabel('Ergebnis').selectOption('succeeded');
    await history.getByText('Keine Läufe für diese Auswahl.').waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, 'jobs-de.png'), fullPage: true });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Scheduled jobs' }).waitFor();
    await page.getByText('time zone Europe/Berlin').waitFor();
    // The regions are named in the page's language: find them by their English names now.
    const jobsEn = page.getByRole('region', { name: 'Scheduled jobs' });
    const historyEn = page.getByRole('region', { name: 'History' });
    await jobsEn.getByText('2 deadline reminders sent.').waitFor();
    await historyEn.getByRole('combobox', { name: 'Job' }).selectOption('database.maintenance');
    const maintenanceEn = historyEn.getByRole('row').filter({ hasText: '1 table maintained (1.4 s).' });
    await maintenanceEn.getByText('1 table maintained (1.4 s).').waitFor();
    expect(await maintenanceEn.locator('dl').textContent()).to.contain('VACUUM and ANALYZE in 1.3\u00a0s, because: 5,000 dead row versions (limit 250)');
    await expectNoAxeViolations(page, 'the scheduled jobs (English)');
    await page.screenshot({ path: join(RESULTS_DIR, 'jobs-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Deutsch' }).click();
  });

  it('keeps the jobs page from everyone but cert_admin', async () => {
    const { page } = await harness!.newPage();
    await login(page, url, 'analyst@lagebild.test');
    await page.goto(`${url}/verwaltung/auftraege`);
    await page.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor();
  });

  it('raised no script errors and no CSP violations', () => expectCleanPages(harness));
});

