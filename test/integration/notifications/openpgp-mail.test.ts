/**
 * Issue 19, "Encrypted and signed e-mail": an AMBER advisory mailed to a user with an uploaded
 * OpenPGP key arrives PGP/MIME-encrypted (RFC 3156) and decrypts with her key, signed by the
 * platform key; a user without a key gets a signed link-only notice; GREEN goes out signed.
 * The mail is captured by a real SMTP receiver on 127.0.0.1.
 */
import { expect } from 'chai';
import * as openpgp from 'openpgp';
import request from 'supertest';
import { processNotificationBatch } from '../../../server/notifications/consumer.js';
import { createMailer } from '../../../server/platform/mail.js';
import { createLogger } from '../../../server/platform/logger.js';
import { resolveSigningKey } from '../../../server/sharing/signing-key.js';
import { mailProtectionFor } from '../../../server/users/openpgp-keys.js';
import { advisoryBody, organizationIds, publishedAdvisory } from '../../support/advisories.js';
import { testConfig } from '../../support/config.js';
import { startSmtpReceiver, type CapturedMail } from '../../support/receivers.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { loginAs } from '../../support/session.js';

/** The parts of a multipart body, by the boundary named in its Content-Type. */
function mimeParts(raw: string): { contentType: string; parts: string[] } {
  const contentType = /^Content-Type: ([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(raw)![1]!.replace(/\r?\n[ \t]+/g, ' ');
  const boundary = /boundary="([^"]+)"/.exec(contentType)![1]!;
  const body = raw.slice(raw.search(/\r?\n\r?\n/) + 2);
  const parts = body.split(`--${boundary}`).slice(1, -1).map((part) => part.replace(/^\r?\n/, ''));
  return { contentType, parts };
}

function bodyOf(part: string): string {
  return part.slice(part.search(/\r?\n\r?\n/)).trim();
}

