import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../../server/audit/audit.table.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Browser, formAction, formValue, freePort, simpleSamlPhpMissing, startSimpleSamlPhp, type RunningIdp } from '../../support/simplesamlphp.js';

describe('SAML interop with SimpleSAMLphp (Debian package, php -S on 127.0.0.1)', function () {
  let idp: RunningIdp;
  let server: TestServer;
  let sp: { baseUrl: string; entityId: string; acsUrl: string; sloUrl: string };

  before(async function () {
    const missing = simpleSamlPhpMissing();
    if (missing) {
      process.stdout.write(`  pending: ${missing}\n`);
      this.skip();
    }
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    sp = { baseUrl, entityId: `${baseUrl}/auth/saml/ssp/metadata`, acsUrl: `${baseUrl}/auth/saml/ssp/acs`, sloUrl: `${baseUrl}/auth/saml/ssp/slo` };
    idp = await startSimpleSamlPhp(sp, {
      'alice:alice-passwort-2026': { uid: ['alice'], mail: ['alice@kommune.example'], displayName: ['Alice Adler'], eduPersonAffiliation: ['member', 'admin'], ags: ['16053000'] },
    });
    // The SP reads the IdP from its published metadata, as an operator would configure it.
    const metadataFile = join(idp.dir, 'idp-metadata.xml');
    writeFileSync(metadataFile, await (await fetch(idp.metadataUrl)).text());
    const idpFile = join(idp.dir, 'identity-providers.json');
    writeFileSync(
      idpFile,
      JSON.stringify([
        {
          id: 'ssp', displayName: { de: 'Test-Landes-IdP', en: 'Test state IdP' }, metadataFile, spPrivateKeyFile: idp.spKeyFile, spCertificateFile: idp.spCertFile,
          provisioning: { allowedEmailDomains: ['kommune.example'], groupRoles: { admin: 'org_admin' }, defaultRole: 'member' },
        },
      ]),
    );
    server = await startTestServer({ env: { LAGEBILD_IDENTITY_PROVIDERS: idpFile, BASE_URL: baseUrl }, port });
  });

  after(async () => {
    await server?.close();
    await idp?.stop();
  });

  it('logs in SP-initiated (AuthnRequest → login form → signed response → session) and logs out through the IdP', async () => {
    const browser = new Browser();
    // 1. Our login endpoint redirects to the IdP, which redirects to its login form.
    const { url: formUrl, response: formPage } = await browser.follow(`${sp.baseUrl}/auth/saml/ssp/login`);
    const formHtml = await formPage.text();
    expect(formPage.status, formHtml.slice(0, 500)).to.equal(200);
    const authState = formValue(formHtml, 'AuthState');
    expect(authState, 'AuthState in the login form').to.be.a('string');
    // 2. The user submits the form; the IdP answers with an auto-POST form carrying the signed response.
    const posted = await browser.fetch(new URL(formAction(formHtml) ?? '', formUrl).toString(), { form: { username: 'alice', password: 'alice-passwort-2026', AuthState: authState! } });
    let html = await posted.text();
    if (posted.status >= 300 && posted.status < 400) html = await (await browser.follow(new URL(posted.headers.get('location') ?? '', formUrl).toString())).response.text();
    const samlResponse = formValue(html, 'SAMLResponse');
    expect(samlResponse, html.slice(0, 500)).to.be.a('string');
    expect(formAction(html)).to.equal(sp.acsUrl);
    // 3. The browser posts it to our ACS: a session like a password login.
    const acs = await browser.fetch(sp.acsUrl, { form: { SAMLResponse: samlResponse!, ...(formValue(html, 'RelayState') ? { RelayState: formValue(html, 'RelayState')! } : {}) } });
    expect(acs.status, await acs.clone().text()).to.equal(303);
    const me = await browser.fetch(`${sp.baseUrl}/api/v1/me`);
    expect(me.status).to.equal(200);
    const body = (await me.json()) as { user: { email: string; name: string }; memberships: { role: string; organization: { name: string } }[]; csrfToken: string };
    expect(body.user).to.include({ email: 'alice@kommune.example', name: 'Alice Adler' });
    expect(body.memberships.map((m) => [m.organization.name, m.role])).to.deep.equal([['Stadt Jena', 'org_admin']]);

    // 4. Single Logout: our session ends, the IdP gets a signed LogoutRequest and answers our SLO endpoint.
    const logout = await browser.fetch(`${sp.baseUrl}/api/v1/session/saml-logout`, { method: 'POST', headers: { 'x-csrf-token': body.csrfToken } });
    expect(logout.status).to.equal(200);
    const { redirectUrl } = (await logout.json()) as { redirectUrl: string };
    expect(redirectUrl.startsWith(`${idp.baseUrl}/saml2/idp/SingleLogoutService.php?SAMLRequest=`)).to.equal(true);
    const { url: back } = await browser.follow(redirectUrl, (url) => url.startsWith(sp.sloUrl));
    expect(back.startsWith(`${sp.sloUrl}?SAMLResponse=`), back).to.equal(true);
    const slo = await browser.fetch(back);
    expect(slo.status, await slo.clone().text()).to.equal(302);
    expect(slo.headers.get('location')).to.equal('/');
    expect((await browser.fetch(`${sp.baseUrl}/api/v1/me`)).status).to.equal(401);
    const rejected = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'session.saml.rejected'));
    expect(rejected).to.deep.equal([]);
  });
});
