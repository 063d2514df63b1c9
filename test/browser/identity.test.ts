/// <reference lib="dom" />
/**
 * Browser test of the identity pages: IdP buttons and SAML errors on the login page, the forgotten
 * password flow, TOTP enrolment end to end, API token creation (secret shown once), the CERT
 * administration pages and the audit viewer — each page axe-clean (WCAG 2.1 AA).
 */
import { expect } from 'chai';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { expectCleanPages, expectNoAxeViolations, login, openNavItem, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { TestIdp } from '../support/saml-idp.js';
import { DEMO_PASSWORD } from '../support/config.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a screenshot goes (LAGEBILD_SCREENSHOTS=dir keeps them for looking at; else a temp dir). */
const shot = (name: string) => join(process.env.LAGEBILD_SCREENSHOTS ?? tmpdir(), `${name}.png`);

describe('browser: identity (login with IdP, MFA, tokens, administration, audit)', function () {
  let harness: BrowserHarness | undefined;
  let url: string;
  let page: Page;

  before(async function () {
    const idp = new TestIdp();
    const idpFile = idp.writeConfig({ fixedOrganizationName: 'CERT-Thüringen', defaultRole: 'member' });
    harness = await startBrowserHarness(this, { env: { LAGEBILD_IDENTITY_PROVIDERS: idpFile } });
    url = harness.server.url;
    ({ page } = await harness.newPage());
  });

  after(async function () {
    this.timeout(60_000);
    await harness?.close();
  });

  it('shows one button per configured IdP on the login page', async () => {
    await page.goto(`${url}/warnmeldungen`);
    const button = page.getByRole('link', { name: 'Anmelden mit Test-IdP' });
    await button.waitFor();
    expect(await button.getAttribute('href')).to.equal('/auth/saml/test/login?RelayState=%2Fwarnmeldungen');
    await expectNoAxeViolations(page, 'the login page with an IdP button');
  });

  it('words a refused login in the language chosen after it', async () => {
    await page.goto(`${url}/`);
    await page.getByLabel('E-Mail-Adresse').fill('niemand@lagebild.test');
    await page.getByLabel('Passwort').fill('falsches-Passwort-2026');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('E-Mail-Adresse oder Passwort ist nicht korrekt.').waitFor();
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Bitte geben Sie Ihr Passwort ein.').waitFor();
    // Kept as what words them: the form's error and the field's follow the switch.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Please check your input.').waitFor();
    await page.getByText('Please enter your password.').waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByText('Bitte geben Sie Ihr Passwort ein.').waitFor();
  });

  it('explains a rejected SAML response when the ACS sends the browser back', async () => {
    await page.goto(`${url}/`);
    // The IdP's auto-submitted form, with a response that is not valid SAML.
    await page.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      const input = document.createElement('input');
      input.name = 'SAMLResponse';
      input.value = btoa('<nope/>');
      form.append(input);
      document.body.append(form);
      form.submit();
    }, `${url}/auth/saml/test/acs`);
    await page.getByText('Die Anmeldung über Ihre Organisation ist fehlgeschlagen.').waitFor();
    expect(new URL(page.url()).searchParams.get('samlError')).to.be.a('string');
    await expectNoAxeViolations(page, 'the login page with a SAML error');
  });

  it('requests a password reset mail from the "Passwort vergessen" page', async () => {
    await page.goto(`${url}/`);
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Passwort vergessen' }).waitFor();
    await page.getByLabel('E-Mail-Adresse').fill('it@jena.lagebild.test');
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    await page.getByText('Wenn zu dieser Adresse ein aktives Konto gehört').waitFor();
    await expectNoAxeViolations(page, 'the forgotten password page');
    await page.goto(`${url}/password-reset`);
    await page.getByText('Dieser Adresse fehlt der Code aus der E-Mail.').waitFor();
    await expectNoAxeViolations(page, 'the reset page without a token');
  });

  it('enrols TOTP end to end: QR code, confirmation code, recovery codes once', async () => {
    await login(page, url, 'it@jena.lagebild.test');
    await page.getByRole('button', { name: /Benutzermenü/ }).click();
    await page.getByRole('link', { name: 'Mein Profil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mein Profil' }).waitFor();
    await page.getByText('Diese Anmeldung').waitFor();
    await expectNoAxeViolations(page, 'the profile page');

    // The password checks, local and the server's, are kept as what words them: they follow a language switch.
    const passwordError = page.locator('#pw-new-error');
    await page.getByLabel('Aktuelles Passwort').fill(DEMO_PASSWORD);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('zu kurz');
    await page.getByLabel('Neues Passwort wiederholen').fill('zu kurz');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await passwordError.getByText('Das Passwort muss mindestens 12 Zeichen lang sein.').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await passwordError.getByText('The password must be at least 12 characters long.').waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByLabel('Neues Passwort', { exact: true }).fill('password1234');
    await page.getByLabel('Neues Passwort wiederholen').fill('password1234');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await passwordError.getByText('Dieses Passwort gehört zu den am häufigsten verwendeten Passwörtern.', { exact: false }).waitFor();
    const passwordSection = page.locator('section[aria-labelledby="password-heading"]');
    await passwordSection.screenshot({ path: shot('password-problem-de') });
    await page.getByRole('button', { name: 'English' }).click();
    await passwordError.getByText('This password is one of the most commonly used.', { exact: false }).waitFor();
    await passwordSection.screenshot({ path: shot('password-problem-en') });
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await passwordError.getByText('Dieses Passwort gehört', { exact: false }).waitFor();
    for (const label of ['Aktuelles Passwort', 'Neues Passwort', 'Neues Passwort wiederholen']) await page.getByLabel(label, { exact: true }).fill('');

    await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
    const qr = page.getByRole('img', { name: 'QR-Code für die Authenticator-App' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).to.match(/^data:image\/png;base64,/);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    await expectNoAxeViolations(page, 'the TOTP enrolment step');
    await page.getByLabel('Sechsstelliger Code').fill('000000' === (await generate({ secret })) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bestätigen und aktivieren' }).click();
    await page.getByText('Der Code stimmt nicht.').waitFor();
    await page.getByLabel('Sechsstelliger Code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Bestätigen und aktivieren' }).click();
    await page.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' }).waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).to.be.greaterThan(4);
    await expectNoAxeViolations(page, 'the recovery codes');
    await page.getByRole('button', { name: 'Ich habe die Codes gesichert' }).click();
    await page.getByText('Die Zwei-Faktor-Anmeldung ist aktiv.').first().waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung abschalten' }).waitFor();
    expect(await page.getByTestId('recovery-codes').count(), 'recovery codes are shown once').to.equal(0);
  });

  it('creates an API token and shows its secret once', async () => {
    await page.goto(`${url}/profil/tokens`);
    await page.getByRole('heading', { level: 1, name: 'API-Tokens' }).waitFor();
    await expectNoAxeViolations(page, 'the token page');
    await page.getByLabel('Name', { exact: true }).fill('SIEM Jena');
    await page.getByRole('checkbox', { name: /^taxii/ }).check();
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    const secret = ((await page.getByTestId('created-token').textContent()) ?? '').trim();
    expect(secret).to.match(/^lbt_/);
    await page.getByRole('cell', { name: /Persönlich/ }).first().waitFor();
    await expectNoAxeViolations(page, 'the created token');
    await page.reload();
    await page.getByRole('row', { name: /SIEM Jena/ }).waitFor();
    expect(await page.content()).not.to.contain(secret);
    await page.getByRole('button', { name: 'Widerrufen: Token „SIEM Jena“' }).click();
    await page.getByText('Das Token „SIEM Jena“ ist widerrufen.').waitFor();
  });

  it('lets a cert_admin browse the audit trail (login events) and check the chain', async () => {
    const admin = await harness!.newPage();
    page = admin.page;
    await login(page, url, 'cert-admin@lagebild.test');
    await openNavItem(page, 'Verwaltung');
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await expectNoAxeViolations(page, 'the administration index');
    await page.getByRole('link', { name: 'Prüfprotokoll' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prüfprotokoll' }).waitFor();
    await page.getByLabel('Vorgang').fill('session.login.');
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.getByRole('cell', { name: 'session.login.succeeded' }).first().waitFor();
    await page.getByRole('cell', { name: 'it@jena.lagebild.test' }).first().waitFor();
    // The action cell names the action in words, with its key (what the filter takes) beneath.
    const actions = await page.locator('tbody tr td:nth-child(3) code').allTextContents();
    expect(actions).to.not.be.empty;
    expect(actions.every((action) => action.startsWith('session.login.'))).to.equal(true);
    await page.getByRole('cell', { name: /Anmeldung erfolgreich/ }).first().waitFor();
    await page.getByRole('button', { name: 'Kette jetzt prüfen' }).click();
    await page.getByText(/Die Kette ist unversehrt/).waitFor();
    await expectNoAxeViolations(page, 'the audit viewer');
  });

  it('shows the organization, sharing group and member pages to a cert_admin without violations', async () => {
    await page.goto(`${url}/verwaltung/organisationen`);
    await page.getByRole('row', { name: /Stadtwerke Nordthüringen/ }).waitFor();
    await expectNoAxeViolations(page, 'the organizations page');
    await page.getByRole('button', { name: 'Bearbeiten: Stadtwerke Nordthüringen GmbH' }).click();
    await page.getByRole('heading', { name: 'Stadtwerke Nordthüringen GmbH bearbeiten' }).waitFor();
    await page.getByLabel('Kurzname').fill('SWNT-Energie');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Die Änderungen an Stadtwerke Nordthüringen GmbH sind gespeichert.').waitFor();
    await page.goto(`${url}/verwaltung/verteilergruppen`);
    await page.getByRole('heading', { level: 1, name: 'Verteilergruppen' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Energieversorger');
    await page.getByRole('checkbox', { name: 'Stadtwerke Nordthüringen GmbH' }).check();
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Energieversorger' }).waitFor();
    await expectNoAxeViolations(page, 'the sharing groups page');
    await page.goto(`${url}/verwaltung/mitglieder`);
    await page.getByRole('heading', { level: 1, name: 'Mitglieder' }).waitFor();
    await page.getByRole('row', { name: /Katrin Hoffmann/ }).waitFor();
    await expectNoAxeViolations(page, 'the members page');
  });

  it("lets an administrator keep an organization's contacts, with field errors from the server", async () => {
    await page.goto(`${url}/verwaltung/kontakte`);
    await page.getByRole('heading', { level: 1, name: 'Kontakte der Organisation' }).waitFor();
    await page.getByLabel('Organisation').selectOption({ label: 'Stadt Jena' });
    await page.getByRole('heading', { level: 2, name: 'Stadt Jena' }).waitFor();
    await page.getByRole('group', { name: 'Kontakt 2' }).waitFor();
    const second = page.getByRole('group', { name: 'Kontakt 2' });
    await second.getByLabel('Telefon').fill('Durchwahl <b>');
    await page.getByRole('button', { name: 'Kontakte speichern' }).click();
    await second.getByText('digits, spaces and + ( ) / . - only').waitFor();
    expect(await second.getByLabel('Telefon').getAttribute('aria-invalid')).to.equal('true');
    await second.getByLabel('Telefon').fill('+49 3641 49-0');
    await second.getByLabel('E-Mail-Adresse').fill('rufbereitschaft@jena.lagebild.test');
    await page.getByRole('button', { name: 'Kontakte speichern' }).click();
    await page.getByText('Kontakte gespeichert.').waitFor();
    await expectNoAxeViolations(page, 'the contacts page');
    // The notice is kept as what words it: it follows a switch of the language.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Contacts saved.').waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByText('Kontakte gespeichert.').waitFor();
    const saved = await page.evaluate(async () => {
      const orgs = (await (await fetch('/api/v1/organizations?limit=500')).json()) as { items: { id: string; name: string }[] };
      const jena = orgs.items.find((org) => org.name === 'Stadt Jena')!;
      return ((await (await fetch(`/api/v1/organizations/${jena.id}/contacts`)).json()) as { contacts: { role: string; email?: string; phone?: string }[] }).contacts;
    });
    expect(saved.find((contact) => contact.role === 'secondary')).to.include({ email: 'rufbereitschaft@jena.lagebild.test', phone: '+49 3641 49-0' });
  });

  it('raised no script errors or CSP violations', () => {
    expectCleanPages(harness);
  });
});