describe('OpenPGP mail: AMBER only encrypted, every notification signed (issue 19)', function () {
  this.timeout(120_000);
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let erfurtKey: { privateKey: openpgp.PrivateKey; publicArmored: string };
  let platform: { fingerprint: string; armoredPublicKey: string };

  before(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    const generated = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'IT Erfurt', email: 'it@erfurt.lagebild.test' }], format: 'object' });
    erfurtKey = { privateKey: generated.privateKey, publicArmored: generated.publicKey.armor() };

    for (const email of ['it@erfurt.lagebild.test', 'it@jena.lagebild.test']) {
      const session = await loginAs(server.url, email);
      await session.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', session.csrfToken).send({ channels: ['in_app', 'email'], minSeverity: 'niedrig', onlyAffectsUs: false, digest: 'immediate', language: 'de', quietHours: null });
    }
    // Erfurt uploads her key: the fingerprint is shown, she confirms it, it is stored.
    const erfurt = await loginAs(server.url, 'it@erfurt.lagebild.test');
    // No key yet is a state of the account, answered with 200 (a 404 would be logged by the browser as a failure).
    const none = await erfurt.agent.get('/api/v1/me/openpgp-key');
    expect(none.status).to.equal(200);
    expect(none.body).to.deep.equal({ key: null });
    const inspected = await erfurt.agent.post('/api/v1/me/openpgp-key/inspect').set('x-csrf-token', erfurt.csrfToken).send({ armoredKey: erfurtKey.publicArmored });
    expect(inspected.status, JSON.stringify(inspected.body)).to.equal(200);
    expect(inspected.body).to.include({ fingerprint: generated.publicKey.getFingerprint().toUpperCase(), matchesEmail: true });
    const wrong = await erfurt.agent.put('/api/v1/me/openpgp-key').set('x-csrf-token', erfurt.csrfToken).send({ armoredKey: erfurtKey.publicArmored, fingerprint: 'A'.repeat(40) });
    expect(wrong.status).to.equal(400);
    const saved = await erfurt.agent.put('/api/v1/me/openpgp-key').set('x-csrf-token', erfurt.csrfToken).send({ armoredKey: erfurtKey.publicArmored, fingerprint: inspected.body.fingerprint as string });
    expect(saved.status).to.equal(200);
    const stored = await erfurt.agent.get('/api/v1/me/openpgp-key');
    expect(stored.body.key).to.include({ fingerprint: inspected.body.fingerprint as string, matchesEmail: true });
    const privateUpload = await erfurt.agent.post('/api/v1/me/openpgp-key/inspect').set('x-csrf-token', erfurt.csrfToken).send({ armoredKey: generated.privateKey.armor() });
    expect(privateUpload.body.errors[0].message).to.match(/private key/);

    const author = await loginAs(server.url, 'analyst@lagebild.test');
    const orgs = await organizationIds(author.agent);
    const audience = { organizations: [orgs.get('Stadt Erfurt'), orgs.get('Stadt Jena')], sharingGroups: [], users: [] };
    await publishedAdvisory(author, advisoryBody({ title: { de: 'Bernstein-Geheimnis im Rathausnetz' }, tlp: 'AMBER', audience, products: [] }));
    await publishedAdvisory(author, advisoryBody({ title: { de: 'Grüne Meldung für alle' }, tlp: 'GREEN', products: [] }));

    const config = testConfig();
    const signing = await resolveSigningKey(config, server.database);
    platform = signing.key;
    const mailer = createMailer(smtp.url, 'Lagebild CERT-Thüringen <lagebild@cert.test>', createLogger('silent', false), mailProtectionFor(server.database.db, () => Promise.resolve(signing.key)));
    const result = await processNotificationBatch(server.database.db, { mailer, baseUrl: 'https://lagebild.test', settings: config.settings });
    expect(result.failed).to.equal(0);
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
  });

  const mailsTo = (email: string): CapturedMail[] => smtp.mails.filter((mail) => mail.to.includes(email));

  it('sends the AMBER advisory to the user with a key PGP/MIME-encrypted; it decrypts with her key and is signed by the platform', async () => {
    const encrypted = mailsTo('it@erfurt.lagebild.test').filter((mail) => mail.subject.startsWith('[TLP:AMBER]'));
    expect(encrypted).to.have.length(1);
    const mail = encrypted[0]!;
    expect(mail.raw).to.not.contain('Bernstein-Geheimnis');
    expect(mail.subject).to.not.contain('Bernstein');
    const { contentType, parts } = mimeParts(mail.raw);
    expect(contentType).to.match(/^multipart\/encrypted; protocol="application\/pgp-encrypted"/);
    expect(parts[0]).to.match(/^Content-Type: application\/pgp-encrypted/);
    expect(bodyOf(parts[0]!)).to.equal('Version: 1');
    const armored = bodyOf(parts[1]!).replace(/\r\n/g, '\n');
    const platformKey = await openpgp.readKey({ armoredKey: platform.armoredPublicKey });
    const { data, signatures } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: erfurtKey.privateKey, verificationKeys: platformKey, format: 'binary' });
    await signatures[0]!.verified;
    const inner = new TextDecoder().decode(data as Uint8Array);
    // Protected headers: the real subject travels inside.
    expect(inner).to.match(/protected-headers="v1"/);
    expect(inner).to.match(/^Subject: \[TLP:AMBER\] .*Bernstein-Geheimnis/m);
    const text = [...inner.matchAll(/Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/g)].map((match) => Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64').toString('utf8')).join('\n');
    expect(text).to.contain('Bernstein-Geheimnis im Rathausnetz');
  });

  it('sends the user without a key a signed link-only notice for AMBER, and GREEN in full, signed', async () => {
    const jena = mailsTo('it@jena.lagebild.test');
    const amber = jena.filter((mail) => mail.subject.startsWith('[TLP:AMBER]'));
    expect(amber).to.have.length(1);
    expect(amber[0]!.raw).to.not.contain('Bernstein');
    expect(amber[0]!.text).to.not.contain('Bernstein');
    expect(amber[0]!.subject).to.contain('Inhalt nur in Lagebild');
    expect(amber[0]!.text).to.match(/https:\/\/lagebild\.test\/warnmeldungen\/[0-9a-f-]{36}/);

    const green = jena.find((mail) => mail.subject.includes('Grüne Meldung für alle'))!;
    const { contentType, parts } = mimeParts(green.raw);
    expect(contentType).to.match(/^multipart\/signed; micalg=pgp-sha\d+; protocol="application\/pgp-signature"/);
    const signed = parts[0]!;
    const signature = await openpgp.readSignature({ armoredSignature: bodyOf(parts[1]!).replace(/\r\n/g, '\n') });
    const verification = await openpgp.verify({ message: await openpgp.createMessage({ binary: new TextEncoder().encode(signed.replace(/\r\n$/, '\r\n')) }), signature, verificationKeys: await openpgp.readKey({ armoredKey: platform.armoredPublicKey }) });
    await verification.signatures[0]!.verified;
    expect(green.text).to.contain('Grüne Meldung für alle');
  });

  it('publishes the platform key (the one that signs notifications and CSAF) in security.txt and for the profile page', async () => {
    const txt = await request(server.url).get('/.well-known/security.txt');
    expect(txt.status).to.equal(200);
    expect(txt.text).to.match(/^Encryption: http:\/\/.*\/\.well-known\/csaf\/openpgp\/[0-9A-F]{40,64}\.asc$/m);
    expect(txt.text).to.match(/^Expires: \d{4}-\d\d-\d\dT/m);
    const key = await request(server.url).get('/api/v1/platform/openpgp-key');
    expect(key.body.armoredPublicKey).to.match(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(txt.text).to.contain(`/.well-known/csaf/openpgp/${key.body.fingerprint as string}.asc`);
    expect((await request(server.url).get(`/.well-known/csaf/openpgp/${key.body.fingerprint as string}.asc`)).status).to.equal(200);
  });
});
