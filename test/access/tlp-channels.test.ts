import { expect } from 'chai';
import { TLP_LEVELS, tlpLabel, type TlpLevel } from '../../server/access/tlp.js';
import { processNotificationBatch } from '../../server/notifications/consumer.js';
import { createLogger } from '../../server/platform/logger.js';
import { createMailer } from '../../server/platform/mail.js';
import { advisoryBody, organizationIds, publishedAdvisory, sharingGroupIds } from '../support/advisories.js';
import { testConfig } from '../support/config.js';
import { startSmtpReceiver, startWebhookReceiver } from '../support/receivers.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { EXPECTED_PUBLISHED, PERSONAS, type Persona } from './tlp-truth-table.js';
import { ORGANIZATION_ADMINS, PERSONA_ACCOUNTS } from './personas.js';

// The truth table's personas on the demo community, as in tlp-matrix.test.ts; each persona's
// organization has a webhook, and every persona asks for e-mail and webhook delivery.
const ACCOUNTS = PERSONA_ACCOUNTS;
const ADMIN_OF = ORGANIZATION_ADMINS;

describe('TLP matrix on the outgoing channels: who gets e-mail and webhook for each label', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const titles = new Map<TlpLevel, string>();

  before(async () => {
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver();
    server = await startTestServer({ env: { SERVER_ROLES: 'web' } });
    const userIds = new Map<Persona, string>();
    for (const [persona, { email }] of Object.entries(ACCOUNTS) as [Persona, { email: string }][]) {
      const session = await loginAs(server.url, email);
      userIds.set(persona, session.userId);
      const prefs = await session.agent.put('/api/v1/me/notification-preferences').set('x-csrf-token', session.csrfToken).send({ channels: ['in_app', 'email', 'webhook'], minSeverity: 'niedrig', onlyAffectsUs: false, digest: 'immediate', language: 'de', quietHours: null });
      expect(prefs.status, JSON.stringify(prefs.body)).to.equal(200);
    }
    const author = await loginAs(server.url, ACCOUNTS.author.email);
    const orgs = await organizationIds(author.agent);
    for (const [org, admin] of Object.entries(ADMIN_OF)) {
      const session = await loginAs(server.url, admin);
      const created = await session.agent.post(`/api/v1/organizations/${orgs.get(org)}/webhooks`).set('x-csrf-token', session.csrfToken).send({ url: `${hooks.url}/${encodeURIComponent(org)}` });
      expect(created.status, org).to.equal(201);
    }
    const groups = await sharingGroupIds(author.agent);
    for (const tlp of TLP_LEVELS) {
      const amber = tlp === 'amber' || tlp === 'amber+strict';
      const title = `Kanalprüfung ${tlpLabel(tlp)} Geheimwort`;
      titles.set(tlp, title);
      const audience = { organizations: amber ? [orgs.get('Landkreis Gotha')] : [], sharingGroups: amber ? [groups.get('Energiesektor Thüringen')] : [], users: tlp === 'red' ? [userIds.get('redRecipient')] : [] };
      await publishedAdvisory(author, advisoryBody({ title: { de: title }, tlp: tlpLabel(tlp), audience, products: [] }));
    }
    const settings = testConfig().settings;
    const result = await processNotificationBatch(server.database.db, { mailer: createMailer(smtp.url, 'lagebild@test', createLogger('silent', false)), baseUrl: 'https://lagebild.test', settings });
    expect(result.failed).to.equal(0);
  });
  after(async () => {
    await server.close();
    await smtp.close();
    await hooks.close();
  });

  for (const persona of PERSONAS.filter((candidate): candidate is Exclude<Persona, 'anonymous'> => candidate !== 'anonymous')) {
    it(`e-mails ${persona} exactly the labels the truth table lets them see; RED (and AMBER without a key) as a link only`, () => {
      const mine = smtp.mails.filter((mail) => mail.to.includes(ACCOUNTS[persona].email));
      for (const tlp of TLP_LEVELS) {
        const label = `[TLP:${tlpLabel(tlp)}]`;
        // RED always, AMBER and AMBER+STRICT without the recipient's OpenPGP key: a link-only notice.
        const linkOnly = tlp === 'red' || tlp === 'amber' || tlp === 'amber+strict';
        const got = mine.filter((mail) => mail.subject.startsWith(label) && (linkOnly ? mail.subject.includes('Inhalt nur in Lagebild') : mail.subject.includes(titles.get(tlp)!)));
        expect(got.length, `${persona} ${tlp}`).to.equal(EXPECTED_PUBLISHED[tlp][persona] ? 1 : 0);
        if (linkOnly) for (const mail of got) {
          expect(mail.text).not.to.include('Geheimwort');
          expect(mail.text).to.match(/https:\/\/lagebild\.test\/warnmeldungen\/[0-9a-f-]{36}/);
        }
      }
    });

    it(`sends ${persona}'s organization a webhook exactly for the labels it may see; RED without content`, () => {
      const path = `/${encodeURIComponent(ACCOUNTS[persona].org)}`;
      const bodies = hooks.requests.filter((request) => request.path === path).map((request) => JSON.parse(request.body) as { advisory: { tlp: string; title?: unknown; contentWithheld?: boolean } });
      for (const tlp of TLP_LEVELS) {
        const got = bodies.filter((body) => body.advisory.tlp === `TLP:${tlpLabel(tlp)}`);
        // Organizations see what any of their members may see: the CERT's author sees RED, so the CERT organization does.
        const orgMembers = (Object.keys(ACCOUNTS) as Exclude<Persona, 'anonymous'>[]).filter((other) => ACCOUNTS[other].org === ACCOUNTS[persona].org);
        const expected = orgMembers.some((member) => EXPECTED_PUBLISHED[tlp][member]);
        expect(got.length, `${persona} ${tlp}`).to.equal(expected ? 1 : 0);
        if (tlp === 'red') for (const body of got) expect(body.advisory).to.include({ contentWithheld: true }).and.not.have.property('title');
      }
    });
  }
});
